-- Tags what the standard recipes made in realstack.sh (every name starts with PREFIX) with TAG,
-- so that the cleanup recipe can find it: servers and Neutron's resources by their tags, volumes
-- by their metadata (Cinder has no tags), floating IPs by the server their port belongs to.
-- Key pairs, which cleanup does not touch, are deleted here. Images got the tag at upload.
--   stackrun run scripts/checks/realstack/tag.lua PREFIX TAG
local prefix, tag = assert(arg[1], "PREFIX"), assert(arg[2], "TAG")
local function ours(resource) return type(resource.name) == "string" and resource.name:sub(1, #prefix) == prefix end
local tagged = {}
local function count(kind) tagged[kind] = (tagged[kind] or 0) + 1 end

local servers = {}
for _, server in ipairs(nova.list()) do
  if ours(server) then nova.add_tag(server, tag); servers[server.id] = true; count("servers") end
end
for _, kind in ipairs({"networks", "routers", "security_groups"}) do
  for _, resource in ipairs(neutron[kind].list()) do
    if ours(resource) then neutron[kind].add_tag(resource, tag); count(kind) end
  end
end
for _, volume in ipairs(cinder.list()) do
  if ours(volume) then cinder.update(volume, {metadata = {tag = tag}}); count("volumes") end
end
for _, floating in ipairs(neutron.floating_ips.list()) do
  if floating.port_id ~= json.null and floating.port_id and servers[neutron.ports.get(floating.port_id).device_id] then
    neutron.floating_ips.add_tag(floating, tag); count("floating_ips")
  end
end
for _, key in ipairs(nova.keypairs.list()) do
  if ours(key) then nova.keypairs.delete(key.name); count("keypairs deleted") end
end
return tagged
