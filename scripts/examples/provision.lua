-- provision.lua: a small web tier, built idempotently (run it twice: the second run changes nothing).
--   stackrun run --allow-read=IMAGE_FILE scripts/examples/provision.lua [PREFIX] [IMAGE_FILE]
-- (the image is read from a file only when one is given; reading it must be granted)
-- Network and subnet, a router to the external network "public", a security group with its
-- rules, a key pair, an image uploaded from a file, three servers built in parallel with a
-- volume each, and a floating IP on the first. Undo it with teardown.lua.
local prefix = arg[1] or "web"
local image_file = arg[2]
local flavor = os.getenv("STACKRUN_FLAVOR") or "m1.tiny"

local net = neutron.networks.ensure{name = prefix .. "-net"}
local subnet = neutron.subnets.ensure{name = prefix .. "-subnet", network = net.id, cidr = "10.20.0.0/24", ip_version = 4}
local router = neutron.routers.ensure{name = prefix .. "-router"}
local public = neutron.networks.get("public")
local gateway = router.external_gateway_info
if type(gateway) ~= "table" or gateway.network_id ~= public.id then neutron.routers.set_gateway(router, public) end
local attached = false
for _, port in ipairs(neutron.ports.list{device_id = router.id}) do
  for _, ip in ipairs(port.fixed_ips) do attached = attached or ip.subnet_id == subnet.id end
end
if not attached then neutron.routers.add_interface(router, subnet) end

local group = neutron.security_groups.ensure{name = prefix .. "-sg", description = "web tier"}
-- Only the rules the group lacks are sent (a second run sends none); a 409 means another run
-- made the rule in the meantime.
local function has_rule(protocol, port)
  for _, rule in ipairs(group.security_group_rules or {}) do
    if rule.direction == "ingress" and rule.ethertype == "IPv4" and rule.protocol == protocol
       and rule.port_range_min == (port or json.null) and rule.remote_ip_prefix == json.null then return true end
  end
  return false
end
for _, rule in ipairs({{"tcp", 22}, {"tcp", 80}, {"tcp", 443}, {"icmp"}}) do
  if not has_rule(rule[1], rule[2]) then
    local ok, e = pcall(neutron.security_group_rules.create, {
      security_group = group.id, direction = "ingress", ethertype = "IPv4",
      protocol = rule[1], port_range_min = rule[2], port_range_max = rule[2],
    })
    if not ok and not err.conflict(e) then error(e, 0) end
  end
end

local keypair, new_key = nova.keypairs.ensure{name = prefix .. "-key"}
local image = glance.images.find(prefix .. "-image") or glance.images.upload{
  name = prefix .. "-image", file = image_file, data = image_file == nil and string.rep("\0", 65536) or nil,
  disk_format = "raw", container_format = "bare",
}

-- Three servers at once, each with its own volume attached.
local servers = parallel.map({1, 2, 3}, function(i)
  local name = string.format("%s-%d", prefix, i)
  -- ensure with wait: a server or volume an interrupted run left half-built is waited for too.
  local server = nova.ensure{
    name = name, image = image.id, flavor = flavor, network = net.id,
    key_name = keypair.name, security_groups = {group.name}, wait = true,
  }
  local volume = cinder.ensure{name = name .. "-data", size = 1, wait = true}
  if volume.status == "available" then nova.attach_volume(server, volume, {wait = true}) end
  return {name = name, id = server.id, status = nova.get(server.id).status, volume = volume.id}
end, {limit = 3})

local first_port = neutron.ports.list{device_id = servers[1].id}[1]
local floating = neutron.floating_ips.list{port_id = first_port.id}[1]
  or neutron.floating_ips.associate(neutron.floating_ips.create{network = "public"}, first_port)
log.info("web tier ready", {servers = #servers, floating_ip = floating.floating_ip_address})

return {
  network = {id = net.id, subnet = subnet.cidr, router = router.id},
  security_group = group.id,
  keypair = {name = keypair.name, created = new_key},
  image = {id = image.id, status = image.status},
  servers = servers,
  floating_ip = {address = floating.floating_ip_address, server = servers[1].name},
}
