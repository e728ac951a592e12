-- The sandbox, run last in the prelude (it sees every global the host and the prelude made).
-- Each script and each module gets its own `_ENV` whose misses fall to one shared, read-only
-- base. The shared library tables are read-only proxies: an empty table whose `__index` is a
-- copy of the library (sub-tables proxied in turn) falling back to the library itself (whose
-- own `__index`, such as `nova has no 'creat'`, still answers a miss), so that a lookup such as `string.format`
-- stays a chain of table reads done inside the VM, with no Lua function called on the hot
-- path. Only a miss (a misspelt name) or a new global reaches Lua code and the host.
-- Returns `new_env`, which the host uses for the main chunk (Runtime+Sandbox.swift).
local real_G, real_rawset, rawget, next = _G, rawset, rawget, next
local protected = setmetatable({}, { __mode = "k" })
local views = {}   -- a shared table -> its read-only proxy

local function refuse(name)
  return function(_, key)
    error("cannot change '" .. name .. "." .. tostring(key)
      .. "': the libraries scripts share are read-only (keep your own copy in a local)", 2)
  end
end

-- writable: the keys a script may still set on the real table (package.path); they are read
-- from the real table, never copied, so that the host's later changes show through.
local function read_only(real, name, writable)
  local proxy = views[real]
  if proxy then return proxy end
  proxy = {}
  views[real] = proxy
  local view = setmetatable({}, { __index = real })
  for key, value in next, real do
    if not (writable and writable[key]) then
      if type(value) == "table" and not protected[value] then
        value = read_only(value, name .. "." .. tostring(key))
      end
      view[key] = value
    end
  end
  local deny = refuse(name)
  local real_meta = getmetatable(real)
  -- parallel(...) is a table with __call: the proxy calls it too (a tail call, so that errors
  -- still point at the script's line).
  local call = real_meta and rawget(real_meta, "__call") and function(_, ...) return real(...) end
  setmetatable(proxy, {
    __call = call,
    __index = view,
    __newindex = function(t, key, value)
      if writable and writable[key] then return real_rawset(real, key, value) end
      deny(t, key)
    end,
    __pairs = function()
      return function(_, key)
        local k = next(real, key)
        if k ~= nil then return k, view[k] end
      end, proxy, nil
    end,
    __len = function() return #real end,
    __metatable = "read-only",
  })
  protected[proxy] = true
  return proxy
end

-- The base's fields, which only the environments' metatable reaches; `base`, an empty proxy
-- over them, is what a script can name (package.loaded._G).
local base = {}
local base_fields = {}
views[real_G] = base
protected[base] = true
for key, value in next, real_G do
  if key ~= "package" and key ~= "_G" then
    if type(value) == "table" then value = read_only(value, key) end
    base_fields[key] = value
  end
end
-- require("string") answers the proxy too, and package.loaded._G the base.
for key, value in next, package.loaded do
  if views[value] then package.loaded[key] = views[value] end
end
base_fields.package = read_only(package, "package", { path = true })
-- The string metatable's __index is the real string table: keep it out of reach.
getmetatable("").__metatable = "read-only"

function base_fields.rawset(t, key, value)
  if protected[t] then
    error("cannot change '" .. tostring(key) .. "': the libraries scripts share are read-only", 2)
  end
  return real_rawset(t, key, value)
end

local load_text = load
local undeclared = host.undeclared
setmetatable(base_fields, {
  __index = function(_, name)
    -- What the host sets after the prelude (arg) is read from the real globals.
    local value = rawget(real_G, name)
    if value ~= nil then return value end
    local refusal = undeclared("read", name)
    if refusal then error(refusal, 0) end
    return nil
  end,
})
setmetatable(base, {
  __index = base_fields,
  __newindex = refuse("_G"),
  __pairs = function() return next, base_fields, nil end,
  __metatable = "read-only",
})

local env_meta = {
  __index = base_fields,
  __newindex = function(env, name, value)
    local refusal = undeclared("assign", name)
    if refusal then error(refusal, 0) end
    real_rawset(env, name, value)
  end,
  __metatable = "sandboxed",
}

new_env = function()
  -- The base's names are copied in (as Lua's own _G has them): a library is found in one table
  -- read instead of a miss and a second table. Rebinding one here changes only this env.
  local env = {}
  for key, value in next, base_fields do env[key] = value end
  env._G = env
  -- load's chunks default to the caller's own environment, not the real globals.
  env.load = function(chunk, name, mode, ...)
    if select("#", ...) > 0 then return load_text(chunk, name, mode, ...) end
    return load_text(chunk, name, mode, env)
  end
  return setmetatable(env, env_meta)
end
return new_env
