-- The Lua shim against the real node and agent that test_lua.py started (tests/harness.py), Resolve
-- replaced by the recording fake. Environment: GATEWAY_AGENT_HOME, E2E_PROJECT, E2E_EDL, E2E_DIR.
local here = arg[0]:match("^(.*)[/\\]") or "."
package.path = here .. "/?.lua;" .. here .. "/../../lua/?.lua;" .. package.path
local T = require("runner")
local F = require("fake_resolve")
local G = require("gateway_resolve")

local home, project = os.getenv("GATEWAY_AGENT_HOME"), os.getenv("E2E_PROJECT")
local edl_path, dir = os.getenv("E2E_EDL"), os.getenv("E2E_DIR")
local function read(p) local f = assert(io.open(p, "rb")); local s = f:read("*a"); f:close(); return s end

local function setup()
  local client = G.client(G.read_discovery(home))
  local settings = G.load_settings(home)
  settings.project, settings.timeout_s = project, 300
  return client, settings, {}
end

local function assert_a001_imported(r, client)
  T.eq(project, r.rec:named("MediaPool.AddSubFolder")[1][2])
  T.eq(project, r.rec:named("MediaPool.SetCurrentFolder")[1][1].name)
  local imports = r.rec:named("MediaPool.ImportMedia")
  T.eq(1, #imports); T.eq(1, #imports[1][1])
  local path = imports[1][1][1]
  T.eq(home .. "/cache", path:sub(1, #home + 6))
  T.truthy(G.file_exists(path), path)
  local reel = r.rec:named("MediaPoolItem.SetClipProperty")
  T.eq(1, #reel); T.eq("Reel Name", reel[1][1]); T.eq("A001C003", reel[1][2])
  local meta = r.rec:named("MediaPoolItem.SetThirdPartyMetadata")[1][1]
  T.eq(client.search("A001C003", project).hits[1].asset_id, meta["Gateway Asset ID"])
  T.eq("A001C003.mov", meta["Gateway Original Name"]); T.eq("01:00:00:00", meta["Gateway Start TC"])
end

T.test("import a query", function()
  local client, settings, lines = setup()
  local r = F.resolve({ project_name = "Resolve project" })
  settings.query = "A001C003"
  T.eq(1, G.run_import_query(r, client, settings, function(l) lines[#lines + 1] = l end))
  assert_a001_imported(r, client)
end)

T.test("import the take-away plan of a timeline", function()
  local client, settings, lines = setup()
  local r = F.resolve()
  settings.timeline_path, settings.rate = edl_path, "25"
  T.eq(1, G.run_import_plan(r, client, settings, function(l) lines[#lines + 1] = l end))
  T.contains(table.concat(lines, "\n"), "take-away plan ")
  assert_a001_imported(r, client)
end)

T.test("send the timeline to conform", function()
  local client, settings, lines = setup()
  local r = F.resolve({ timeline_content = read(edl_path) })
  settings.export_format, settings.edl_subtype, settings.rate = "edl", "none", "25"
  settings.export_dir = dir .. "/lua-exports"
  local done = G.run_send_to_conform(r, client, settings, function(l) lines[#lines + 1] = l end, "t1")
  local export = r.rec:named("Timeline.Export")[1]
  T.eq(r.EXPORT_EDL, export[2]); T.eq(r.EXPORT_NONE, export[3])
  T.eq(1, done.totals.events); T.eq(1, done.totals.matched); T.eq(0, done.totals.unmatched)
  T.eq(export[1] .. ".conform-report.html", done.report_html)
  T.truthy(G.file_exists(done.report_html), done.report_html)
  T.eq("report: " .. done.report_html, lines[#lines])
end)

T.test("a refused import is reported", function()
  local r = F.resolve()
  r.rec:fail("MediaPool.ImportMedia", nil)
  local f = assert(io.open(home .. "/resolve.json", "wb"))
  f:write('{"project": "' .. project .. '", "query": "A001C003"}'); f:close()
  local lines = {}
  local rc = G.main(r, "import-query", function(l) lines[#lines + 1] = l end, home)
  os.remove(home .. "/resolve.json")
  T.eq(1, rc)
  T.contains(lines[#lines], "Gateway: error: Resolve: ImportMedia([1 items]) on media-pool folder '" .. project .. "' returned nil")
end)

T.test("every refused call is reported by the script (SetClipProperty, SetThirdPartyMetadata, Export)", function()
  local export_dir = dir .. "/refused-exports-lua"
  local cases = {
    { "MediaPoolItem.SetClipProperty", "import-query",
      "Resolve: SetClipProperty('Reel Name', 'A001C003') on clip 'A001C003__" },
    { "MediaPoolItem.SetThirdPartyMetadata", "import-query",
      "Resolve: SetThirdPartyMetadata({Gateway Asset ID, Gateway Original Name, Gateway Start TC}) on clip 'A001C003__" },
    { "Timeline.Export", "send-to-conform", "Gateway: error: Resolve: Export('" .. export_dir .. "/" },
  }
  for _, c in ipairs(cases) do
    local api, command, expected = c[1], c[2], c[3]
    local r = F.resolve({ timeline_content = read(edl_path) })
    r.rec:fail(api, false)
    local f = assert(io.open(home .. "/resolve.json", "wb"))
    f:write('{"project": "' .. project .. '", "query": "A001C003", "export_format": "edl", "edl_subtype": "none",'
      .. ' "rate": "25", "export_dir": "' .. export_dir .. '"}'); f:close()
    local lines = {}
    local rc = G.main(r, command, function(l) lines[#lines + 1] = l end, home)
    os.remove(home .. "/resolve.json")
    T.eq(1, rc, api)
    local said = table.concat(lines, "\n")
    T.contains(said, "Gateway: error: ")
    T.contains(said, expected)
    T.contains(said, " returned false")
    T.eq(1, #r.rec:named(api), api .. " called once")
  end
end)

T.run()
