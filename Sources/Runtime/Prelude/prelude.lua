-- Lua code run once per state before any script: what is simplest written in Lua itself.
-- It receives the host-yield sentinel and a table of host functions, and keeps both local, so
-- scripts cannot reach them.
local HOST, host = ...
-- host.resume is coroutine.resume as the run's stop needs it: the coroutine it resumes gets the
-- resumer's hook, so that code a script runs in its own coroutines is stopped too.
local co_create, co_resume, co_yield, co_status, co_close =
  coroutine.create, host.resume, coroutine.yield, coroutine.status, coroutine.close
local pack, unpack, select, error, type, setmetatable, tostring =
  table.pack, table.unpack, select, error, type, setmetatable, tostring

-- A host yield (I/O) made inside a script's own coroutine must reach the scheduler, which only
-- resumes tasks: pass it up through every coroutine.resume, and the task's resume values back
-- down into the coroutine that made the call (the OpenResty approach).
local function relay(co, r)
  while r[1] and r.n == 2 and r[2] == HOST and co_status(co) == "suspended" do
    local back = pack(co_yield(HOST))
    r = pack(co_resume(co, unpack(back, 1, back.n)))
  end
  return r
end

function coroutine.resume(co, ...)
  local r = relay(co, pack(co_resume(co, ...)))
  return unpack(r, 1, r.n)
end

function coroutine.wrap(f)
  local co = co_create(f)
  return function(...)
    local r = relay(co, pack(co_resume(co, ...)))
    if r[1] then return unpack(r, 2, r.n) end
    co_close(co)
    local err = r[2]
    if type(err) == "string" then error(err, 2) end
    error(err, 0)
  end
end

-- Only text chunks: a binary chunk can crash the interpreter.
local raw_load = load
function load(chunk, name, mode, ...)
  if select("#", ...) > 0 then return raw_load(chunk, name, "t", ...) end
  return raw_load(chunk, name, "t")
end
dofile, loadfile = nil, nil
-- No bytecode out either: string.dump is the one way to make it.
string.dump = nil

-- collectgarbage only reports: stopping, stepping or retuning the collector is the host's
-- business (a script that stops it can exhaust memory, one that steps it can stall the loop).
local raw_collectgarbage = collectgarbage
function collectgarbage(option, ...)
  if option == "count" then return raw_collectgarbage("count") end
  error(host.bad_argument("collectgarbage", "bad argument #1 to 'collectgarbage' (only \"count\" is available to scripts, got "
    .. (type(option) == "string" and ("'" .. option .. "'") or type(option)) .. ")"), 0)
end

-- require: Lua modules from the script's directory, the current directory and the recipe path
-- (ModuleSearchPath.swift). The module body is called from Lua, so it may do I/O (yield) like
-- any other code; a task requiring a module another task is still loading waits for that load
-- rather than running the body twice.
-- loading[name]: the coroutine whose require is running that module's body; awaiting[co]: the
-- module a coroutine waits for another task to finish loading.
local loaded, loading, awaiting = {}, {}, {}
local sleep = sleep
-- Whether `name`'s loader is `me`, or waits (through other loaders) on a module `me` loads:
-- either way waiting would never end.
local function waits_on_itself(me, name)
  local loader, steps = loading[name], 0
  while loader ~= nil and steps < 10000 do
    if loader == me then return true end
    local waited = awaiting[loader]
    loader, steps = waited and loading[waited], steps + 1
  end
  return false
end
-- Each module runs in its own _ENV over the read-only base (sandbox.lua sets this).
local new_env
package = { loaded = loaded, path = host.module_path }
for _, name in ipairs({ "coroutine", "math", "string", "table", "utf8", "json", "log", "http", "os", "fs",
                        "keystone", "nova", "cinder", "neutron", "glance", "openstack", "err" }) do
  loaded[name] = _G[name]
