-- ensure-servers: keep COUNT healthy servers named by a pattern (web-01 ... web-05 for
-- "web-%02d"). Servers in ERROR are deleted and made again, missing ones are made, and those
-- the pattern names beyond COUNT are deleted; servers still building are waited for. A run
-- with nothing to mend sends no request that changes anything: the archetypal cron job.
--
--   stackrun run --lock /tmp/web.lock ensure-servers --param pattern=web-%02d --param count=5 \
--       --param network=web --param flavor=m1.small

-- The pattern as a Lua pattern capturing the number: "web-%02d" -> "^web%-(%d+)$".
local function matcher(pattern)
  local before, width, after = pattern:match("^(.-)%%(0?%d*)d(.*)$")
  if not before or before:find("%", 1, true) or after:find("%", 1, true) then
    error(string.format("pattern '%s' must hold one %%d (or %%02d...) and no other %%", pattern), 0)
  end
  local function escaped(text) return (text:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end
  local lua_pattern = "^" .. escaped(before) .. "(%d+)" .. escaped(after) .. "$"
  return function(name)
    local digits = name:match(lua_pattern)
    local index = digits and math.tointeger(tonumber(digits))
    -- "web-1" is not web-%02d's first server: the name must be the one the pattern makes.
    if index and string.format(pattern, index) == name then return index end
    return nil
  end
end

local function run(params)
  local index_of = matcher(params.pattern)
  local keep, remove = {}, {}
  for _, server in ipairs(nova.list()) do
    local index = index_of(server.name)
    if index then
      local reason
      if index < 1 or index > params.count then reason = "extra"
      elseif server.status == "ERROR" then reason = "error"
      elseif keep[index] then reason = "duplicate"
      end
      if reason then
        remove[#remove + 1] = {server = server, index = index, reason = reason}
      else
        keep[index] = server
      end
    end
  end

  local removed = parallel.map(remove, function(item)
    log.info("deleting server", {name = item.server.name, id = item.server.id, reason = item.reason, status = item.server.status})
    nova.delete(item.server, {wait = true})
    return {name = item.server.name, id = item.server.id, reason = item.reason}
  end, {limit = params.concurrency})

  local missing = {}
  for index = 1, params.count do
    if not keep[index] then missing[#missing + 1] = index end
  end
  local spec = {image = params.image, flavor = params.flavor, network = params.network, key_name = params.key_name,
                security_groups = params.security_groups, metadata = params.metadata}
  local created = parallel.map(missing, function(index)
    local fields = {name = string.format(params.pattern, index), wait = true, timeout = params.timeout}
    for key, value in pairs(spec) do fields[key] = value end
    local server = nova.create(fields)
    return {name = server.name, id = server.id, status = server.status}
  end, {limit = params.concurrency})

  -- Servers that were building when the run began are waited for, so that the run ends with
  -- COUNT servers ACTIVE or says which is not.
  local healthy = {}
  for index, server in pairs(keep) do healthy[#healthy + 1] = {index = index, server = server} end
  table.sort(healthy, function(a, b) return a.index < b.index end)
  local kept = parallel.map(healthy, function(item)
    local server = item.server
    if server.status == "BUILD" then server = nova.wait(server, "ACTIVE", {timeout = params.timeout}) end
    return {name = server.name, id = server.id, status = server.status}
  end, {limit = params.concurrency})

  return {
    pattern = params.pattern, count = params.count,
    kept = json.array(kept), created = json.array(created), removed = json.array(removed),
    changed = #created > 0 or #removed > 0,
  }
end

return {
  name = "ensure-servers",
  version = "1.0.0",
  description = "Keep COUNT healthy servers named by a pattern: replace ERROR ones, make missing ones, delete extra ones",
  services = {"nova", "neutron", "glance"},
  params = {
    pattern = {type = "string", default = "web-%02d",
               description = "the servers' names, with one %d for the number counted from 1 (web-%02d: web-01, web-02...)"},
    count = {type = "integer", required = true, description = "how many servers there should be"},
    network = {type = "string",
               description = "the network (name or id) of new servers; without it Nova picks the project's only network"},
    image = {type = "string", default = "cirros", description = "the image of new servers"},
    flavor = {type = "string", default = "m1.small", description = "the flavor of new servers"},
    key_name = {type = "string", description = "the key pair of new servers"},
    security_groups = {type = "list", items = "string", description = "the security groups of new servers"},
    metadata = {type = "map", description = "metadata of new servers, key=value,..."},
    concurrency = {type = "integer", default = 10, description = "how many servers are made or deleted at once"},
    timeout = {type = "number", default = 900, description = "seconds a server may take to become ACTIVE"},
  },
  run = run,
}
