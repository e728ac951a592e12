-- Run by scripts/checks/leaks.sh under valgrind with --memory-limit 64M: the limit bites inside
-- a Swift function (json.decode building tables, within the overdraft such a call is allowed),
-- the error is caught and what was held let go; then a loop goes past the limit again and the
-- run is stopped (exit 6). valgrind reports any invalid access on the way, and any memory the
-- refused allocations or the stop left behind.
local hold = {}
for i = 1, 40 do hold[i] = string.rep("h", 1024 * 1024) .. i end
-- 40 MB held, and 1.6 MB of text whose tables take about 25 MB.
local text = "[" .. string.rep("[1,2,3],", 200000) .. "1]"
local ok, err = pcall(json.decode, text)
assert(not ok and tostring(err):find("not enough memory"), tostring(err))
log.info("json.decode refused: " .. tostring(err))
hold, text = nil, nil
local t = {}
for i = 1, 1e9 do t[i] = {i} end
