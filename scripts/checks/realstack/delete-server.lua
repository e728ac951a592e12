-- Deletes the server NAME and waits until it is gone, as a lost server would be: realstack.sh
-- then runs ensure-servers, which must make it again.
--   stackrun run scripts/checks/realstack/delete-server.lua NAME
return nova.delete(assert(arg[1], "NAME"), {wait = true})
