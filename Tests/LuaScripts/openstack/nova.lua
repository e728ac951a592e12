-- Nova: servers by name, waits, list filters and pages, actions, metadata, tags, console,
-- volume attachments, ambiguous and missing names, flavors and key pairs.
local expect = require "expect"
local name = expect.name("vm")
local net = neutron.networks.create{name = name}
neutron.subnets.create{network = net.id, cidr = "10.78.0.0/24", ip_version = 4}

-- Two servers at once, by names of image, flavor and network.
local servers = parallel.map({1, 2}, function(i)
  return nova.create{name = name .. "-" .. i, image = "cirros", flavor = "m1.tiny", network = name,
                     metadata = {role = "test"}, wait = true, timeout = 300}
end)
for _, server in ipairs(servers) do
  expect.eq(server.status, "ACTIVE", "status after wait")
  expect.truthy(server.addresses[name], "addresses from the port on " .. name)
end
local first = servers[1]
expect.eq(nova.get(first.name).id, first.id, "get by name")
expect.eq(nova.get(first).id, first.id, "get by table")
expect.eq(#nova.list{name = name}, 2, "list by name (Nova's filter is a regex)")
expect.eq(#nova.list{name = name .. "-1"}, 1, "the name filter is exact here")
expect.eq(#nova.list{name = name, limit = 1}, 1, "limit")

-- Two servers with one name: lookups by that name fail listing both ids.
local twin = nova.create{name = name .. "-1", image = "cirros", flavor = "m1.tiny", network = net.id}
local ambiguous = expect.fails({kind = "ambiguous"}, nova.get, name .. "-1")
expect.truthy(ambiguous.message:find(first.id, 1, true) and ambiguous.message:find(twin.id, 1, true), ambiguous.message)
nova.delete(twin.id, {wait = true})
local missing = expect.fails({kind = "not_found", service = "nova"}, nova.get, name .. "-nope")
expect.truthy(missing.message:find("no server with id or name", 1, true), missing.message)

local renamed = nova.update(first, {name = name .. "-web"})
expect.eq(renamed.name, name .. "-web", "update")
expect.eq(nova.set_metadata(first, {tier = "web"}).tier, "web", "metadata merged")
nova.add_tag(first, "blue")
expect.eq(nova.tags(first)[1], "blue", "tags")

local stopped = nova.stop(first, {wait = true})
expect.eq(stopped.status, "SHUTOFF", "stop waits for SHUTOFF")
expect.fails({status = 409, service = "nova"}, nova.stop, first)
expect.eq(nova.start(first, {wait = true}).status, "ACTIVE", "start")
expect.eq(nova.reboot(first, {type = "HARD", wait = true}).status, "ACTIVE", "reboot")
expect.eq(type(nova.console_log(first, 10)), "string", "console output")

local volume = cinder.create{name = name, size = 1, wait = true}
nova.attach_volume(first, volume, {wait = true})
expect.eq(cinder.get(volume).status, "in-use", "attached")
nova.detach_volume(first, volume, {wait = true})
expect.eq(cinder.get(volume).status, "available", "detached")
cinder.delete(volume, {wait = true})

local flavors = nova.flavors.list()
expect.truthy(#flavors >= 3, "flavors")
expect.eq(nova.flavors.get("m1.tiny").name, "m1.tiny", "flavor by name")
local key = nova.keypairs.create{name = name}
expect.truthy(key.private_key and key.private_key:find("PRIVATE KEY", 1, true), "a generated private key")
expect.eq(nova.keypairs.get(name).name, name, "key pair by name")
nova.keypairs.delete(name)

for _, server in ipairs(servers) do nova.delete(server, {wait = true}) end
expect.eq(nova.find(first.id), nil, "gone")
local _, changed = nova.absent(name .. "-2")
expect.eq(changed, false, "absent after delete")
neutron.networks.delete(net)
return "ok"
