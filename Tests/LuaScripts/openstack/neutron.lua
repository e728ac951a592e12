-- Neutron: networks, subnets, ports, routers, floating IPs, security groups and rules, tags,
-- filters, pagination, and Neutron's error format.
local expect = require "expect"
local name = expect.name("net")

local net, changed = neutron.networks.ensure{name = name}
expect.eq(changed, true, "ensure created the network")
local again, changed_again = neutron.networks.ensure{name = name}
expect.eq(again.id, net.id, "ensure found it the second time")
expect.eq(changed_again, false, "ensure changed nothing the second time")

local subnet = neutron.subnets.create{name = name, network = name, cidr = "10.77.0.0/24", ip_version = 4}
expect.eq(subnet.network_id, net.id, "the network name was resolved to its id")
expect.fails({service = "neutron", status = 400}, neutron.subnets.create,
  {network = net.id, cidr = "10.77.0.0/33", ip_version = 4})

local ports = parallel.map({1, 2, 3}, function(i)
  return neutron.ports.create{name = name .. "-p" .. i, network = net}
end)
for _, port in ipairs(ports) do
  expect.eq(port.fixed_ips[1].subnet_id, subnet.id, "a fixed IP from the subnet")
end
expect.eq(#neutron.ports.list{network_id = net.id}, 3, "filter by network")
expect.eq(#neutron.ports.list{network_id = net.id, limit = 2}, 2, "limit")

neutron.networks.add_tag(net, "web")
neutron.networks.set_tags(net, {"web", "prod"})
local tags = neutron.networks.tags(net)
table.sort(tags)
expect.eq(table.concat(tags, ","), "prod,web", "tags")

local in_use = expect.fails({service = "neutron", status = 409, method = "DELETE"}, neutron.networks.delete, net)
expect.truthy(in_use.message:find("one or more ports", 1, true), "Neutron's own message: " .. in_use.message)
expect.truthy(err.conflict(in_use), "err.conflict")

local router = neutron.routers.create{name = name}
neutron.routers.set_gateway(router, "public")
neutron.routers.add_interface(router, subnet)
local floating = neutron.floating_ips.create{network = "public"}
expect.truthy(floating.floating_ip_address, "a floating address")
neutron.floating_ips.associate(floating, ports[1])
expect.eq(neutron.floating_ips.get(floating.id).port_id, ports[1].id, "associated")
neutron.floating_ips.disassociate(floating)
expect.eq(neutron.floating_ips.get(floating.id).port_id, json.null, "disassociated")

local group = neutron.security_groups.create{name = name, description = "test"}
local rule = {security_group = group.id, direction = "ingress", protocol = "tcp", port_range_min = 22, port_range_max = 22, ethertype = "IPv4"}
neutron.security_group_rules.create(rule)
local duplicate = expect.fails({status = 409}, neutron.security_group_rules.create, rule)
expect.truthy(duplicate.message:find("already exists", 1, true), duplicate.message)

-- Clean up, in order.
neutron.floating_ips.delete(floating)
neutron.routers.remove_interface(router, subnet)
neutron.routers.set_gateway(router, nil)
neutron.routers.delete(router)
for _, port in ipairs(ports) do neutron.ports.delete(port) end
neutron.security_groups.delete(group)
neutron.subnets.delete(subnet)
expect.eq(neutron.networks.delete(net), true, "deleted")
local _, gone = neutron.networks.absent(name)
expect.eq(gone, false, "absent: already gone")
expect.fails({kind = "not_found"}, neutron.networks.get, name)
expect.eq(neutron.networks.find(name), nil, "find gives nil")
return "ok"
