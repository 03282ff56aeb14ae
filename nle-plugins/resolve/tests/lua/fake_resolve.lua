-- A recording fake of Resolve's scripting object model for the Lua shim (the twin of fake_resolve.py).
-- Every call is recorded as {call = "MediaPool.ImportMedia", args = {...}}; rec:fail(call, value) makes
-- that call return value (nil or false), the way Resolve signals failure.
local F = {}

local Recorder = {}
Recorder.__index = Recorder
function F.recorder() return setmetatable({ calls = {}, failures = {} }, Recorder) end
function Recorder:fail(call, value) self.failures[call] = { value = value } end
function Recorder:named(call)
  local out = {}
  for _, c in ipairs(self.calls) do if c.call == call then out[#out + 1] = c.args end end
  return out
end

local function object(rec, kind, fields)
  fields = fields or {}
  fields._rec = rec
  fields._kind = kind
  return fields
end

local function record(self, method, args, work)
  local call = self._kind .. "." .. method
  self._rec.calls[#self._rec.calls + 1] = { call = call, args = args }
  local f = self._rec.failures[call]
  if f then return f.value end
  return work()
end

local function file_exists(p)
  local f = io.open(p, "rb")
  if f then f:close(); return true end
  return false
end

local function item(rec, path)
  local o = object(rec, "MediaPoolItem", { properties = { ["File Path"] = path, ["Clip Name"] = path:match("([^/]+)$") },
    third_party = {} })
  function o:GetName() return self.properties["Clip Name"] end
  function o:GetClipProperty(name) if name then return self.properties[name] end return self.properties end
  function o:SetClipProperty(name, value)
    return record(self, "SetClipProperty", { name, value }, function() self.properties[name] = value; return true end)
  end
  function o:SetThirdPartyMetadata(a, b)
    return record(self, "SetThirdPartyMetadata", { a, b }, function()
      if type(a) == "table" then for k, v in pairs(a) do self.third_party[k] = v end else self.third_party[a] = b end
      return true
    end)
  end
  return o
end

local function folder(rec, name)
  local o = object(rec, "Folder", { name = name, subfolders = {}, clips = {} })
  function o:GetName() return record(self, "GetName", {}, function() return self.name end) end
  function o:GetSubFolderList()
    return record(self, "GetSubFolderList", {}, function() local c = {} for i, v in ipairs(self.subfolders) do c[i] = v end return c end)
  end
  function o:GetClipList()
    return record(self, "GetClipList", {}, function() local c = {} for i, v in ipairs(self.clips) do c[i] = v end return c end)
  end
  return o
end

local function media_pool(rec)
  local o = object(rec, "MediaPool")
  o.root = folder(rec, "Master")
  o.current = o.root
  function o:GetRootFolder() return record(self, "GetRootFolder", {}, function() return self.root end) end
  function o:AddSubFolder(parent, name)
    return record(self, "AddSubFolder", { parent, name }, function()
      local f = folder(rec, name)
      parent.subfolders[#parent.subfolders + 1] = f
      return f
    end)
  end
  function o:SetCurrentFolder(f)
    return record(self, "SetCurrentFolder", { f }, function() self.current = f; return true end)
  end
  function o:GetCurrentFolder() return record(self, "GetCurrentFolder", {}, function() return self.current end) end
  function o:ImportMedia(paths)
    local copy = {}
    for i, p in ipairs(paths) do copy[i] = p end
    return record(self, "ImportMedia", { copy }, function()
      local items = {}
      for _, p in ipairs(paths) do
        if file_exists(p) then
          local it = item(rec, p)
          items[#items + 1] = it
          self.current.clips[#self.current.clips + 1] = it
        end
      end
      return items
    end)
  end
  return o
end

local function timeline(rec, name, content)
  local o = object(rec, "Timeline", { name = name, content = content })
  function o:GetName() return record(self, "GetName", {}, function() return self.name end) end
  function o:Export(path, kind, subtype)
    return record(self, "Export", { path, kind, subtype }, function()
      local f = assert(io.open(path, "wb"))
      f:write(self.content)
      f:close()
      return true
    end)
  end
  return o
end

-- opts: project_name, timeline_name, timeline_content, otio (false: a Resolve before 18.5)
function F.resolve(opts)
  opts = opts or {}
  local rec = F.recorder()
  local project = object(rec, "Project", { name = opts.project_name or "feature" })
  project.pool = media_pool(rec)
  project.timeline = timeline(rec, opts.timeline_name or "Reel 1 v3", opts.timeline_content or "")
  function project:GetName() return record(self, "GetName", {}, function() return self.name end) end
  function project:GetMediaPool() return record(self, "GetMediaPool", {}, function() return self.pool end) end
  function project:GetCurrentTimeline() return record(self, "GetCurrentTimeline", {}, function() return self.timeline end) end
  local manager = object(rec, "ProjectManager")
  function manager:GetCurrentProject() return record(self, "GetCurrentProject", {}, function() return project end) end
  local r = object(rec, "Resolve", { EXPORT_AAF = 0, EXPORT_DRT = 1, EXPORT_EDL = 2, EXPORT_FCP_7_XML = 3,
    EXPORT_NONE = 20, EXPORT_CDL = 21, EXPORT_SDL = 22, EXPORT_MISSING_CLIPS = 23 })
  if opts.otio ~= false then r.EXPORT_OTIO = 14 end
  r.rec, r.project = rec, project
  function r:GetProjectManager() return record(self, "GetProjectManager", {}, function() return manager end) end
  return r
end

return F
