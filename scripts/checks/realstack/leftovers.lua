-- After the cleanup recipe in realstack.sh: nothing whose name starts with PREFIX is left.
--   stackrun run scripts/checks/realstack/leftovers.lua PREFIX
local prefix = assert(arg[1], "PREFIX")
local left = {}
local function scan(kind, list)
  for _, resource in ipairs(list) do
    if type(resource.name) == "string" and resource.name:sub(1, #prefix) == prefix then
      left[#left + 1] = kind .. " " .. resource.name
    end
  end
end
scan("server", nova.list())
scan("volume", cinder.list())
scan("image", glance.images.list())
scan("keypair", nova.keypairs.list())
for _, kind in ipairs({"networks", "subnets", "ports", "routers", "security_groups"}) do scan(kind, neutron[kind].list()) end
if #left > 0 then error("left after cleanup: " .. table.concat(left, ", "), 0) end
return "nothing left"
