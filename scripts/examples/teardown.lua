-- teardown.lua: removes what provision.lua built, in reverse order. Safe to run again.
--   stackrun run scripts/examples/teardown.lua [PREFIX]
local prefix = arg[1] or "web"
local removed = {}
local function note(kind, changed) if changed then removed[#removed + 1] = kind end end

-- Servers first (with their floating IP and volumes), in parallel.
parallel.map({1, 2, 3}, function(i)
  local name = string.format("%s-%d", prefix, i)
  local server = nova.find(name)
  if server then
    for _, port in ipairs(neutron.ports.list{device_id = server.id}) do
      for _, fip in ipairs(neutron.floating_ips.list{port_id = port.id}) do
        neutron.floating_ips.delete(fip.id)
        note("floating ip", true)
      end
    end
    local volume = cinder.find(name .. "-data")
    if volume and volume.status == "in-use" then nova.detach_volume(server, volume, {wait = true}) end
    nova.delete(server, {wait = true})
    note("server " .. name, true)
  end
  local _, gone = cinder.absent(name .. "-data", {wait = true})
  note("volume " .. name .. "-data", gone)
end)

local _, key_gone = nova.keypairs.absent(prefix .. "-key")
note("keypair", key_gone)
local _, image_gone = glance.images.absent(prefix .. "-image")
note("image", image_gone)
local _, group_gone = neutron.security_groups.absent(prefix .. "-sg")
note("security group", group_gone)

local router = neutron.routers.find(prefix .. "-router")
local subnet = neutron.subnets.find(prefix .. "-subnet")
if router then
  if subnet then pcall(neutron.routers.remove_interface, router, subnet) end
  neutron.routers.set_gateway(router, nil)
  neutron.routers.delete(router)
  note("router", true)
end
local _, subnet_gone = neutron.subnets.absent(prefix .. "-subnet")
note("subnet", subnet_gone)
local _, net_gone = neutron.networks.absent(prefix .. "-net")
note("network", net_gone)
return {removed = json.array(removed)}
