-- The gateway's DaVinci Resolve shim (Lua 5.1 / LuaJIT): the same features as gateway_resolve.py,
-- for the free edition 21.1+, which runs Lua scripts only. See ../README.md.
--
-- Resolve's Lua has no HTTP library. Transport, in order: LuaSocket when `require "socket"` works
-- (a small HTTP/1.1 client below), else the `curl` program with every request detail -- the token
-- included -- in a config file readable by the user only (`curl -q -K FILE`), so the token never
-- appears on a command line other users can read (ps, /proc/*/cmdline).
-- GATEWAY_LUA_HTTP=socket|curl forces one.

local M = {}
M.API_VERSION = 1
M.NOT_RUNNING = "the gateway agent is not running (start it with ./gateway agent serve)"
M.METADATA_ASSET_ID = "Gateway Asset ID"
M.METADATA_ORIGINAL_NAME = "Gateway Original Name"
M.METADATA_START_TC = "Gateway Start TC"

local WINDOWS = package.config:sub(1, 1) == "\\"
local SEP = WINDOWS and "\\" or "/"

-- Errors are tables {gateway = true, message = ...}, raised with error() and caught in main().
local function fail(fmt, ...)
  error({ gateway = true, message = string.format(fmt, ...) }, 0)
end
M.fail = fail

local function join(a, b) return a .. SEP .. b end
M.join = join

-------------------------------------------------------------------------------------------------
-- JSON (enough for the agent's API: objects, arrays, strings, numbers, booleans, null)

local json = {}
M.json = json
json.null = setmetatable({}, { __tostring = function() return "null" end })

local function is_array(t)
  local n = #t
  if n == 0 then return getmetatable(t) == json.array_mt end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end
json.array_mt = {}
function json.array(t) return setmetatable(t or {}, json.array_mt) end

local ESC = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r",
  ["\t"] = "\\t" }

function json.encode(v)
  local kind = type(v)
  if v == nil or v == json.null then return "null" end
  if kind == "boolean" then return tostring(v) end
  if kind == "number" then
    if v ~= v or v == math.huge or v == -math.huge then error("json: cannot encode " .. tostring(v)) end
    if v == math.floor(v) and math.abs(v) < 2 ^ 53 then return string.format("%d", v) end
    return string.format("%.17g", v)
  end
  if kind == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c) return ESC[c] or string.format("\\u%04x", c:byte()) end) .. '"'
  end
  if kind == "table" then
    local parts = {}
    if is_array(v) then
      for i = 1, #v do parts[i] = json.encode(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    for i, k in ipairs(keys) do parts[i] = json.encode(k) .. ":" .. json.encode(v[k]) end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("json: cannot encode a " .. kind)
end

local function utf8_char(cp)
  if cp < 0x80 then return string.char(cp) end
  if cp < 0x800 then return string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40) end
  if cp < 0x10000 then
    return string.char(0xE0 + math.floor(cp / 0x1000), 0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
  return string.char(0xF0 + math.floor(cp / 0x40000), 0x80 + math.floor(cp / 0x1000) % 0x40,
    0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

-- Returns the value, or nil and a message saying where the text stops being JSON.
function json.decode(text)
  local pos = 1
  local function err(what) error({ json = true, message = what .. " at byte " .. pos }, 0) end
  local function ws() pos = text:find("[^ \t\r\n]", pos) or #text + 1 end
  local value
  local function str()
    local out = {}
    pos = pos + 1
    while true do
      local c = text:sub(pos, pos)
      if c == "" then err("unterminated string") end
      if c == '"' then pos = pos + 1; return table.concat(out) end
      if c == "\\" then
        local e = text:sub(pos + 1, pos + 1)
        local simple = ({ b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" })[e]
        if simple then out[#out + 1] = simple; pos = pos + 2
        elseif e == "u" then
          local cp = tonumber(text:sub(pos + 2, pos + 5), 16) or err("bad \\u escape")
          pos = pos + 6
          if cp >= 0xD800 and cp < 0xDC00 and text:sub(pos, pos + 1) == "\\u" then
            local lo = tonumber(text:sub(pos + 2, pos + 5), 16)
            if lo and lo >= 0xDC00 and lo < 0xE000 then
              cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
              pos = pos + 6
            end
          end
          out[#out + 1] = utf8_char(cp)
        else err("bad escape") end
      else
        local stop = text:find('["\\]', pos) or #text + 1
        out[#out + 1] = text:sub(pos, stop - 1)
        pos = stop
      end
    end
  end
  value = function()
    ws()
    local c = text:sub(pos, pos)
    if c == "{" then
      local obj = {}
      pos = pos + 1; ws()
      if text:sub(pos, pos) == "}" then pos = pos + 1; return obj end
      while true do
        ws()
        if text:sub(pos, pos) ~= '"' then err("expected a key") end
        local k = str(); ws()
        if text:sub(pos, pos) ~= ":" then err("expected ':'") end
        pos = pos + 1
        local v = value()
        if v ~= json.null then obj[k] = v end
        ws()
        local d = text:sub(pos, pos); pos = pos + 1
        if d == "}" then return obj end
        if d ~= "," then err("expected ',' or '}'") end
      end
    elseif c == "[" then
      local arr = json.array({})
      pos = pos + 1; ws()
      if text:sub(pos, pos) == "]" then pos = pos + 1; return arr end
      while true do
        arr[#arr + 1] = value(); ws()
        local d = text:sub(pos, pos); pos = pos + 1
        if d == "]" then return arr end
        if d ~= "," then err("expected ',' or ']'") end
      end
    elseif c == '"' then return str()
    elseif text:sub(pos, pos + 3) == "true" then pos = pos + 4; return true
    elseif text:sub(pos, pos + 4) == "false" then pos = pos + 5; return false
    elseif text:sub(pos, pos + 3) == "null" then pos = pos + 4; return json.null
    else
      local num = text:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      if not num or num == "" then err("unexpected character") end
      pos = pos + #num
      return tonumber(num) or err("bad number")
    end
  end
  local ok, result = pcall(function()
    local v = value(); ws()
    if pos <= #text then err("trailing characters") end
    return v
  end)
  if ok then return result end
  if type(result) == "table" and result.json then return nil, result.message end
  error(result, 0)
end

-------------------------------------------------------------------------------------------------
-- Files and the platform

local function read_file(path)
  local f, e = io.open(path, "rb")
  if not f then return nil, e end
  local s = f:read("*a")
  f:close()
  return s
end
M.read_file = read_file

local function write_file(path, content)
  local f, e = io.open(path, "wb")
  if not f then return nil, e end
  f:write(content)
  f:close()
  return true
end

function M.file_exists(path)
  local f = io.open(path, "rb")
  if f then f:close(); return true end
  return false
end

function M.agent_home(getenv)
  getenv = getenv or os.getenv
  local home = getenv("GATEWAY_AGENT_HOME")
  if home and home ~= "" then return home end
  return join(getenv("HOME") or getenv("USERPROFILE") or ".", ".gateway-agent")
end

-- A file only this user can read: mkstemp (mode 600) on POSIX; the per-user %TEMP% on Windows.
function M.private_temp()
  if WINDOWS then
    local dir = os.getenv("TEMP") or os.getenv("TMP") or fail("no TEMP folder for the agent request")
    return string.format("%s\\gateway-%d-%d.tmp", dir, os.time(), math.random(1, 1e9))
  end
  return os.tmpname()
end

function M.make_dirs(dir)
  if dir:find('"', 1, true) then fail("folder %s has a double quote in its name; choose another export_dir", dir) end
  if bmd and bmd.createdir then bmd.createdir(dir) -- Fusion's own, when present
  elseif WINDOWS then os.execute('if not exist "' .. dir .. '" mkdir "' .. dir .. '"')
  else os.execute('mkdir -p "' .. dir .. '"') end
end

function M.sleep(seconds)
  if bmd and bmd.wait then return bmd.wait(seconds) end
  local ok, socket = pcall(require, "socket")
  if ok and socket.sleep then return socket.sleep(seconds) end
  if WINDOWS then os.execute("ping -n " .. (math.ceil(seconds) + 1) .. " 127.0.0.1 > NUL")
  else os.execute("sleep " .. seconds) end
end

-------------------------------------------------------------------------------------------------
-- Finding the agent

function M.read_discovery(home)
  local path = join(home, "agent.json")
  local text, e = read_file(path)
  if not text then
    if M.file_exists(path) then fail("cannot read the agent's discovery file %s (%s); it must be readable by you", path, e) end
    fail("%s: no discovery file at %s", M.NOT_RUNNING, path)
  end
  local doc, jerr = json.decode(text)
  if doc == nil then fail("the agent's discovery file %s is not JSON (%s); restart ./gateway agent serve", path, jerr) end
  if type(doc) ~= "table" or is_array(doc) then
    fail("the agent's discovery file %s is not a JSON object; restart ./gateway agent serve", path)
  end
  if doc.version ~= M.API_VERSION then
    fail("the agent's discovery file %s says API version %s; these scripts speak version %d: install the scripts"
      .. " that came with your agent", path, tostring(doc.version), M.API_VERSION)
  end
  local port, token = doc.port, doc.token
  if type(port) ~= "number" or port ~= math.floor(port) or port <= 0 or port >= 65536 then
    fail("the agent's discovery file %s has no valid port (%s); restart ./gateway agent serve", path, tostring(port))
  end
  if type(token) ~= "string" or token == "" then
    fail("the agent's discovery file %s has no token; restart ./gateway agent serve", path)
  end
  return { base_url = "http://127.0.0.1:" .. port, port = port, token = token, path = path }
end

-------------------------------------------------------------------------------------------------
-- HTTP transports: each returns status, body; or nil, a message when nothing answered.

local http = {}
M.http = http

local function dechunk(body)
  local out, pos = {}, 1
  while true do
    local line_end = body:find("\r\n", pos, true)
    if not line_end then return nil end
    local size = tonumber(body:sub(pos, line_end - 1):match("^%x+"), 16)
    if not size then return nil end
    if size == 0 then return table.concat(out) end
    out[#out + 1] = body:sub(line_end + 2, line_end + 1 + size)
    pos = line_end + 2 + size + 2
  end
end

-- Splits a raw HTTP/1.x response into status, body (de-chunked when needed).
function http.parse_response(raw)
  local head_end = raw:find("\r\n\r\n", 1, true)
  if not head_end then return nil, "the answer has no complete HTTP header" end
  local head, body = raw:sub(1, head_end - 1), raw:sub(head_end + 4)
  local status = tonumber(head:match("^HTTP/1%.%d (%d%d%d)"))
  if not status then return nil, "the answer is not HTTP" end
  local lower = head:lower()
  if lower:find("\r\ntransfer%-encoding:%s*chunked") then
    body = dechunk(body)
    if not body then return nil, "the chunked answer is cut short" end
  else
    local length = tonumber(lower:match("\r\ncontent%-length:%s*(%d+)"))
    if length and #body < length then return nil, "the answer is cut short" end
    if length then body = body:sub(1, length) end
  end
  return status, body
end

function http.request_text(req)
  local lines = {
    string.format("%s %s HTTP/1.1", req.method, req.path),
    "Host: 127.0.0.1:" .. req.port,
    "Authorization: Bearer " .. req.token,
    "Accept: application/json",
    "Connection: close",
  }
  if req.body then
    lines[#lines + 1] = "Content-Type: application/json"
    lines[#lines + 1] = "Content-Length: " .. #req.body
  end
  return table.concat(lines, "\r\n") .. "\r\n\r\n" .. (req.body or "")
end

function http.socket(req)
  local socket = require("socket")
  local tcp = socket.tcp()
  tcp:settimeout(req.timeout_s)
  local ok, e = tcp:connect("127.0.0.1", req.port)
  if not ok then tcp:close(); return nil, tostring(e) end
  local sent, serr = tcp:send(http.request_text(req))
  if not sent then tcp:close(); return nil, "sending failed: " .. tostring(serr) end
  -- The header, then the body by its Content-Length: a server that keeps the connection open
  -- does not hold the script (chunked or close-delimited answers are read to the end).
  local lines = {}
  while true do
    local line, lerr = tcp:receive("*l")
    if not line then
      tcp:close()
      if #lines == 0 then return nil, "no answer: " .. tostring(lerr) end
      return nil, "the answer has no complete HTTP header"
    end
    if line == "" then break end
    lines[#lines + 1] = line
  end
  local head = table.concat(lines, "\r\n")
  local length = tonumber(head:lower():match("\r\ncontent%-length:%s*(%d+)"))
  local body, berr, partial
  if length then body, berr, partial = tcp:receive(length) else body, berr, partial = tcp:receive("*a") end
  tcp:close()
  return http.parse_response(head .. "\r\n\r\n" .. (body or partial or ""))
end

local function curl_quote(s)
  return '"' .. s:gsub('[\\"]', "\\%0"):gsub("\n", "\\n"):gsub("\r", "\\r") .. '"'
end

-- The curl config file: everything, the token included, so the command line is only `curl -q -K FILE`.
function http.curl_config(req, body_file, output_file)
  local lines = {
    "url = " .. curl_quote("http://127.0.0.1:" .. req.port .. req.path),
    "request = " .. curl_quote(req.method),
    "header = " .. curl_quote("Authorization: Bearer " .. req.token),
    "header = " .. curl_quote("Accept: application/json"),
    "output = " .. curl_quote(output_file),
    "write-out = " .. curl_quote("%{http_code}"),
    "noproxy = " .. curl_quote("*"),
    "max-time = " .. tostring(req.timeout_s),
    "silent",
    "show-error",
  }
  if req.body then
    lines[#lines + 1] = "header = " .. curl_quote("Content-Type: application/json")
    lines[#lines + 1] = "data-binary = " .. curl_quote("@" .. body_file)
  end
  return table.concat(lines, "\n") .. "\n"
end

function http.curl_command(config_file)
  return 'curl -q -K "' .. config_file .. '"' .. (WINDOWS and " 2>NUL" or " 2>/dev/null")
end

function http.curl(req)
  local config, body_file, output = M.private_temp(), M.private_temp(), M.private_temp()
  local function clean() os.remove(config); os.remove(body_file); os.remove(output) end
  if req.body and not write_file(body_file, req.body) then clean(); return nil, "cannot write " .. body_file end
  if not write_file(config, http.curl_config(req, body_file, output)) then clean(); return nil, "cannot write " .. config end
  local pipe = io.popen(http.curl_command(config))
  if not pipe then clean(); return nil, "cannot run curl (is it installed and on PATH?)" end
  local code = pipe:read("*a")
  pipe:close()
  local body = read_file(output) or ""
  clean()
  local status = tonumber(code and code:match("%d%d%d"))
  if not status or status == 0 then return nil, "curl could not connect" end
  return status, body
end

function http.choose(getenv)
  local forced = (getenv or os.getenv)("GATEWAY_LUA_HTTP")
  if forced == "curl" then return http.curl, "curl" end
  if forced == "socket" then return http.socket, "socket" end
  if pcall(require, "socket") then return http.socket, "socket" end
  return http.curl, "curl"
end

-------------------------------------------------------------------------------------------------
-- The agent's API v1

local STATUS_HINTS = {
  [401] = "the agent refused our token (it was restarted?): run the script again",
  -- A 401 the agent passes on from the gateway (it takes our token: GET /v1/status answers).
  login = "the agent's login to the gateway has ended: log the agent in again"
    .. " (./gateway agent login --server HOST:PORT --user NAME), then run the script again",
  [503] = "the gateway is unreachable (offline): try again when the connection is back",
  [504] = "the gateway took too long to answer: try again",
}

-- token_accepted: the agent answers GET /v1/status with our token, so a 401 is the gateway refusing
-- the agent's own login.
function M.error_from_response(status, body, what, token_accepted)
  local doc = json.decode(body or "")
  local reason, message
  if type(doc) == "table" and type(doc.error) == "table" then reason, message = doc.error.reason, doc.error.message end
  local text = string.format("agent: %s failed: HTTP %d", what, status)
  if reason then text = text .. " " .. tostring(reason) end
  if message then text = text .. ": " .. tostring(message) end
  local hint = (status == 401 and token_accepted) and STATUS_HINTS.login or STATUS_HINTS[status]
  if hint then text = text .. " (" .. hint .. ")" end
  return text
end

local function urlencode(s)
  return (tostring(s):gsub("[^A-Za-z0-9_.~-]", function(c) return string.format("%%%02X", c:byte()) end))
end
M.urlencode = urlencode

function M.client(discovery, transport, timeout_s)
  local c = { discovery = discovery, transport = transport or http.choose(), timeout_s = timeout_s or 30 }
  function c.call(method, path, body, what)
    what = what or (method .. " " .. path:gsub("%?.*", ""))
    local req = { method = method, path = path, port = discovery.port, token = discovery.token,
      body = body and json.encode(body) or nil, timeout_s = c.timeout_s }
    local status, answer = c.transport(req)
    if not status then
      fail("%s: the agent at %s does not answer (%s); the discovery file %s may be left over",
        M.NOT_RUNNING, discovery.base_url, tostring(answer), discovery.path)
    end
    if status < 200 or status > 299 then
      local accepted = false
      if status == 401 and path ~= "/v1/status" then
        local probe = c.transport({ method = "GET", path = "/v1/status", port = discovery.port,
          token = discovery.token, timeout_s = c.timeout_s })
        accepted = probe ~= nil and probe >= 200 and probe <= 299
      end
      fail("%s", M.error_from_response(status, answer, what, accepted))
    end
    local doc = json.decode(answer)
    if type(doc) ~= "table" or is_array(doc) then
      fail("agent: %s answered with something that is not a JSON object (%d bytes): is another program listening"
        .. " on the agent's port?", what, #answer)
    end
    return doc
  end
  function c.status() return c.call("GET", "/v1/status") end
  function c.search(q, project, limit)
    return c.call("GET", "/v1/search?q=" .. urlencode(q) .. "&project=" .. urlencode(project) .. "&limit="
      .. (limit or 200), nil, "search")
  end
  function c.asset(id) return c.call("GET", "/v1/assets/" .. urlencode(id), nil, "asset " .. id) end
  function c.plan(sel) return c.call("POST", "/v1/plan", sel, "take-away plan") end
  function c.pin(id) return c.call("POST", "/v1/plans/" .. urlencode(id) .. "/pin", {}, "pin plan") end
  function c.local_(sel, profile)
    local body = {}
    for k, v in pairs(sel) do body[k] = v end
    body.profile = profile
    return c.call("POST", "/v1/local", body, "make local")
  end
  function c.job(id) return c.call("GET", "/v1/jobs/" .. urlencode(id), nil, "job " .. id) end
  function c.conform(edit_path, project, rate, handles)
    return c.call("POST", "/v1/conform", { edit_path = edit_path, project = project, rate = rate or json.null,
      handles = handles or 0 }, "conform")
  end
  function c.conform_state(id) return c.call("GET", "/v1/conforms/" .. urlencode(id), nil, "conform " .. id) end
  return c
end

function M.require(doc, key, kind, what)
  local v = type(doc) == "table" and doc[key] or nil
  local ok = type(v) == kind
  if kind == "array" then ok = type(v) == "table" and (is_array(v) or next(v) == nil) end
  if kind == "object" then ok = type(v) == "table" and (not is_array(v) or next(v) == nil) end
  if not ok then
    fail('agent: %s: the answer has no valid "%s" (got %s); agent and scripts disagree on API v1', what, key,
      v == nil and "nothing" or json.encode(v))
  end
  return v
end

function M.format_bytes(n)
  if n == nil then return "?" end
  if n >= 1e9 then return string.format("%.1f GB", n / 1e9) end
  if n >= 1e6 then return string.format("%.1f MB", n / 1e6) end
  if n >= 1e3 then return string.format("%.1f kB", n / 1e3) end
  return string.format("%d B", n)
end

function M.format_seconds(s)
  if s == nil then return "unknown (no transfer measured yet)" end
  s = math.floor(s + 0.5)
  if s >= 3600 then return string.format("%d h %02d min", math.floor(s / 3600), math.floor(s % 3600 / 60)) end
  if s >= 60 then return string.format("%d min %02d s", math.floor(s / 60), s % 60) end
  return string.format("%d s", s)
end

local function error_text(e)
  if type(e) == "table" then return tostring(e.reason or "?") .. ": " .. tostring(e.message or "") end
  return tostring(e)
end

-- What to do about a failed download an editor can fix (disk full, gateway gone); nil otherwise.
function M.download_hint(e)
  if type(e) ~= "table" then return nil end
  local message = tostring(e.message or ""):lower()
  if e.reason == "STORAGE_FULL" or message:find("no space left on device", 1, true)
      or message:find("not enough space on the disk", 1, true) then
    return "the agent's cache disk is full: free space there (or start the agent with --max-cache-bytes)"
      .. " and run the script again"
  end
  if e.reason == "UNAVAILABLE" then
    return "the gateway went away during the download: run the script again once it is back (the download"
      .. " resumes where it stopped)"
  end
  return nil
end

function M.wait_job(client, job_id, out, timeout_s, poll_s, clock, sleep)
  clock, sleep, poll_s = clock or os.time, sleep or M.sleep, poll_s or 0.5
  local deadline = clock() + timeout_s
  local last
  while true do
    local job = client.job(job_id)
    local state = M.require(job, "state", "string", "job " .. job_id)
    local progress = tostring(job.bytes_done) .. "/" .. tostring(job.bytes_total)
    if progress ~= last and (state == "queued" or state == "running") then
      out(string.format("  %s: %s of %s", state, M.format_bytes(job.bytes_done), M.format_bytes(job.bytes_total)))
      last = progress
    end
    if state == "done" then return job end
    if state == "failed" then
      local failures, hint = {}, M.download_hint(job.error)
      for _, a in ipairs(job.assets or {}) do
        if a.state == "failed" or a.error then
          local name = type(a.path) == "string" and a.path:match("[^/\\]+$") or tostring(a.asset_id)
          failures[#failures + 1] = name .. ": " .. error_text(a.error)
          hint = hint or M.download_hint(a.error)
        end
      end
      fail("agent: making the media local failed (job %s): %s%s", job_id,
        #failures > 0 and table.concat(failures, "; ") or error_text(job.error), hint and ("; " .. hint) or "")
    end
    if clock() >= deadline then
      fail("agent: job %s is still %s after %d s; it goes on in the agent: run the script again later to import"
        .. " what has arrived", job_id, state, timeout_s)
    end
    sleep(poll_s)
  end
end

function M.wait_conform(client, conform_id, timeout_s, poll_s, clock, sleep)
  clock, sleep, poll_s = clock or os.time, sleep or M.sleep, poll_s or 0.5
  local deadline = clock() + timeout_s
  while true do
    local c = client.conform_state(conform_id)
    local state = M.require(c, "state", "string", "conform " .. conform_id)
    if state == "done" then return c end
    if state == "failed" then fail("agent: conform %s failed: %s", conform_id, error_text(c.error)) end
    if clock() >= deadline then
      fail("agent: conform %s is still %s after %d s; the node goes on with it", conform_id, state, timeout_s)
    end
    sleep(poll_s)
  end
end

-------------------------------------------------------------------------------------------------
-- Resolve: every call checked

local function shown(v)
  if v == nil then return "nil" end
  return tostring(v)
end

local function arg_text(a)
  if type(a) == "string" then return "'" .. a .. "'" end
  if type(a) == "number" then return tostring(a) end
  if type(a) == "table" and is_array(a) then return "[" .. #a .. " items]" end
  if type(a) == "table" and not a.GetName then
    local keys = {}
    for k in pairs(a) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    return "{" .. table.concat(keys, ", ") .. "}"
  end
  -- A Resolve object (userdata in Resolve, a table in the tests): shown by its name when it has one.
  local ok, name = pcall(function() return a:GetName() end)
  if ok and type(name) == "string" then return "<" .. name .. ">" end
  return "<object>"
end

-- Calls obj:method(...); a False/nil answer, or a method this Resolve lacks, is a failure with a hint.
function M.resolve_call(obj, method, args, target, hint)
  local texts = {}
  for i = 1, args.n or #args do texts[i] = arg_text(args[i]) end
  local call = method .. "(" .. table.concat(texts, ", ") .. ")"
  local ok, fn = pcall(function() return obj[method] end)
  if not ok or fn == nil then
    fail("Resolve: %s is not available on %s in this Resolve version; %s", method, target, hint)
  end
  local value = fn(obj, unpack(args, 1, args.n or #args))
  if value == nil or value == false then
    fail("Resolve: %s on %s returned %s; %s", call, target, shown(value), hint)
  end
  return value
end
local call = M.resolve_call

function M.current_project(resolve)
  if not resolve then fail("Resolve: the resolve object is missing; run the script from Workspace > Scripts inside Resolve") end
  local pm = call(resolve, "GetProjectManager", {}, "Resolve", "restart Resolve")
  return call(pm, "GetCurrentProject", {}, "the project manager", "open a project first")
end

function M.project_name(project)
  return call(project, "GetName", {}, "the current project", "save the project first")
end

function M.media_pool_folder(project, name)
  local pool = call(project, "GetMediaPool", {}, "project '" .. M.project_name(project) .. "'",
    "open the project's media page once, then run the script again")
  local root = call(pool, "GetRootFolder", {}, "the media pool", "open the media pool, then run again")
  local subs = call(root, "GetSubFolderList", {}, "the media pool's root folder", "restart Resolve")
  local folder
  for _, sub in pairs(subs) do
    if sub:GetName() == name then folder = sub; break end
  end
  if not folder then
    folder = call(pool, "AddSubFolder", { root, name }, "the media pool's root folder",
      "check that the project is not read-only (a shared project locked by someone?)")
  end
  call(pool, "SetCurrentFolder", { folder }, "media-pool folder '" .. name .. "'", "select the folder by hand and run again")
  return pool, folder
end

local function norm(p)
  if not p then return p end
  p = p:gsub("[/\\]+", "/")
  if WINDOWS then p = p:lower() end
  return p
end

local function basename(p) return (p:match("([^/\\]+)$") or p) end

function M.clip_metadata(a)
  return { [M.METADATA_ASSET_ID] = a.asset_id, [M.METADATA_ORIGINAL_NAME] = a.original_name or "",
    [M.METADATA_START_TC] = a.start_timecode or "" }
end

function M.import_into_folder(project, folder_name, assets, out)
  local pool, folder = M.media_pool_folder(project, folder_name)
  local paths = json.array({})
  for i, a in ipairs(assets) do paths[i] = a.path end
  local items = call(pool, "ImportMedia", { paths }, "media-pool folder '" .. folder_name .. "'",
    "check that the files exist and that Resolve can read them (" .. table.concat(paths, ", ") .. ")")
  local by_path = {}
  local function index(list)
    for _, item in pairs(list or {}) do
      local p = norm(item:GetClipProperty("File Path"))
      if p and p ~= "" and not by_path[p] then by_path[p] = item end
    end
  end
  index(items)
  index(folder:GetClipList())
  local imported, problems = {}, {}
  for _, a in ipairs(assets) do
    local item = by_path[norm(a.path)]
    if not item then
      problems[#problems + 1] = string.format("Resolve: ImportMedia into '%s' gave no clip for %s; import it by hand"
        .. " (File > Import Media) and run the script again to tag it", folder_name, a.path)
    else
      local clip = "clip '" .. basename(a.path) .. "'"
      local ok, e = pcall(function()
        if a.reel and a.reel ~= "" then
          call(item, "SetClipProperty", { "Reel Name", a.reel }, clip,
            "Resolve may refuse a reel name it is told to take from elsewhere: check Project Settings > General"
            .. " Options > Conform Options ('Assist using reel names from the'), then run again")
        end
        call(item, "SetThirdPartyMetadata", { M.clip_metadata(a) }, clip,
          "third-party metadata needs a Resolve whose scripting API has SetThirdPartyMetadata (19 or later)")
      end)
      if ok then
        imported[#imported + 1] = a
        out(string.format("  %s  reel %s  %s  %s", basename(a.path), a.reel or "-", a.start_timecode or "-", a.asset_id))
      elseif type(e) == "table" and e.gateway then
        problems[#problems + 1] = e.message
      else
        error(e, 0)
      end
    end
  end
  return imported, problems
end

M.EXPORT_FORMATS = { "otio", "fcp7xml", "edl" }
M.EDL_SUBTYPES = { none = "EXPORT_NONE", cdl = "EXPORT_CDL", sdl = "EXPORT_SDL", missing_clips = "EXPORT_MISSING_CLIPS" }
local TYPE_NAMES = { otio = "EXPORT_OTIO", fcp7xml = "EXPORT_FCP_7_XML", edl = "EXPORT_EDL" }
local EXTENSIONS = { otio = ".otio", fcp7xml = ".xml", edl = ".edl" }

local function constant(resolve, name)
  local ok, v = pcall(function() return resolve[name] end)
  if ok then return v end
  return nil
end

function M.export_choice(resolve, wanted, edl_subtype)
  if wanted ~= nil and not TYPE_NAMES[wanted] then
    fail("settings: export_format '%s' is not one of otio, fcp7xml, edl", tostring(wanted))
  end
  local fmt = wanted or (constant(resolve, "EXPORT_OTIO") ~= nil and "otio" or "fcp7xml")
  local kind = constant(resolve, TYPE_NAMES[fmt])
  if kind == nil then
    fail("Resolve: resolve.%s is not defined in this Resolve version; choose another export_format", TYPE_NAMES[fmt])
  end
  local sub
  if fmt == "edl" then
    edl_subtype = edl_subtype or "none"
    if not M.EDL_SUBTYPES[edl_subtype] then
      fail("settings: edl_subtype '%s' is not one of none, cdl, sdl, missing_clips", tostring(edl_subtype))
    end
    sub = constant(resolve, M.EDL_SUBTYPES[edl_subtype])
    if sub == nil then fail("Resolve: resolve.%s is not defined in this Resolve version", M.EDL_SUBTYPES[edl_subtype]) end
  end
  return fmt, kind, sub
end

function M.safe_file_name(name)
  local cleaned = (name or "timeline"):gsub("[^A-Za-z0-9 ._-]", "_"):gsub("^[ .]+", ""):gsub("[ .]+$", "")
  cleaned = cleaned:sub(1, 120)
  return cleaned ~= "" and cleaned or "timeline"
end

function M.export_timeline(resolve, project, export_dir, wanted, edl_subtype, stamp)
  local timeline = call(project, "GetCurrentTimeline", {}, "project '" .. M.project_name(project) .. "'",
    "open the timeline to conform (double-click it in the media pool)")
  local name = call(timeline, "GetName", {}, "the current timeline", "restart Resolve")
  local fmt, kind, sub = M.export_choice(resolve, wanted, edl_subtype)
  M.make_dirs(export_dir)
  local path = join(export_dir, M.safe_file_name(name) .. "." .. stamp .. EXTENSIONS[fmt])
  local args = sub == nil and { path, kind } or { path, kind, sub }
  call(timeline, "Export", args, "timeline '" .. name .. "'",
    "check that " .. export_dir .. " is writable and has free space, or choose another export_format")
  if not M.file_exists(path) then
    fail("Resolve: Export of timeline '%s' reported success but %s does not exist; check the folder's permissions", name, path)
  end
  return path, fmt, name
end

-------------------------------------------------------------------------------------------------
-- Settings and the three commands

function M.load_settings(home)
  local path = join(home, "resolve.json")
  local s = { profile = "edit", edl_subtype = "none", handles = 0, timeout_s = 6 * 3600, pin_plan = true,
    export_dir = join(home, "exports"), _path = path }
  local text = read_file(path)
  if not text then return s end
  local doc, e = json.decode(text)
  if doc == nil then fail("settings file %s cannot be read (%s); fix or delete it", path, e) end
  if type(doc) ~= "table" or is_array(doc) then fail("settings file %s must hold a JSON object", path) end
  for k, v in pairs(doc) do s[k] = v end
  return s
end

local function gateway_project(settings, project)
  if settings.project and settings.project ~= "" then return settings.project end
  return M.project_name(project)
end

function M.selection_for(settings, project, kind)
  local gproject = gateway_project(settings, project)
  if kind == "plan" and settings.timeline_path then
    return { timeline_path = settings.timeline_path, project = gproject, rate = settings.rate }, gproject
  end
  if not settings.query or settings.query == "" then
    fail('no query: set "query" (e.g. "reel:A001C003")%s in %s', kind == "plan" and ' or "timeline_path"' or "",
      settings._path)
  end
  return { query = settings.query, project = gproject }, gproject
end

local function by_order(list)
  local copy = {}
  for i, v in ipairs(list) do copy[i] = v end
  table.sort(copy, function(a, b) return (a.order or 0) < (b.order or 0) end)
  return copy
end

function M.make_local_and_import(resolve, client, settings, selection, gproject, out)
  local project = M.current_project(resolve)
  local answer = client.local_(selection, settings.profile)
  local job_id = M.require(answer, "job_id", "string", "make local")
  local listed = M.require(answer, "assets", "array", "make local")
  if #listed == 0 then
    out("nothing to import: the selection matches no asset in project '" .. gproject .. "'")
    return 0
  end
  out(string.format("making %d asset(s) local (job %s)", #listed, job_id))
  local job = M.wait_job(client, job_id, out, settings.timeout_s)
  local done = {}
  for _, a in ipairs(job.assets or {}) do done[a.asset_id or ""] = a end
  local assets = {}
  for _, entry in ipairs(by_order(listed)) do
    local id = M.require(entry, "asset_id", "string", "make local")
    local info = client.asset(id)
    assets[#assets + 1] = { asset_id = id, path = (done[id] and done[id].path) or entry.path, reel = info.reel,
      original_name = info.original_name, start_timecode = info.start_timecode }
  end
  out("importing into media-pool folder '" .. gproject .. "'")
  local imported, problems = M.import_into_folder(project, gproject, assets, out)
  out(string.format("imported and tagged %d of %d clip(s)", #imported, #assets))
  if #problems > 0 then fail("%d clip(s) need attention:\n  %s", #problems, table.concat(problems, "\n  ")) end
  return #imported
end

function M.run_import_query(resolve, client, settings, out)
  local project = M.current_project(resolve)
  local selection, gproject = M.selection_for(settings, project, "query")
  out(string.format("gateway: query '%s' in project '%s'", selection.query, gproject))
  return M.make_local_and_import(resolve, client, settings, selection, gproject, out)
end

function M.run_import_plan(resolve, client, settings, out)
  local project = M.current_project(resolve)
  local selection, gproject = M.selection_for(settings, project, "plan")
  local plan = client.plan(selection)
  local plan_id = M.require(plan, "plan_id", "string", "take-away plan")
  local assets = M.require(plan, "assets", "array", "take-away plan")
  local totals = M.require(plan, "totals", "object", "take-away plan")[settings.profile] or {}
  out(string.format("take-away plan %s: %d asset(s), %s (%s cached), %s to fetch, about %s", plan_id, #assets,
    M.format_bytes(totals.bytes), M.format_bytes(totals.cached_bytes), M.format_bytes(totals.to_fetch_bytes),
    M.format_seconds(totals.seconds)))
  if settings.pin_plan then
    client.pin(plan_id)
    out("plan pinned: its files stay in the cache")
  end
  local ids = json.array({})
  for _, a in ipairs(by_order(assets)) do ids[#ids + 1] = M.require(a, "asset_id", "string", "take-away plan") end
  if #ids == 0 then out("nothing to import: the plan has no asset"); return 0 end
  return M.make_local_and_import(resolve, client, settings, { asset_ids = ids }, gproject, out)
end

function M.run_send_to_conform(resolve, client, settings, out, stamp)
  local project = M.current_project(resolve)
  local gproject = gateway_project(settings, project)
  local path, fmt, name = M.export_timeline(resolve, project, settings.export_dir, settings.export_format,
    settings.edl_subtype, stamp or os.date("%Y%m%d-%H%M%S"))
  out(string.format("exported timeline '%s' as %s: %s", name, fmt, path))
  local answer = client.conform(path, gproject, settings.rate, tonumber(settings.handles) or 0)
  local conform_id = M.require(answer, "conform_id", "string", "conform")
  out(string.format("conforming in project '%s' (conform %s)", gproject, conform_id))
  local done = M.wait_conform(client, conform_id, settings.timeout_s)
  local t = done.totals or {}
  out(string.format("conform: %s event(s), %s matched, %s unmatched, %s ambiguous", tostring(t.events or "?"),
    tostring(t.matched or "?"), tostring(t.unmatched or "?"), tostring(t.ambiguous or "?")))
  out("report: " .. tostring(done.report_html))
  return done
end

M.COMMANDS = { ["import-query"] = M.run_import_query, ["import-plan"] = M.run_import_plan,
  ["send-to-conform"] = M.run_send_to_conform }

-- What a menu script runs: prints to Resolve's console; returns 0 on success, 1 on failure.
function M.main(resolve, command, out, home, transport)
  out = out or print
  local ok, e = pcall(function()
    home = home or M.agent_home()
    local settings = M.load_settings(home)
    local client = M.client(M.read_discovery(home), transport)
    M.COMMANDS[command](resolve, client, settings, out)
  end)
  if ok then return 0 end
  if type(e) == "table" and e.gateway then
    out("Gateway: error: " .. e.message)
    return 1
  end
  out("Gateway: internal error: " .. tostring(e))
  return 1
end

return M
