-- Assertions for the service test scripts: each failure says what was expected and what came.
local expect = {}

local function show(value)
  if type(value) == "table" then
    local ok, text = pcall(json.encode, value)
    return ok and text or tostring(value)
  end
  return string.format("%q", value)
end

function expect.eq(actual, wanted, what)
  if actual ~= wanted then
    error(string.format("%s: expected %s, got %s", what or "value", show(wanted), show(actual)), 2)
  end
end

function expect.truthy(value, what)
  if not value then error((what or "value") .. ": expected a true value, got " .. show(value), 2) end
  return value
end

-- Calls fn(...) and expects it to raise; returns the error. `fields` are checked on error tables
-- (a string value is matched as a plain substring of the field).
function expect.fails(fields, fn, ...)
  local ok, e = pcall(fn, ...)
  if ok then error("expected an error, but the call succeeded", 2) end
  for key, wanted in pairs(fields or {}) do
    local got = type(e) == "table" and e[key] or nil
    if type(wanted) == "string" and type(got) == "string" then
      if not got:find(wanted, 1, true) then
        error(string.format("error.%s: expected it to contain %q, got %q (%s)", key, wanted, got, tostring(e)), 2)
      end
    elseif got ~= wanted then
      error(string.format("error.%s: expected %s, got %s (%s)", key, show(wanted), show(got), tostring(e)), 2)
    end
  end
  return e
end

-- A name unique to this run, so scripts can run against a shared cloud.
function expect.name(base)
  return string.format("srtest-%s-%d-%d", base, os.time(), math.random(100000))
end

return expect
