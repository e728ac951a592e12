-- `retry(options, fn, ...)`, written in Lua and run with the prelude (it uses its locals):
-- the retries of the OpenStack calls, as a tool for anything else a script does.

-- retry(options, fn, ...): calls fn(...) until it returns without raising, at most
-- options.attempts times (3), and returns what it returns. Between attempts it sleeps a delay
-- drawn from the whole backoff window ("full jitter"): delay (1 s), times backoff (2) per
-- attempt, up to max_delay (30 s). options.on(err) decides whether an error is worth another
-- attempt; without it every error is, except invalid arguments and those that say a create or
-- action may already have happened. A cancellation is never retried.
-- Without `on`: every error but a wrong argument, and but one that says a create or action
-- may have happened (outcome_unknown, or a timeout of a request that changes something):
-- calling again would do it twice.
local function retry_by_default(err, kind)
  if kind == "invalid_argument" or kind == "outcome_unknown" then return false end
  if kind == "timeout" and type(err) == "table" and err.method ~= nil then
    return err.method == "GET" or err.method == "HEAD" or err.method == "PUT" or err.method == "DELETE"
  end
  return true
end

function retry(options, fn, ...)
  local function bad(message) error(host.bad_argument("retry", "bad argument #" .. message), 0) end
  if type(options) ~= "table" then bad("1 to 'retry' (table expected, got " .. type(options) .. ")") end
  if type(fn) ~= "function" then bad("2 to 'retry' (function expected, got " .. type(fn) .. ")") end
  local attempts = options.attempts or 3
  local delay, backoff, max_delay, on = options.delay or 1, options.backoff or 2, options.max_delay or 30, options.on
  if math.type(attempts) ~= "integer" or attempts < 1 then bad("1 to 'retry' (attempts must be a positive integer)") end
  for _, field in ipairs({"delay", "backoff", "max_delay"}) do
    local value = options[field]
    if value ~= nil and (type(value) ~= "number" or value < 0) then bad("1 to 'retry' (" .. field .. " must be a number, 0 or more)") end
  end
  if on ~= nil and type(on) ~= "function" then bad("1 to 'retry' (on must be a function)") end
  for attempt = 1, attempts do
    local r = pack(pcall(fn, ...))
    if r[1] then return unpack(r, 2, r.n) end
    local err = r[2]
    local kind = type(err) == "table" and err.kind or nil
    local worth = attempt < attempts and not (type(err) == "table" and err.cancelled)
    if worth then
      if on then worth = on(err) and true or false else worth = retry_by_default(err, kind) end
    end
    if not worth then error(err, 0) end
    local window = math.min(max_delay, delay * backoff ^ (attempt - 1))
    log.info("retrying", {attempt = attempt + 1, attempts = attempts, error = type(err) == "table" and (err.message or kind) or tostring(err)})
    sleep(math.random() * window)
  end
end
