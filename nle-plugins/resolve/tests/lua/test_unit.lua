-- Pure logic of the Lua shim: JSON, discovery file, response parsing, curl config (the token stays
-- off the command line), the wire against a stand-in server (when STANDIN_PORT is set), and the
-- messages when a Resolve call returns false or nil.
local here = arg[0]:match("^(.*)[/\\]") or "."
package.path = here .. "/?.lua;" .. here .. "/../../lua/?.lua;" .. package.path
local T = require("runner")
local F = require("fake_resolve")
local G = require("gateway_resolve")

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  os.execute('mkdir -p "' .. d .. '"')
  return d
end

local function write(path, text)
  local f = assert(io.open(path, "wb")); f:write(text); f:close()
end

T.test("json round trip with escapes, unicode and nesting", function()
  local doc = G.json.decode('{"a": [1, 2.5, "x\\"y\\u00e9\\ud83c\\udfac"], "b": {"c": true, "d": null}, "e": []}')
  T.eq(2.5, doc.a[2]); T.eq('x"y\195\169\240\159\142\172', doc.a[3]); T.eq(true, doc.b.c); T.eq(nil, doc.b.d)
  T.eq('{"a":[1,2.5,"x\\"y\195\169\240\159\142\172"],"b":{"c":true},"e":[]}', G.json.encode(doc))
  local bad, e = G.json.decode('{"a": }')
  T.eq(nil, bad); T.contains(e, "unexpected character at byte")
end)

T.test("discovery file missing says the agent is not running", function()
  local home = tmpdir()
  local m = T.fails(function() G.read_discovery(home) end)
  T.contains(m, "the gateway agent is not running (start it with ./gateway agent serve)")
  T.contains(m, home .. "/agent.json")
end)

T.test("discovery file bad: not JSON, other version, bad port, no token", function()
  local home = tmpdir()
  write(home .. "/agent.json", "{port: 1")
  T.contains(T.fails(function() G.read_discovery(home) end), "is not JSON")
  write(home .. "/agent.json", '{"version": 2, "port": 1, "token": "t"}')
  T.contains(T.fails(function() G.read_discovery(home) end), "API version 2; these scripts speak version 1")
  write(home .. "/agent.json", '{"version": 1, "port": "47474", "token": "t"}')
  T.contains(T.fails(function() G.read_discovery(home) end), "no valid port")
  write(home .. "/agent.json", '{"version": 1, "port": 47474}')
  T.contains(T.fails(function() G.read_discovery(home) end), "no token")
  write(home .. "/agent.json", '{"version": 1, "port": 47474, "token": "tok", "base_url": "http://evil.example"}')
  local d = G.read_discovery(home)
  T.eq("http://127.0.0.1:47474", d.base_url); T.eq("tok", d.token)
end)

T.test("error answers become one line with reason, message and hint", function()
  T.eq("agent: asset 42 failed: HTTP 404 NOT_FOUND: asset 42 is not in project feature",
    G.error_from_response(404, '{"error": {"reason": "NOT_FOUND", "message": "asset 42 is not in project feature"}}', "asset 42"))
  T.contains(G.error_from_response(401, "", "search"), "refused our token")
  T.contains(G.error_from_response(503, "{}", "search"), "offline")
end)

T.test("raw HTTP answers: content-length, chunked, cut short", function()
  local s, b = G.http.parse_response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
  T.eq(200, s); T.eq("{}", b)
  s, b = G.http.parse_response("HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n5\r\n\": 1}\r\n0\r\n\r\n")
  T.eq(202, s); T.eq('{"a": 1}', b)
  s, b = G.http.parse_response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}")
  T.eq(nil, s); T.contains(b, "cut short")
end)

T.test("curl: the token is in the private config file, never on the command line", function()
  local req = { method = "POST", path = "/v1/local", port = 47474, token = "s3cret-token", body = "{}", timeout_s = 30 }
  local config = G.http.curl_config(req, "/tmp/body", "/tmp/out")
  T.contains(config, 'header = "Authorization: Bearer s3cret-token"')
  T.contains(config, 'data-binary = "@/tmp/body"')
  T.contains(config, 'url = "http://127.0.0.1:47474/v1/local"')
  local command = G.http.curl_command("/tmp/cfg")
  T.eq(nil, command:find("s3cret", 1, true), "token on the command line")
  T.contains(command, 'curl -q -K "/tmp/cfg"')
  -- mkstemp: only the user can read the temp file the config goes to.
  local path = G.private_temp()
  local p = io.popen('stat -c %a "' .. path .. '"'); local mode = p:read("*l"); p:close(); os.remove(path)
  T.eq("600", mode, "mode of " .. path)
end)

