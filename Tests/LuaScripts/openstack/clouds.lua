-- clouds.yaml: the entries the harness wrote (OS_CLIENT_CONFIG_FILE), with their secrets in
-- secure.yaml (OS_CLIENT_SECURE_FILE), neither readable by the script. `sr-admin` has Keystone's
-- unversioned URL, so the identity version is discovered as the real clients do; `sr-internal`
-- picks the internal endpoints and pins the compute microversion.
local expect = require "expect"
local env = os.getenv
expect.truthy(env("OS_CLIENT_CONFIG_FILE"), "the harness names its clouds.yaml")
expect.fails({kind = "permission_denied"}, fs.read, env("OS_CLIENT_CONFIG_FILE"))
local default = keystone.auth()

local admin = keystone.auth{cloud = "sr-admin"}
expect.eq(admin.name, "sr-admin", "the entry's name")
expect.eq(admin.project_id, default.project_id, "the same project as the OS_* variables' cloud")
expect.eq(admin.region, "RegionOne", "region_name")
local compute = admin:endpoint("compute")
expect.truthy(compute.url:find("/v2.1", 1, true), "compute from the catalog: " .. compute.url)
expect.truthy(compute.source:find("public", 1, true), "the public interface: " .. compute.source)
expect.truthy(#admin.nova.flavors.list() > 0, "flavors through sr-admin")

local internal = keystone.auth{cloud = "sr-internal"}
local pinned = internal:endpoint("compute")
expect.truthy(pinned.source:find("internal", 1, true), "the internal interface: " .. pinned.source)
expect.eq(pinned.microversion, "2.60", "compute_api_version")
local limits = internal.openstack.request{service = "compute", path = "/limits"}
expect.eq(limits.headers["openstack-api-version"], "compute 2.60", "sent with every call")
expect.truthy(internal:endpoint("network").url:find("/v2.0", 1, true), "neutron versioned by discovery")

-- Against real services the harness adds a non-admin user's cloud and an application
-- credential's cloud (realstack's demo user, in project demo).
if env("STACKRUN_TARGET") == "realstack" then
  local demo = keystone.auth{cloud = "sr-demo"}
  expect.truthy(demo.project_id ~= default.project_id, "demo's project")
  expect.truthy(demo.neutron.networks.find("private"), "demo's network")
  expect.fails({status = 403}, demo.openstack.request, {service = "identity", path = "/users"})
  local appcred = keystone.auth{cloud = "sr-appcred"}
  expect.eq(appcred.project_id, demo.project_id, "the application credential's project")
  expect.truthy(#appcred.cinder.list() >= 0, "volumes through the application credential")
end
expect.fails({kind = "configuration"}, keystone.auth, {cloud = "sr-no-such-entry"})
return "ok"
