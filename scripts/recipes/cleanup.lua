-- cleanup: deletes this project's resources that carry a tag, or are older than a duration,
-- or both (both given: both must hold). Safe order: floating IPs, servers (waited for until
-- gone), volumes (detached first), loose ports, routers (interfaces removed first), networks
-- (with their subnets), security groups, images. Never touched: external networks, what
-- another project owns, security groups named "default", ports that belong to a device.
-- With dry_run=true it only lists what would go.
--
--   stackrun run cleanup --param tag=ci --param dry_run=true
--   stackrun run cleanup --param older_than=7d --param kinds=servers,volumes

local DEFAULT_KINDS = {"floating_ips", "servers", "volumes", "ports", "routers", "networks", "security_groups"}
local ORDER = {"floating_ips", "servers", "volumes", "ports", "routers", "networks", "security_groups", "images"}

-- "7d", "12h", "30m", "90s", "1w" -> seconds.
local function seconds(text)
  local amount, unit = text:match("^(%d+)%s*([smhdw])$")
  if not amount then error(string.format("older_than '%s' is not a duration such as 90s, 30m, 12h, 7d or 2w", text), 0) end
  return math.tointeger(tonumber(amount)) * ({s = 1, m = 60, h = 3600, d = 86400, w = 604800})[unit]
end

