-- Each service's error format reaches the script as an error table that says what happened.
local expect = require "expect"
local fake = "00000000-0000-0000-0000-000000000000"

local cases = {
  {"nova", function() return openstack.request{service = "compute", path = "/servers/" .. fake} end, "could not be found"},
  {"cinder", function() return openstack.request{service = "volume", path = "/volumes/" .. fake} end, "could not be found"},
  {"neutron", function() return openstack.request{service = "network", path = "/networks/" .. fake} end, "could not be found"},
  {"glance", function() return openstack.request{service = "image", path = "/images/" .. fake} end, fake},
  {"keystone", function() return openstack.request{service = "identity", path = "/users/" .. fake} end, "Could not find user"},
}
for _, case in ipairs(cases) do
  local service, call, text = case[1], case[2], case[3]
  local e = expect.fails({service = service, status = 404, method = "GET", kind = "http"}, call)
  expect.truthy(e.message:find(text, 1, true), service .. " message: " .. e.message)
  expect.truthy(e.request_id, service .. " request id")
  expect.truthy(e.url:find(fake, 1, true), service .. " url")
  expect.truthy(err.not_found(e), service .. " err.not_found")
  expect.truthy(tostring(e):find("errors.lua:", 1, true), service .. " tostring names the script line: " .. tostring(e))
end

-- The escape hatch: any call, with the session's token, endpoint and microversion.
local limits = openstack.request{service = "compute", path = "/limits", microversion = "2.57"}
expect.eq(limits.status, 200, "status")
expect.truthy(limits.json.limits.absolute, "decoded JSON")
expect.eq(limits.headers["openstack-api-version"], "compute 2.57", "the microversion asked for")
return "ok"