end
loaded._G = _G
function require(name)
  if type(name) ~= "string" then
    error(host.bad_argument("require", "bad argument #1 to 'require' (string expected, got " .. type(name) .. ")"), 0)
  end
  local value = loaded[name]
  if value ~= nil then return value end
  local me = coroutine.running()
  while loading[name] do
    if waits_on_itself(me, name) then error("module '" .. name .. "' requires itself (a require loop)", 2) end
    -- Another task is loading it (its body is waiting on I/O): wait for that load, once.
    awaiting[me] = name
    local ok, err = pcall(sleep, 0.002)
    awaiting[me] = nil
    if not ok then error(err, 0) end
    if loaded[name] ~= nil then return loaded[name] end
  end
  local chunk, path = host.find_module(name, package.path)
  host.set_env(chunk, new_env())
  loading[name] = me
  local ok, result = pcall(chunk, name, path)
  loading[name] = nil
  if not ok then error(result, 0) end
  if loaded[name] == nil then loaded[name] = (result == nil) and true or result end
  return loaded[name]
end

-- recipe.run(name or declaration, params): another recipe's run, with its parameters checked
-- and its defaults filled in as the command line's would be (Runtime+Recipe.swift).
-- A name is looked up on the recipe path only (not the script's directory, as require would),
-- and the declaration must carry that name.
recipe = {}
local recipes_loaded = {}
-- The recipes each coroutine is running through recipe.run, weakly: a finished task's go.
local recipes_running = setmetatable({}, {__mode = "k"})
function recipe.run(target, params)
  local declaration = target
  if type(target) == "string" then
    declaration = recipes_loaded[target]
    if declaration == nil then
      local chunk, path = host.find_recipe(target)
      host.set_env(chunk, new_env())
      declaration = chunk(target, path)
      if type(declaration) ~= "table" or declaration.name ~= target then
        error(host.bad_argument("recipe.run", path .. " was found as the recipe '" .. target .. "', but returns no declaration of that name"), 0)
      end
      recipes_loaded[target] = declaration
    end
  end
  local values, problem = host.recipe_parameters(declaration, params)
  if values == nil then error(host.bad_argument("recipe.run", problem), 0) end
  -- A recipe that runs itself, directly or through others, would never end.
  local me, name = coroutine.running(), declaration.name
  local running = recipes_running[me] or {}
  if running[name] then error(host.bad_argument("recipe.run", "recipe '" .. name .. "' runs itself (a recipe loop)"), 0) end
  recipes_running[me], running[name] = running, true
  local results = table.pack(pcall(declaration.run, values))
  running[name] = nil
  if not results[1] then error(results[2], 0) end
  return table.unpack(results, 2, results.n)
end

-- parallel.map: `limit` workers take the next index in turn; results keep the list's order.
function parallel.map(list, fn, options)
  if type(list) ~= "table" then
    error(host.bad_argument("parallel.map", "bad argument #1 to 'parallel.map' (table expected, got " .. type(list) .. ")"), 0)
  end
  if type(fn) ~= "function" then
    error(host.bad_argument("parallel.map", "bad argument #2 to 'parallel.map' (function expected, got " .. type(fn) .. ")"), 0)
  end
  local n = #list
  local limit = n
  if options ~= nil then
    if type(options) ~= "table" then
      error(host.bad_argument("parallel.map", "bad argument #3 to 'parallel.map' (table expected, got " .. type(options) .. ")"), 0)
    end
    if options.limit ~= nil then
      if math.type(options.limit) ~= "integer" or options.limit < 1 then
        error(host.bad_argument("parallel.map", "bad argument #3 to 'parallel.map' (limit must be a positive integer)"), 0)
      end
      limit = options.limit
    end
  end
  local results = json.array()
  local next_index = 0
  local function worker()
    while true do
      next_index = next_index + 1
      local i = next_index
      if i > n then return end
      results[i] = fn(list[i], i)
    end
  end
  local workers = {}
  for w = 1, math.min(limit, n) do workers[w] = worker end
  parallel(unpack(workers))
  return results
end
