-- A minimal test runner for lua5.1: T.test(name, fn), assertions, and a closing
-- "N passed, N failed" line; exits 1 when any failed.
local T = { tests = {} }

function T.test(name, fn) T.tests[#T.tests + 1] = { name = name, fn = fn } end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

function T.eq(expected, actual, what)
  if expected ~= actual then
    error((what and what .. ": " or "") .. "expected " .. show(expected) .. ", got " .. show(actual), 2)
  end
end

function T.contains(haystack, needle)
  if type(haystack) ~= "string" or not haystack:find(needle, 1, true) then
    error("expected " .. show(haystack) .. " to contain " .. show(needle), 2)
  end
end

function T.truthy(v, what) if not v then error((what or "value") .. " is " .. show(v), 2) end end

-- Runs fn, which must raise a gateway error; returns its message.
function T.fails(fn)
  local ok, e = pcall(fn)
  if ok then error("expected a failure, got none", 2) end
  if type(e) ~= "table" or not e.gateway then error("expected a gateway error, got " .. show(e), 2) end
  return e.message
end

function T.run()
  local passed, failed = 0, 0
  for _, t in ipairs(T.tests) do
    local ok, e = xpcall(t.fn, debug.traceback)
    if ok then passed = passed + 1; print("ok   " .. t.name)
    else failed = failed + 1; print("FAIL " .. t.name .. "\n     " .. tostring(type(e) == "table" and e.message or e)) end
  end
  print(string.format("lua: %d passed, %d failed", passed, failed))
  os.exit(failed == 0 and 0 or 1)
end

return T
