-- A network stack (network, subnet, router with an interface on it, security group with a
-- rule), COUNT servers on that network and COUNT volumes, each volume attached to its server,
-- everything that can happen at once happening at once. The reliability proof runs it against
-- an emulator that fails and drops answers (Tests/StackrunTests/FaultyFleetTests.swift).
--
--   stackrun run fleet.lua PREFIX [COUNT [FAIL_AFTER]]
--
-- PREFIX starts every name. COUNT is 50 unless given. FAIL_AFTER, when given, makes the run
-- fail on purpose once that many volumes are attached, while the others are still being built
-- or attached: a run that fails half-way, for tests of what such a run leaves behind.
--
-- Returns what it built: the ids of the network, subnet, router and security group, the
-- servers' and volumes' ids in order, and how many attachments it made.
local prefix, count, fail_after = ...
assert(prefix, "usage: fleet.lua PREFIX [COUNT [FAIL_AFTER]]")
count = math.tointeger(tonumber(count or 50))
fail_after = fail_after and math.tointeger(tonumber(fail_after))

local function name(i) return string.format("%s-%02d", prefix, i) end

-- Volumes need nothing else: they are made while the network is.
local volumes = {}
for i = 1, count do volumes[i] = spawn(cinder.create, {name = name(i), size = 1, wait = true}) end

-- The router and the security group do not need the network: the three are made together.
local net, router, group = parallel(
  function() return neutron.networks.create{name = prefix .. "-net"} end,
  function() return neutron.routers.create{name = prefix .. "-router"} end,
  function()
    local group = neutron.security_groups.create{name = prefix .. "-ssh"}
    neutron.security_group_rules.create{security_group = group, direction = "ingress", protocol = "tcp",
                                        port_range_min = 22, port_range_max = 22}
    return group
  end)
local subnet = neutron.subnets.create{name = prefix .. "-subnet", network = net, cidr = "10.40.0.0/22", ip_version = 4}
-- Servers need the subnet, not the router.
local interface = spawn(neutron.routers.add_interface, router, subnet)

-- Each server, once its volume is there too, gets the volume attached.
local indices = {}
for i = 1, count do indices[i] = i end
local attached = 0
local built = parallel.map(indices, function(i)
  local server = nova.create{name = name(i), image = "cirros", flavor = "m1.tiny", network = net,
                             security_groups = {group.name}, wait = true}
  local volume = volumes[i]:wait()
  nova.attach_volume(server, volume, {wait = true})
  attached = attached + 1
  if fail_after and attached >= fail_after then
    error(string.format("failing on purpose after %d attachments", attached))
  end
  return {server = server.id, volume = volume.id}
end)
interface:wait()

local result = {network = net.id, subnet = subnet.id, router = router.id, security_group = group.id,
                servers = {}, volumes = {}, attachments = attached}
for i, pair in ipairs(built) do result.servers[i], result.volumes[i] = pair.server, pair.volume end
return result
