-- Glance: upload from data and from a file, download, list filters and pages, tags, updates
-- (JSON patch), protected images, Glance's error format.
local expect = require "expect"
local name = expect.name("img")
local image_file = arg[1] -- a file the harness wrote, in a directory it lets the script read and write

local image = glance.images.upload{name = name, data = string.rep("x", 100000), properties = {purpose = "test"}}
expect.eq(image.status, "active", "active after upload")
expect.eq(image.size, 100000, "size")
expect.eq(image.purpose, "test", "a custom property")

if image_file then
  local from_file = glance.images.upload{name = name .. "-file", file = image_file, visibility = "private"}
  expect.eq(from_file.status, "active", "uploaded from a file")
  -- Beside the image: the harness grants writing in its directory (--allow-write).
  local copy = image_file .. "." .. name .. ".download"
  local got = glance.images.download(from_file, copy)
  expect.eq(got.bytes, from_file.size, "downloaded as many bytes as uploaded")
  expect.eq(#fs.read(copy), from_file.size, "the downloaded file holds it all")
  glance.images.delete(from_file)
end

local updated = glance.images.update(image, {purpose = "changed", owner_note = "new"})
expect.eq(updated.purpose, "changed", "replaced")
expect.eq(updated.owner_note, "new", "added")
glance.images.add_tag(image, "golden")
expect.eq(glance.images.get(image.id).tags[1], "golden", "tag")
expect.eq(#glance.images.list{tag = "golden", name = name}, 1, "filter by tag and name")
expect.eq(#glance.images.list{limit = 1}, 1, "limit")
-- More images than Glance's page of 25: list must follow its `next` links.
local queued = {}
for i = 1, 30 do queued[i] = name .. "-q" .. i end
local many = parallel.map(queued, function(n) return glance.images.create{name = n, disk_format = "raw", container_format = "bare"} end, {limit = 10})
local listed = 0
for _, listed_image in ipairs(glance.images.list()) do
  if listed_image.name:find(name .. "-q", 1, true) then listed = listed + 1 end
end
expect.eq(listed, 30, "every page listed")
parallel.map(many, function(queued_image) glance.images.delete(queued_image) end, {limit = 10})

glance.images.update(image, {protected = true})
local protected = expect.fails({service = "glance", status = 403}, glance.images.delete, image)
expect.truthy(#protected.message > 0 and not protected.message:find("<", 1, true), "Glance's message without HTML: " .. protected.message)
glance.images.update(image, {protected = false})
glance.images.delete(image)
local missing = expect.fails({service = "glance", status = 404}, glance.images.get, image.id)
expect.truthy(not missing.message:find("<br", 1, true), missing.message)
return "ok"
