-- image-upload: an image made from a local file or from a URL, unless an active image of that
-- name exists already (then nothing is sent). A queued or killed image of the name, left by an
-- upload that failed, is deleted and made again.
--
-- The file's path is only known when the recipe runs, so it declares no capability: the
-- command line grants reading it, and fetching the URL's host:
--   stackrun run --allow-read=/srv/debian.qcow2 image-upload --param name=debian --param file=/srv/debian.qcow2
--   stackrun run --allow-net=images.example.com image-upload --param name=debian \
--       --param url=https://images.example.com/debian.qcow2
-- A URL's body is held in memory (up to 512 MiB); for larger images, download the file first.

local function run(params)
  if (params.file == nil) == (params.url == nil) then
    error("give exactly one of the parameters file and url", 0)
  end
  local existing = glance.images.find(params.name)
  if existing and existing.status == "active" then
    return {id = existing.id, name = existing.name, status = existing.status, size = existing.size, uploaded = false}
  end
  local replaced = nil
  if existing then
    glance.images.delete(existing, {wait = true})
    replaced = {id = existing.id, status = existing.status}
  end

  local spec = {
    name = params.name, disk_format = params.disk_format, container_format = params.container_format,
    visibility = params.visibility, properties = params.properties,
    min_disk = params.min_disk, min_ram = params.min_ram,
  }
  local source
  if params.file then
    spec.file = params.file
    source = params.file
  else
    local response = http.request{url = params.url, timeout = params.timeout}
    if response.status < 200 or response.status > 299 then
      error(string.format("GET %s answered %d", params.url, response.status), 0)
    end
    spec.data = response.body
    source = params.url
  end
  if params.tags then spec.tags = params.tags end
  local image = glance.images.upload(spec)
  return {id = image.id, name = image.name, status = image.status, size = image.size, source = source,
          uploaded = true, replaced = replaced}
end

return {
  name = "image-upload",
  version = "1.0.0",
  description = "A Glance image from a file or a URL, uploaded only when no active image has the name",
  services = {"glance"},
  params = {
    name = {type = "string", required = true, description = "the image's name"},
    file = {type = "string", description = "the local file to upload (grant it with --allow-read=FILE)"},
    url = {type = "string", description = "an http(s) URL to fetch the image from (grant its host with --allow-net=HOST)"},
    disk_format = {type = "string", default = "qcow2",
                   allowed = {"qcow2", "raw", "vmdk", "vdi", "vhd", "vhdx", "iso", "ploop", "ami", "ari", "aki"},
                   description = "the image's disk format"},
    container_format = {type = "string", default = "bare",
                        allowed = {"bare", "ovf", "ova", "docker", "compressed", "ami", "ari", "aki"},
                        description = "the image's container format"},
    visibility = {type = "string", default = "private", allowed = {"private", "shared", "community", "public"},
                  description = "who sees the image (public needs an admin)"},
    properties = {type = "map", description = "extra image properties, key=value,..."},
    tags = {type = "list", items = "string", description = "the image's tags"},
    min_disk = {type = "integer", description = "the smallest disk in GiB a server needs for the image"},
    min_ram = {type = "integer", description = "the least memory in MiB a server needs for the image"},
    timeout = {type = "number", default = 600, description = "seconds the URL's download may take"},
  },
  run = run,
}
