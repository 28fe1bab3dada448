-- medkb/lint/sandbox.lua -- where content rules run: rules are code
-- someone else wrote, so each runs in an environment of its own with the
-- pure parts of the standard library (string, table, math, utf8, pcall
-- and the like) and nothing that reaches outside: no io, os, debug,
-- dofile or loadfile, require only of an allow-list of pure-Lua modules
-- (loaded afresh into the rule's own environment), load only of text.
-- Each run has an instruction budget, a time limit and a memory cap
-- (medkb.core.memory_cap): a rule that loops, allocates without bound or
-- errors fails on its own, as a failure that names what stopped it, and
-- whoever runs rules goes on with the next.

local core = require "medkb.core"

local M = {}

--- The limits of one run, unless a config says otherwise: VM
-- instructions, seconds of CPU time, bytes allocated beyond what the
-- program held when the run began.
M.LIMITS = { instructions = 50000000, seconds = 5, memory = 64 * 2 ^ 20 }

-- How often (in instructions) the budget is looked at.
local STEP = 1000

--- The pure-Lua modules a rule may require, by name; each is loaded from
-- its file into the rule's environment, so what a rule does to it stays
-- with the rule.
M.ALLOWED = { ["medkb.extract"] = true, ["medkb.lint.text"] = true }

-- What stops a run: errors no rule can make or catch.
local function stop(message)
  return setmetatable({ message = message }, { __tostring = function(s) return s.message end })
end
local BUDGET = stop("instruction budget exceeded")
local TIMEOUT = stop("time limit exceeded")
local STOPS = { [BUDGET] = true, [TIMEOUT] = true }

-- pcall and xpcall as rules see them: what stops a run goes through them.
local function rethrow(ok, ...)
  if not ok and STOPS[(...)] then error((...), 0) end
  return ok, ...
end
local function safe_pcall(f, ...)
  return rethrow(pcall(f, ...))
end
local function safe_xpcall(f, handler, ...)
  return rethrow(xpcall(f, function(e)
    if STOPS[e] then return e end
    return handler(e)
  end, ...))
end

local function copy(t, skip)
  local out = {}
  for k, v in pairs(t) do
    if not (skip and skip[k]) then out[k] = v end
  end
  return out
end

-- A module's file on package.path.
local function module_file(name)
  local path, err = package.searchpath(name, package.path)
  if not path then error(("module '%s' not found: %s"):format(name, err), 2) end
  return path
end

--- env(name [, extra]) -> a fresh environment for a rule (name is what
-- its print says it is), with extra's fields added.
function M.env(name, extra)
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, select = select,
    tonumber = tonumber, tostring = tostring, type = type, rawequal = rawequal, rawlen = rawlen,
    pcall = safe_pcall, xpcall = safe_xpcall, _VERSION = _VERSION,
    string = copy(string, { dump = true }), table = copy(table), math = copy(math), utf8 = copy(utf8),
  }
  -- no string's metatable (it is every string's): strings have none here
  env.getmetatable = function(x)
    if type(x) == "string" then return nil end
    return getmetatable(x)
  end
  -- a finalizer would run outside the rule's limits, whenever collected
  env.setmetatable = function(t, mt)
    if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
      error("finalizers (__gc) are not allowed in rules", 2)
    end
    return setmetatable(t, mt)
  end
  env.load = function(chunk, chunkname, mode, e)
    if mode ~= nil and mode ~= "t" then return nil, "rules load text only" end
    return load(chunk, chunkname, "t", e == nil and env or e)
  end
  env.print = function(...)
    local parts = table.pack(...)
    for i = 1, parts.n do parts[i] = tostring(parts[i]) end
    io.stderr:write(("[%s] %s\n"):format(name, table.concat(parts, "\t", 1, parts.n)))
  end
  local loaded = {}
  env.require = function(mod)
    if type(mod) ~= "string" or not M.ALLOWED[mod] then
      error(("require '%s' is not allowed in rules (allowed: %s)"):format(tostring(mod),
        table.concat(M.allowed(), ", ")), 2)
    end
    if loaded[mod] == nil then
      local chunk = assert(loadfile(module_file(mod), "t", env))
      loaded[mod] = chunk(mod) or true
    end
    return loaded[mod]
  end
  env._G = env
  for k, v in pairs(extra or {}) do env[k] = v end
  return env
end

--- allowed() -> the modules rules may require, sorted.
function M.allowed()
  local out = {}
  for k in pairs(M.ALLOWED) do out[#out + 1] = k end
  table.sort(out)
  return out
end

--- run(limits, fn, ...) -> true, fn's results; or false and a message:
-- fn(...) under the limits (M.LIMITS where limits leaves one out).
-- Errors inside fn come back as the message; the limits' own as
-- "instruction budget exceeded", "time limit exceeded" or "not enough
-- memory".
function M.run(limits, fn, ...)
  limits = limits or M.LIMITS
  local budget = limits.instructions or M.LIMITS.instructions
  local deadline = os.clock() + (limits.seconds or M.LIMITS.seconds)
  local used = 0
  debug.sethook(function()
    used = used + STEP
    if used > budget then error(BUDGET, 0) end
    if os.clock() > deadline then error(TIMEOUT, 0) end
  end, "", STEP)
  core.memory_cap(math.tointeger(limits.memory or M.LIMITS.memory))
  local r = table.pack(pcall(fn, ...))
  core.memory_cap(nil)
  debug.sethook()
  if r[1] then return table.unpack(r, 1, r.n) end
  return false, M.message(r[2])
end

--- message(err) -> what an error raised by a rule says, read without
-- running any of the rule's code (no __tostring, no __index).
function M.message(err)
  if type(err) == "string" then return err end
  if type(err) == "number" then return tostring(err) end
  if type(err) == "table" and type(rawget(err, "message")) == "string" then return rawget(err, "message") end
  return ("(an error object of type %s)"):format(type(err))
end

--- free(fn, ...) -> as run, but without limits: what the same code costs
-- without the sandbox (the benchmark's baseline).
function M.free(_, fn, ...)
  local r = table.pack(pcall(fn, ...))
  if r[1] then return table.unpack(r, 1, r.n) end
  return false, M.message(r[2])
end

--- freeze(t) -> a read-only view of table t and of every table in it: a
-- rule reads it as it would t (indexing, #, ipairs, pairs) and cannot
-- change what other rules see.
function M.freeze(t, seen)
  seen = seen or {}
  if seen[t] then return seen[t] end
  local shadow, proxy = {}, {}
  seen[t] = proxy
  for k, v in pairs(t) do
    shadow[k] = type(v) == "table" and M.freeze(v, seen) or v
  end
  return setmetatable(proxy, {
    __index = shadow,
    __newindex = function() error("this table is read-only", 2) end,
    __len = function() return #shadow end,
    __pairs = function() return next, shadow, nil end,
    __metatable = "read-only",
  })
end

return M
