-- GET `url` `count` times, `concurrency` at a time (1: one after another). Returns how many
-- answers were not 200, so that a benchmark of failures cannot pass for a fast one.
-- stackrun run requests.lua URL COUNT CONCURRENCY
local url, count, concurrency = arg[1], tonumber(arg[2]), tonumber(arg[3])
local failures = 0

local function get()
  if http.request{url = url}.status ~= 200 then failures = failures + 1 end
end

if concurrency <= 1 then
  for _ = 1, count do get() end
else
  local list = {}
  for i = 1, count do list[i] = i end
  parallel.map(list, get, {limit = concurrency})
end
return failures
