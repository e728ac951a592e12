-- server-group: COUNT servers named NAME-01, NAME-02..., each with a volume NAME-NN-data
-- attached, a key pair and a security group with ingress rules, and optionally a floating IP
-- each; without a network, the network-stack recipe makes one. What exists is kept (found by name, waited for if still building), so a second run
-- makes no request that changes anything.
--
--   stackrun run server-group --param name=web --param network=web --param count=3 \
--       --param ingress=tcp:22,tcp:443,icmp --param floating_ip=true

-- "tcp:22", "tcp:8000-8080", "udp:53@10.0.0.0/8", "icmp": a rule as Neutron writes it.
local function parse_rule(text)
  local spec, cidr = text:match("^([^@]+)@(.+)$")
  spec = spec or text
  local protocol, low, high = spec:match("^(%a+):(%d+)-(%d+)$")
  if not protocol then protocol, low = spec:match("^(%a+):(%d+)$"); high = low end
  if not protocol then protocol = spec:match("^(%a+)$") end
  if not protocol then
    error(string.format("ingress rule '%s' is not PROTOCOL[:PORT[-PORT]][@CIDR] (tcp:22, udp:53@10.0.0.0/8, icmp)", text), 0)
  end
  return {direction = "ingress", ethertype = "IPv4", protocol = protocol:lower(),
          port_range_min = low and math.tointeger(tonumber(low)), port_range_max = high and math.tointeger(tonumber(high)),
          remote_ip_prefix = cidr}
end

-- Whether the group already has the rule. Neutron leaves unset fields null (json.null here).
local function value(field) if field == json.null then return nil end return field end
local function has_rule(group, wanted)
  for _, rule in ipairs(group.security_group_rules or {}) do
    local prefix = value(rule.remote_ip_prefix)
    if rule.direction == wanted.direction and rule.ethertype == wanted.ethertype and value(rule.protocol) == wanted.protocol
      and value(rule.port_range_min) == wanted.port_range_min and value(rule.port_range_max) == wanted.port_range_max
      and (prefix == wanted.remote_ip_prefix or (wanted.remote_ip_prefix == nil and prefix == "0.0.0.0/0")) then
      return true
    end
  end
  return false
end

local function security_group(params, rules)
  local group, created = neutron.security_groups.ensure{name = params.name, description = "server-group " .. params.name}
  local added = 0
  for _, rule in ipairs(rules) do
    if not has_rule(group, rule) then
      rule.security_group = group.id
      neutron.security_group_rules.create(rule)
      added = added + 1
    end
  end
  return group, {id = group.id, name = group.name, created = created, rules_added = added}
end

local function keypair(params)
  local spec = {name = params.key_name or (params.name .. "-key")}
  if params.public_key then spec.public_key = params.public_key end
  local key, created = nova.keypairs.ensure(spec)
  -- A key pair Nova generated: its private key is this copy only, handed back in the result.
  return key, {name = key.name, created = created, private_key = created and key.private_key or nil}
end

-- The server's floating IP, made on the external network for its first port when it has none.
local function floating_ip(server, external)
  local port = neutron.ports.list{device_id = server.id}[1]
  if not port then error(string.format("server %s has no port to give a floating IP", server.name), 0) end
  local existing = neutron.floating_ips.list{port_id = port.id}[1]
  if existing then return {address = existing.floating_ip_address, created = false} end
  local fip = neutron.floating_ips.create{network = external, port = port.id}
  return {address = fip.floating_ip_address, created = true}
end

local function member(params, index, group, key, external)
  local name = string.format("%s-%02d", params.name, index)
  local server, server_created = nova.ensure{
    name = name, image = params.image, flavor = params.flavor, network = params.network,
    key_name = key.name, security_groups = {group.name}, wait = true,
  }
  local entry = {name = name, id = server.id, status = server.status, created = server_created}
  if params.volume_size > 0 then
    local volume, volume_created = cinder.ensure{name = name .. "-data", size = params.volume_size, wait = true}
    local attached_to = volume.attachments and volume.attachments[1] and volume.attachments[1].server_id
    local attached = false
    if not attached_to then
      nova.attach_volume(server, volume, {wait = true})
      attached = true
    elseif attached_to ~= server.id then
      error(string.format("volume %s is attached to server %s, not to %s", volume.name, attached_to, name), 0)
    end
    entry.volume = {id = volume.id, name = volume.name, created = volume_created, attached = attached}
  end
  if params.floating_ip then entry.floating_ip = floating_ip(server, external) end
  return entry
end

local function run(params)
  -- Every rule is read before anything is made, so that a wrong one leaves nothing behind.
  local rules = {}
  for i, text in ipairs(params.ingress) do rules[i] = parse_rule(text) end
  local stack = nil
  if params.network == nil then
    -- No network given: the group gets a network stack of its own, by the standard recipe.
    stack = recipe.run("network-stack", {name = params.name, external_network = params.external_network})
    params.network = stack.network.id
  end
  local external = params.floating_ip and neutron.networks.get(params.external_network).id or nil
  local group, group_summary = security_group(params, rules)
  local key, key_summary = keypair(params)
  local indices = {}
  for i = 1, params.count do indices[i] = i end
  local servers = parallel.map(indices, function(i) return member(params, i, group, key, external) end,
                               {limit = params.concurrency})
  local changed = group_summary.created or group_summary.rules_added > 0 or key_summary.created or (stack and stack.changed) or false
  for _, s in ipairs(servers) do
    changed = changed or s.created or (s.volume and (s.volume.created or s.volume.attached))
      or (s.floating_ip and s.floating_ip.created) or false
  end
  return {network_stack = stack, security_group = group_summary, keypair = key_summary, servers = json.array(servers),
          changed = changed}
end

return {
  name = "server-group",
  version = "1.0.0",
  description = "COUNT servers with a volume each, a key pair, a security group and optional floating IPs",
  services = {"nova", "cinder", "neutron", "glance"},
  params = {
    name = {type = "string", required = true,
            description = "prefix of every name: servers NAME-01..., volumes NAME-01-data, security group NAME"},
    network = {type = "string",
               description = "the network (name or id) the servers are on; without it, network-stack makes NAME with a router"},
    count = {type = "integer", default = 2, description = "how many servers"},
    image = {type = "string", default = "cirros", description = "the servers' image (name or id)"},
    flavor = {type = "string", default = "m1.small", description = "the servers' flavor (name or id)"},
    volume_size = {type = "integer", default = 1, description = "each server's volume in GiB; 0 for none"},
    key_name = {type = "string", description = "the key pair's name (default NAME-key)"},
    public_key = {type = "string",
                  description = "OpenSSH public key imported when the key pair does not exist; without it Nova generates one and the result holds its private key, once"},
    ingress = {type = "list", items = "string", default = {"tcp:22", "icmp"},
               description = "ingress rules of the security group, PROTOCOL[:PORT[-PORT]][@CIDR]"},
    floating_ip = {type = "boolean", default = false, description = "give each server a floating IP"},
    external_network = {type = "string", default = "public", description = "where floating IPs come from"},
    concurrency = {type = "integer", default = 10, description = "how many servers are built at once"},
  },
  run = run,
}
