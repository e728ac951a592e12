-- Streams one large body: "upload" PUTs FILE to URL, "download" GETs URL into FILE.
-- Returns the byte count the server reported (upload) or received (download).
-- stackrun run transfer.lua upload|download URL FILE
local direction, url, file = arg[1], arg[2], arg[3]
if direction == "upload" then
  local response = http.request{method = "PUT", url = url, file = file}
  assert(response.status == 200, "upload answered " .. response.status)
  return response.json.size
end
local response = http.request{url = url, output = file}
assert(response.status == 200, "download answered " .. response.status)
return response.size