-- An API timestamp ("2026-12-06T16:57:12Z", "2026-12-06T16:57:12.000000"), always UTC, as
-- seconds since the epoch (os.time would read the fields as local time).
local function epoch(stamp)
  local y, mo, d, h, mi, s = tostring(stamp):match("^(%d+)-(%d+)-(%d+)[T ](%d+):(%d+):(%d+)")
  if not y then return nil end
  y, mo, d = math.tointeger(tonumber(y)), math.tointeger(tonumber(mo)), math.tointeger(tonumber(d))
  if mo <= 2 then y = y - 1 end                       -- days from civil date (H. Hinnant's algorithm)
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * (mo + (mo > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  local days = era * 146097 + doe - 719468
  return days * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s)
end

local function has(list, wanted)
  for _, item in ipairs(type(list) == "table" and list or {}) do if item == wanted then return true end end
  return false
end

-- What each kind lists, its creation time, its tags, and what makes it untouchable.
local function kinds_table(project)
  local mine = function(r) return r.project_id == project or r.tenant_id == project end
  return {
    floating_ips = {list = function() return neutron.floating_ips.list{project_id = project} end, filter = mine,
                    label = function(r) return r.floating_ip_address end},
    servers = {list = function() return nova.list() end, created = "created"},
    volumes = {list = function() return cinder.list() end,
               tags = function(r) return type(r.metadata) == "table" and {r.metadata.tag} or {} end},
    ports = {list = function() return neutron.ports.list{project_id = project} end,
             filter = function(r) return mine(r) and (r.device_owner == nil or r.device_owner == "" or r.device_owner == json.null) end},
    routers = {list = function() return neutron.routers.list{project_id = project} end, filter = mine},
    networks = {list = function() return neutron.networks.list{project_id = project} end,
                filter = function(r) return mine(r) and r["router:external"] ~= true end},
    security_groups = {list = function() return neutron.security_groups.list{project_id = project} end,
                       filter = function(r) return mine(r) and r.name ~= "default" end},
    images = {list = function() return glance.images.list{owner = project} end,
              filter = function(r) return r.owner == project and r.protected ~= true end},
  }
end

local function matching(spec, params, cutoff)
  local chosen = {}
  for _, resource in ipairs(spec.list()) do
    local ok = spec.filter == nil or spec.filter(resource)
    if ok and params.tag then
      local tags = spec.tags and spec.tags(resource) or resource.tags
      ok = has(tags, params.tag)
    end
    if ok and cutoff then
      local created = epoch(resource[spec.created or "created_at"])
      ok = created ~= nil and created < cutoff
    end
    if ok then chosen[#chosen + 1] = resource end
  end
  return chosen
end

-- Deleting one resource of a kind, after what stands in its way.
local removers = {
  floating_ips = function(r) neutron.floating_ips.delete(r.id, {ignore_missing = true}) end,
  servers = function(r) nova.delete(r.id, {wait = true, ignore_missing = true}) end,
  volumes = function(r)
    local volume = cinder.find(r.id)
    if not volume then return end
    for _, attachment in ipairs(volume.attachments or {}) do
      nova.detach_volume(attachment.server_id, volume.id, {wait = true})
    end
    cinder.delete(volume.id, {wait = true, ignore_missing = true})
  end,
  ports = function(r) neutron.ports.delete(r.id, {ignore_missing = true}) end,
  routers = function(r)
    for _, port in ipairs(neutron.ports.list{device_id = r.id}) do
      if tostring(port.device_owner):find("router_interface", 1, true) then
        neutron.routers.remove_interface(r.id, {port = port.id})
      end
    end
    neutron.routers.delete(r.id, {ignore_missing = true})
  end,
  networks = function(r)
    for _, port in ipairs(neutron.ports.list{network_id = r.id}) do
      if tostring(port.device_owner):find("router_interface", 1, true) then
        neutron.routers.remove_interface(port.device_id, {port = port.id})
      elseif tostring(port.device_owner):find("^compute:") then
        error(string.format("network %s still has the port of server %s", r.name, port.device_id), 0)
      end
    end
    neutron.networks.delete(r.id, {ignore_missing = true})
  end,
  security_groups = function(r) neutron.security_groups.delete(r.id, {ignore_missing = true}) end,
  images = function(r) glance.images.delete(r.id, {ignore_missing = true}) end,
}

local function run(params)
  if not params.tag and not params.older_than then
    error("give tag, older_than or both: cleanup never deletes everything", 0)
  end
  local cutoff = params.older_than and (os.time() - seconds(params.older_than)) or nil
  local kinds = kinds_table(keystone.auth().project_id)
  local wanted = {}
  for _, kind in ipairs(params.kinds or DEFAULT_KINDS) do
    if not kinds[kind] then error(string.format("kinds: '%s' is not one of %s", kind, table.concat(ORDER, ", ")), 0) end
    wanted[kind] = true
  end

  local result = {dry_run = params.dry_run, deleted = {}, failed = json.array()}
  for _, kind in ipairs(ORDER) do
    if wanted[kind] then
      local spec = kinds[kind]
      local chosen = matching(spec, params, cutoff)
      local done = parallel.map(chosen, function(resource)
        local entry = {id = resource.id, name = (spec.label or function(r) return r.name end)(resource)}
        if params.dry_run then return entry end
        local ok, e = pcall(removers[kind], resource)
        if not ok then
          if err.cancelled(e) then error(e, 0) end
          entry.error = type(e) == "table" and e.message or tostring(e)
        end
        return entry
      end, {limit = params.concurrency})
      local deleted = json.array()
      for _, entry in ipairs(done) do
        if entry.error then
          result.failed[#result.failed + 1] = {kind = kind, id = entry.id, name = entry.name, error = entry.error}
        else
          deleted[#deleted + 1] = entry
        end
      end
      result.deleted[kind] = deleted
    end
  end
  return result
end

return {
  name = "cleanup",
  version = "1.0.0",
  description = "Delete this project's resources by tag or by age, in a safe order, or list them with dry_run",
  services = {"nova", "cinder", "neutron", "glance"},
  params = {
    tag = {type = "string",
           description = "delete what carries this tag (volumes, which Cinder cannot tag: metadata tag=TAG)"},
    older_than = {type = "string", description = "delete what was made longer ago than this: 90s, 30m, 12h, 7d, 2w"},
    kinds = {type = "list", items = "string",
             description = "which kinds: floating_ips, servers, volumes, ports, routers, networks, security_groups, images (default all but images)"},
    dry_run = {type = "boolean", default = false, description = "only list what would be deleted"},
    concurrency = {type = "integer", default = 10, description = "how many deletions run at once"},
  },
  run = run,
}
