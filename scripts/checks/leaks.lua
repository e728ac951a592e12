-- Exercised under valgrind by scripts/checks/leaks.sh: every kind of failing call from Lua into
-- Swift, many times, caught by pcall. A binding that raised by longjmp over Swift frames would
-- leak the objects those frames held; valgrind then reports them as definitely lost.
local failures = 0
local function expect_failure(...)
  local ok = pcall(...)
  if not ok then failures = failures + 1 end
end
local cyclic = {}
cyclic.self = cyclic
for i = 1, 1000 do
  expect_failure(json.decode, nil)                     -- argument type error
  expect_failure(json.decode, '{"servers": [1, 2,')    -- decoding error with a message built in Swift
  expect_failure(json.encode, cyclic)                  -- conversion error deep in a table walk
  expect_failure(json.encode, {s = "\xff"})            -- encoding error
  expect_failure(sleep, -1)                            -- argument range error
  expect_failure(http.request, {url = "ftp://x", bogus = 1}) -- option validation error
  expect_failure(http.request, {url = "http://127.0.0.1:9/"}) -- refused: no net permission
  expect_failure(fs.read, "/proc/self/environ")         -- refused whatever is granted
  expect_failure(os.getenv, "HOME")                     -- refused: no env permission
  expect_failure(exec, {"true"})                        -- refused: no exec permission
end
-- Failing tasks, waited for and cancelled: errors cross the scheduler too.
for i = 1, 50 do
  expect_failure(parallel, function() sleep(0.001); error("child failed") end, function() sleep(10) end)
  local t = spawn(function() sleep(10) end)
  t:cancel()
  expect_failure(t.wait, t)
end
assert(failures == 10000 + 100, "unexpected count " .. failures)
return failures
