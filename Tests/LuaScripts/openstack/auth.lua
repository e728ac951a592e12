-- Clouds: the default cloud, a second cloud in the same script, endpoints and microversions.
local expect = require "expect"

local cloud = keystone.auth()
expect.truthy(cloud.project_id, "project id")
expect.eq(keystone.auth(), cloud, "asking again gives the same cloud")

local compute = cloud:endpoint("compute")
expect.truthy(compute.url:find("/v2.1", 1, true), "compute url is versioned")
expect.truthy(compute.microversion, "a default compute microversion is negotiated")
local volume = cloud.endpoint("volumev3") -- an alias, called with a dot
expect.eq(volume.service, "block-storage", "alias")
expect.truthy(cloud:endpoint("image").url:find("/v2", 1, true), "glance discovered from its version list")
expect.truthy(cloud:endpoint("network").url:find("/v2.0", 1, true), "neutron discovered from its version list")

-- Secrets are never readable, whatever is granted, while the calls above signed in with them.
expect.eq(os.getenv("OS_PASSWORD"), nil, "OS_PASSWORD is not readable")
expect.eq(os.getenv("OS_TOKEN"), nil, "OS_TOKEN is not readable")
expect.truthy(os.getenv("OS_AUTH_URL"), "a non-secret OS_* variable is")

-- A second cloud, given explicitly, in the same script: its own token, the same services. Its
-- password comes from a file the harness wrote and granted (arg[2]): a script that passes a
-- password explicitly signs in with it.
local env = os.getenv
local password = fs.read(assert(arg[2], "the harness passes a password file")):gsub("%s+$", "")
local second = keystone.auth{
  auth_url = env("OS_AUTH_URL"), username = env("OS_USERNAME"), password = password,
  project_name = env("OS_PROJECT_NAME"), user_domain_name = "Default", project_domain_name = "Default",
}
expect.truthy(second ~= cloud, "an explicit cloud is a cloud of its own")
expect.eq(#second.nova.flavors.list() > 0, true, "the second cloud lists flavors")

-- Bad credentials: a clear authentication error, without the password in it.
local bad = expect.fails({kind = "authentication", service = "keystone", status = 401}, keystone.auth, {
  auth_url = env("OS_AUTH_URL"), username = env("OS_USERNAME"), password = "wrong-password-xyz",
  project_name = env("OS_PROJECT_NAME"),
})
expect.eq(tostring(bad):find("wrong-password-xyz", 1, true), nil, "the password is not in the error")

expect.fails({kind = "configuration"}, keystone.auth, {cloud = "no-such-cloud-anywhere"})
expect.fails(nil, keystone.auth, {auth_url = "x", bogus_option = 1})
return "ok"
