-- DaVinci Resolve menu script (Workspace > Scripts > Gateway Import Plan): see nle-plugins/resolve/README.md.
-- Any edition that runs Lua scripts (the free edition 21.1+ runs only these).
local function library_dirs()
  local home = os.getenv("GATEWAY_AGENT_HOME")
  if not home or home == "" then
    home = (os.getenv("HOME") or os.getenv("USERPROFILE") or ".") .. "/.gateway-agent"
  end
  local dirs = {}
  if os.getenv("GATEWAY_RESOLVE_LIB") then dirs[#dirs + 1] = os.getenv("GATEWAY_RESOLVE_LIB") end
  dirs[#dirs + 1] = home .. "/resolve"
  local source = debug.getinfo(1, "S").source
  if source:sub(1, 1) == "@" then dirs[#dirs + 1] = source:sub(2):match("^(.*)[/\\]") end
  return dirs
end

local gateway
for _, dir in ipairs(library_dirs()) do
  local f = io.open(dir .. "/gateway_resolve.lua", "r")
  if f then
    f:close()
    gateway = dofile(dir .. "/gateway_resolve.lua")
    break
  end
end
if not gateway then
  print("Gateway: error: gateway_resolve.lua not found in " .. table.concat(library_dirs(), ", ")
    .. "; copy it there (README: install)")
else
  local resolve = (type(Resolve) == "function" and Resolve()) or (bmd and bmd.scriptapp and bmd.scriptapp("Resolve"))
  gateway.main(resolve, "import-plan")
end