T.test("the wire: bearer token, Host, JSON body, error answers (stand-in server)", function()
  local port = tonumber(os.getenv("STANDIN_PORT"))
  if not port then return end -- run by test_lua.py, which starts the stand-in server
  local client = G.client({ base_url = "http://127.0.0.1:" .. port, port = port, token = "s3cret", path = "agent.json" })
  local answer = client.local_({ query = "reel:A001", project = "feature" }, "edit")
  T.eq("j1", answer.job_id)
  local m = T.fails(function() client.conform("/tmp/cut.aaf", "feature", nil, 0) end)
  T.contains(m, "INVALID_ARGUMENT: cut.aaf: unknown format")
  local dead = G.client({ base_url = "http://127.0.0.1:1", port = 1, token = "t", path = "/h/agent.json" })
  T.contains(T.fails(function() dead.status() end), "the gateway agent is not running")
end)

T.test("a 401 while the agent takes our token is its own login ending; else a refused token", function()
  local expired = '{"error": {"reason": "UNAUTHENTICATED", "message": "the session of ana expired: log in again"}}'
  local function scripted(status_answer)
    local seen = {}
    return seen, function(req)
      seen[#seen + 1] = req.path
      if req.path == "/v1/status" then return status_answer, "{}" end
      return 401, expired
    end
  end
  local seen, transport = scripted(200)
  local client = G.client({ base_url = "http://127.0.0.1:5", port = 5, token = "t", path = "agent.json" }, transport)
  local m = T.fails(function() client.local_({ query = "A001", project = "feature" }, "edit") end)
  T.contains(m, "HTTP 401 UNAUTHENTICATED: the session of ana expired: log in again (the agent's login to the"
    .. " gateway has ended: log the agent in again (./gateway agent login --server HOST:PORT --user NAME), then run"
    .. " the script again)")
  T.eq("/v1/local", seen[1]); T.eq("/v1/status", seen[2])
  local _, refused = scripted(401)
  client = G.client({ base_url = "http://127.0.0.1:5", port = 5, token = "t", path = "agent.json" }, refused)
  m = T.fails(function() client.local_({ query = "A001", project = "feature" }, "edit") end)
  T.contains(m, "(the agent refused our token (it was restarted?): run the script again)")
end)

T.test("wait_job: progress lines, failure per asset, time-out", function()
  local lines, now = {}, 0
  local function scripted(jobs) return { job = function() return table.remove(jobs, 1) end } end
  local job = G.wait_job(scripted({ { state = "running", bytes_done = 10, bytes_total = 20 }, { state = "done" } }), "j",
    function(l) lines[#lines + 1] = l end, 60, 0.5, function() return now end, function(s) now = now + s end)
  T.eq("done", job.state); T.eq("  running: 10 B of 20 B", lines[1]); T.eq(1, #lines)
  T.contains(T.fails(function()
    G.wait_job(scripted({ { state = "failed", assets = { { asset_id = "a1", state = "failed",
      error = { reason = "RESOURCE_EXHAUSTED", message = "cache disk full" } } } } }), "j", print, 60)
  end), "a1: RESOURCE_EXHAUSTED: cache disk full")
  T.contains(T.fails(function()
    G.wait_job(scripted({ { state = "failed", assets = { { asset_id = "a1", state = "failed",
      path = "/h/cache/demo/A001C003__ca38b1d4.mov", error = { reason = "IO",
      message = "cannot write to /h/cache/demo/A001C003__ca38b1d4.mov.part: No space left on device" } } } } }), "j", print, 60)
  end), "A001C003__ca38b1d4.mov: IO: cannot write to /h/cache/demo/A001C003__ca38b1d4.mov.part: No space left on"
    .. " device; the agent's cache disk is full: free space there (or start the agent with --max-cache-bytes) and run"
    .. " the script again")
  -- The agent's own words for a full disk (AgentEventsIT): recognised by its reason alone too.
  T.eq(G.download_hint({ reason = "IO", message = "No space left on device" }),
    G.download_hint({ reason = "STORAGE_FULL", message = "the disk is full at /h/cache/demo/A.mov.part" }))
  T.eq(nil, G.download_hint({ reason = "IO", message = "the disk is full at /h/cache/demo/A.mov.part" }))
  T.contains(T.fails(function()
    G.wait_job(scripted({ { state = "failed", assets = { { asset_id = "a1", state = "failed",
      error = { reason = "UNAVAILABLE", message = "the node closed the stream at byte 1048576" } } } } }), "j", print, 60)
  end), "a1: UNAVAILABLE: the node closed the stream at byte 1048576; the gateway went away during the download: run"
    .. " the script again once it is back")
  now = 0
  T.contains(T.fails(function()
    G.wait_job(scripted({ { state = "running" }, { state = "running" }, { state = "running" }, { state = "running" } }),
      "j", function() end, 1, 0.5, function() return now end, function(s) now = now + s end)
  end), "still running after 1 s")
end)

local function import_fixture()
  local dir = tmpdir()
  local media = dir .. "/A001C003__a1.mov"
  write(media, "")
  local r = F.resolve({ timeline_content = "TITLE: x\n" })
  local asset = { asset_id = "a1", path = media, reel = "A001C003", original_name = "A001C003.mov", start_timecode = "01:00:00:00" }
  local function run()
    local project = G.current_project(r)
    return G.import_into_folder(project, "feature", { asset }, function() end)
  end
  return r, run, media
end

T.test("import records folder, ImportMedia, reel and third-party metadata", function()
  local r, run, media = import_fixture()
  local imported, problems = run()
  T.eq(1, #imported); T.eq(0, #problems)
  T.eq("feature", r.rec:named("MediaPool.AddSubFolder")[1][2])
  T.eq("feature", r.rec:named("MediaPool.SetCurrentFolder")[1][1].name)
  T.eq(media, r.rec:named("MediaPool.ImportMedia")[1][1][1])
  local reel = r.rec:named("MediaPoolItem.SetClipProperty")[1]
  T.eq("Reel Name", reel[1]); T.eq("A001C003", reel[2])
  local meta = r.rec:named("MediaPoolItem.SetThirdPartyMetadata")[1][1]
  T.eq("a1", meta["Gateway Asset ID"]); T.eq("A001C003.mov", meta["Gateway Original Name"])
  T.eq("01:00:00:00", meta["Gateway Start TC"])
  run()
  T.eq(1, #r.rec:named("MediaPool.AddSubFolder"), "folder made again")
end)

local function failing(call, value, ...)
  local r, run = import_fixture()
  r.rec:fail(call, value)
  local m = T.fails(function()
    local _, problems = run()
    G.fail("%s", table.concat(problems, "\n"))
  end)
  for _, part in ipairs({ ... }) do T.contains(m, part) end
end

T.test("failure messages name the call, its target and a fix", function()
  failing("ProjectManager.GetCurrentProject", nil,
    "Resolve: GetCurrentProject() on the project manager returned nil; open a project first")
  failing("Project.GetMediaPool", nil, "GetMediaPool() on project 'feature' returned nil")
  failing("MediaPool.AddSubFolder", nil, "AddSubFolder(<Master>, 'feature') on the media pool's root folder returned nil",
    "read-only")
  failing("MediaPool.SetCurrentFolder", false, "SetCurrentFolder(<feature>) on media-pool folder 'feature' returned false")
  failing("MediaPool.ImportMedia", nil, "ImportMedia([1 items]) on media-pool folder 'feature' returned nil")
  failing("MediaPoolItem.SetClipProperty", false,
    "SetClipProperty('Reel Name', 'A001C003') on clip 'A001C003__a1.mov' returned false", "Conform Options")
  failing("MediaPoolItem.SetThirdPartyMetadata", false,
    "SetThirdPartyMetadata({Gateway Asset ID, Gateway Original Name, Gateway Start TC}) on clip 'A001C003__a1.mov' returned false")
end)

T.test("export: OTIO where Resolve has it, FCP 7 XML before 18.5, EDL with its subtype", function()
  local dir = tmpdir()
  local r = F.resolve({ timeline_content = "{}" })
  local path, fmt = G.export_timeline(r, G.current_project(r), dir, nil, "none", "20261201-120000")
  T.eq("otio", fmt); T.eq(dir .. "/Reel 1 v3.20261201-120000.otio", path)
  T.eq(14, r.rec:named("Timeline.Export")[1][2])
  local old = F.resolve({ otio = false, timeline_content = "<xmeml/>" })
  local _, fmt2 = G.export_timeline(old, G.current_project(old), dir, nil, "none", "s")
  T.eq("fcp7xml", fmt2); T.eq(3, old.rec:named("Timeline.Export")[1][2])
  local e = F.resolve({ timeline_content = "TITLE: x\n" })
  G.export_timeline(e, G.current_project(e), dir, "edl", "sdl", "s")
  local args = e.rec:named("Timeline.Export")[1]
  T.eq(2, args[2]); T.eq(22, args[3])
  T.contains(T.fails(function() G.export_timeline(old, G.current_project(old), dir, "otio", "none", "s") end),
    "resolve.EXPORT_OTIO is not defined")
  local refused = F.resolve()
  refused.rec:fail("Timeline.Export", false)
  T.contains(T.fails(function() G.export_timeline(refused, G.current_project(refused), dir, nil, "none", "s") end),
    "on timeline 'Reel 1 v3' returned false; check that " .. dir .. " is writable")
  local none = F.resolve()
  none.rec:fail("Project.GetCurrentTimeline", nil)
  T.contains(T.fails(function() G.export_timeline(none, G.current_project(none), dir, nil, "none", "s") end),
    "GetCurrentTimeline() on project 'feature' returned nil; open the timeline")
end)

T.test("main prints one error line when no agent runs", function()
  local lines = {}
  local rc = G.main(F.resolve(), "import-query", function(l) lines[#lines + 1] = l end, tmpdir())
  T.eq(1, rc); T.eq(1, #lines)
  T.contains(lines[1], "Gateway: error: the gateway agent is not running")
end)

T.test("settings: not JSON, missing query", function()
  local home = tmpdir()
  write(home .. "/resolve.json", "{")
  T.contains(T.fails(function() G.load_settings(home) end), "resolve.json cannot be read")
  local settings = G.load_settings(tmpdir())
  T.contains(T.fails(function() G.selection_for(settings, G.current_project(F.resolve()), "query") end), 'no query: set "query"')
end)

T.run()
