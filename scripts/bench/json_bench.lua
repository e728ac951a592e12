-- JSON decode (text -> Lua tables) and encode (Lua tables -> text) timings, run by json.sh.
-- The body comes in as the chunk's first argument's file... stackrun scripts have no io, so
-- json.sh generates a copy of this script with the body in BODY below.
local BODY = [==[@BODY@]==]
local decode, encode = DECODE, ENCODE
local runs = 60

local function median_ms(samples)
  table.sort(samples)
  return samples[#samples // 2 + 1] * 1000
end

for _ = 1, 5 do encode(decode(BODY)) end -- warm up
local decodes, encodes = {}, {}
local value
for i = 1, runs do
  local started = os.clock()
  value = decode(BODY)
  decodes[i] = os.clock() - started
  started = os.clock()
  encode(value)
  encodes[i] = os.clock() - started
end
local result = string.format('{"bytes": %d, "servers": %d, "decode_ms": %.3f, "encode_ms": %.3f, "integer_stays_integer": %s}',
  #BODY, #value.servers, median_ms(decodes), median_ms(encodes), tostring(math.type(value.servers[1].progress) == "integer"))
-- json.sh makes the call below print for lua5.4, and tostring for stackrun (whose print writes a
-- log record on stderr): it runs stackrun with --output text, which prints the returned string.
return EMIT(result)
