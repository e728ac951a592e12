-- Application credentials and tokens: an application credential the script makes for itself
-- through the identity API and signs in with; with the harness's files (arg[3], arg[4]), one it
-- made for another user in another project, and a token it issued.
local expect = require "expect"
local env = os.getenv
local name = expect.name("appcred")
local admin = keystone.auth()

local users = openstack.request{service = "identity", path = "/users", query = {name = env("OS_USERNAME")}}.json.users
expect.eq(#users, 1, "the user by name")
local made = openstack.request{service = "identity", method = "POST", path = "/users/" .. users[1].id .. "/application_credentials",
  body = {application_credential = {name = name, description = "stackrun's service test"}}}
expect.eq(made.status, 201, "application credential created")
local credential = made.json.application_credential
expect.truthy(credential.secret, "Keystone generated a secret")

-- Signed in by id and by name (the name needs its user); scoped to the project it was made in.
local by_id = keystone.auth{auth_url = env("OS_AUTH_URL"), application_credential_id = credential.id,
                            application_credential_secret = credential.secret}
expect.eq(by_id.project_id, admin.project_id, "the credential's own project")
expect.truthy(by_id ~= admin, "a cloud of its own")
expect.truthy(#by_id.nova.flavors.list() > 0, "flavors through the credential")
local network = by_id.neutron.networks.create{name = name}
expect.eq(admin.neutron.networks.get(network.id).name, name, "made through the credential, seen by the password cloud")
by_id.neutron.networks.delete(network)
local by_name = keystone.auth{auth_url = env("OS_AUTH_URL"), application_credential_name = name, username = env("OS_USERNAME"),
                              user_domain_name = "Default", application_credential_secret = credential.secret}
expect.eq(by_name.project_id, admin.project_id, "by name")

-- A wrong secret: Keystone's 401 as an authentication error, without the secret in it.
local wrong = "not-the-secret-" .. name
local refused = expect.fails({kind = "authentication", service = "keystone", status = 401}, keystone.auth,
  {auth_url = env("OS_AUTH_URL"), application_credential_id = credential.id, application_credential_secret = wrong})
expect.eq(tostring(refused):find(wrong, 1, true), nil, "the secret is not in the error")
expect.eq(tostring(refused):find(credential.secret, 1, true), nil, "nor the right one")
local deleted = openstack.request{service = "identity", method = "DELETE",
                                  path = "/users/" .. users[1].id .. "/application_credentials/" .. credential.id}
expect.eq(deleted.status, 204, "application credential deleted")

-- The harness's files: realstack's application credential of the non-admin user demo, and a
-- token it issued for admin. Against real services both must be given.
if env("STACKRUN_TARGET") == "realstack" then
  expect.truthy(arg[3] and arg[4], "realstack's harness passes an application credential file and a token file")
end
if arg[3] then
  local file = json.decode(fs.read(arg[3]))
  local demo = keystone.auth{auth_url = env("OS_AUTH_URL"), application_credential_id = file.id,
                             application_credential_secret = file.secret}
  expect.truthy(demo.project_id ~= admin.project_id, "the demo project, not admin's")
  expect.truthy(demo.neutron.networks.find("private"), "demo's own network")
  expect.fails({status = 403, service = "keystone"}, demo.openstack.request, {service = "identity", path = "/users"})
end
if arg[4] then
  local token = fs.read(arg[4]):gsub("%s+$", "")
  local by_token = keystone.auth{auth_url = env("OS_AUTH_URL"), token = token, project_name = env("OS_PROJECT_NAME"),
                                 project_domain_name = "Default"}
  expect.eq(by_token.project_id, admin.project_id, "rescoped from the token")
  expect.truthy(#by_token.nova.flavors.list() > 0, "flavors with the token")
  expect.truthy(by_token:endpoint("image").url:find("/v2", 1, true), "its catalog discovered")
  local bad = expect.fails({kind = "authentication", service = "keystone"}, keystone.auth,
    {auth_url = env("OS_AUTH_URL"), token = "gAAAAA" .. string.rep("x", 40), project_name = env("OS_PROJECT_NAME"), project_domain_name = "Default"})
  expect.eq(tostring(bad):find(token, 1, true), nil, "the token is not in the error")
end
return "ok"
