-- Cinder: volumes, extend, snapshots, volumes from snapshots, types, errors and waits.
local expect = require "expect"
local name = expect.name("vol")

local volume = cinder.create{name = name, size = 1, wait = true}
expect.eq(volume.status, "available", "available after wait")
expect.eq(cinder.get(name).id, volume.id, "by name")
-- realstack's fake Cinder driver cannot extend (FakeBrickLVM has no extend_volume): there the
-- volume goes to error_extending, which must surface as a failed wait naming that state.
local grown = cinder.create{name = name .. "-grow", size = 1, wait = true}
if os.getenv("STACKRUN_TARGET") == "realstack" then
  expect.fails({kind = "failed", message = "error_extending"}, cinder.extend, grown, 2, {wait = true})
  cinder.delete(grown, {wait = true})
else
  expect.eq(cinder.extend(grown, 2, {wait = true}).size, 2, "extended")
  cinder.delete(grown, {wait = true})
end

local snapshot = cinder.snapshots.create{name = name, volume = name, wait = true}
expect.eq(snapshot.status, "available", "snapshot available")
local copy = cinder.create{name = name .. "-copy", snapshot = name, size = 1, wait = true}
expect.eq(copy.snapshot_id, snapshot.id, "from the snapshot, by name")

expect.truthy(#cinder.types.list() >= 1, "volume types")
expect.truthy(#cinder.list{name = name} == 1, "filter by name")

local bad = expect.fails({service = "cinder", status = 400, method = "POST"}, cinder.create, {name = name, size = -1})
expect.truthy(bad.request_id, "the request id is kept")

cinder.delete(copy, {wait = true})
expect.fails({status = 400}, cinder.delete, volume) -- it has a snapshot
cinder.snapshots.delete(snapshot, {wait = true})
expect.eq(cinder.delete(volume, {wait = true}), true, "deleted")
expect.fails({kind = "not_found"}, cinder.wait, volume.id, "available")
return "ok"
