-- network-stack: a network, a subnet, and a router with its gateway on the external network
-- and an interface on the subnet. Every piece is found by name before anything is made, so a
-- second run changes nothing and a run cut short is finished by the next one.
--
--   stackrun run network-stack --param name=web --param cidr=10.20.0.0/24

local function is_table(value) return type(value) == "table" end

-- Whether the router has an interface on the subnet: a port of the router with an address in it.
local function has_interface(router, subnet)
  for _, port in ipairs(neutron.ports.list{device_id = router.id}) do
    for _, ip in ipairs(port.fixed_ips or {}) do
      if ip.subnet_id == subnet.id then return true end
    end
  end
  return false
end

local function run(params)
  local external = neutron.networks.get(params.external_network)
  if external["router:external"] ~= true then
    error(string.format("network '%s' is not an external network (router:external is not true)", params.external_network), 0)
  end

  local network, network_changed = neutron.networks.ensure{name = params.name}
  local subnet_spec = {name = params.name .. "-subnet", network = network.id, cidr = params.cidr, ip_version = 4}
  if params.dns_nameservers then subnet_spec.dns_nameservers = params.dns_nameservers end
  local subnet, subnet_changed = neutron.subnets.ensure(subnet_spec)
  if subnet.network_id ~= network.id or subnet.cidr ~= params.cidr then
    error(string.format("subnet '%s' exists with cidr %s on network %s, not %s on %s: remove it or choose another name",
                        subnet.name, subnet.cidr, subnet.network_id, params.cidr, network.id), 0)
  end

  local router, router_changed = neutron.routers.ensure{
    name = params.name .. "-router", external_gateway_info = {network_id = external.id},
  }
  local gateway = router.external_gateway_info
  local gateway_changed = false
  if not (is_table(gateway) and gateway.network_id == external.id) then
    router = neutron.routers.set_gateway(router, external.id)
    gateway_changed = true
  end

  local interface_changed = false
  if not has_interface(router, subnet) then
    neutron.routers.add_interface(router, subnet)
    interface_changed = true
  end

  return {
    network = {id = network.id, name = network.name, created = network_changed},
    subnet = {id = subnet.id, name = subnet.name, cidr = subnet.cidr, created = subnet_changed},
    router = {id = router.id, name = router.name, created = router_changed},
    external_network = {id = external.id, name = external.name, gateway_set = gateway_changed},
    interface_added = interface_changed,
    changed = network_changed or subnet_changed or router_changed or gateway_changed or interface_changed,
  }
end

return {
  name = "network-stack",
  version = "1.0.0",
  description = "A network, a subnet and a router to the external network, made only where missing",
  services = {"neutron"},
  params = {
    name = {type = "string", required = true,
            description = "the network's name; the subnet is NAME-subnet and the router NAME-router"},
    cidr = {type = "string", default = "10.0.0.0/24", description = "the subnet's address range (IPv4)"},
    external_network = {type = "string", default = "public",
                        description = "the external network (name or id) the router's gateway is on"},
    dns_nameservers = {type = "list", items = "string",
                       description = "DNS servers handed out on the subnet (set when the subnet is made)"},
  },
  run = run,
}
