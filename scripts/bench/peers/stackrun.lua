-- The peers benchmark's workloads in stackrun (scripts/bench/peers.sh runs each in a process of
-- its own). Written as a user would: names resolved by stackrun, waits with `wait = true`.
--   stackrun run stackrun.lua flavors
--   stackrun run stackrun.lua gets SERVER_ID COUNT
--   stackrun run stackrun.lua servers COUNT PREFIX [INTERVAL]
--   stackrun run --allow-read=FILE --allow-write=OUT stackrun.lua image FILE OUT NAME
--   stackrun run stackrun.lua make-server NAME      (set-up, not measured: the server's id)
local workload = arg[1]

if workload == "flavors" then
  return #nova.flavors.list()
end

if workload == "gets" then
  local id, count = arg[2], tonumber(arg[3])
  for _ = 1, count do nova.get(id) end
  return count
end

if workload == "servers" then
  -- Each task: a volume and a server created at once, both waited for, the volume attached,
  -- then the server deleted (which detaches the volume) and the volume deleted, both waited
  -- for until gone. All tasks run together. INTERVAL (optional) caps the delay between the
  -- waits' polling rounds (2 s unless given).
  local count, prefix, interval = tonumber(arg[2]), arg[3], tonumber(arg[4])
  local names = {}
  for i = 1, count do names[i] = prefix .. i end
  local done = parallel.map(names, function(name)
    local volume = cinder.create{name = name, size = 1}
    local server = nova.create{name = name, image = "cirros", flavor = "m1.tiny", network = "public",
                               wait = true, interval = interval}
    cinder.wait(volume, "available", {interval = interval})
    nova.attach_volume(server, volume, {wait = true, interval = interval})
    nova.delete(server, {wait = true, interval = interval})
    cinder.delete(volume, {wait = true, interval = interval})
    return name
  end, {limit = count})
  return #done
end

if workload == "image" then
  local file, out, name = arg[2], arg[3], arg[4]
  local image = glance.images.upload{name = name, file = file, disk_format = "raw", container_format = "bare"}
  glance.images.download(image, out)
  glance.images.delete(image)
  return image.size
end

if workload == "make-server" then
  return nova.ensure{name = arg[2], image = "cirros", flavor = "m1.tiny", network = "public", wait = true}.id
end

error("unknown workload " .. tostring(workload))
