-- medkb/sandbox.lua -- where code someone else wrote runs: content rules
-- and their config (medkb.lint), templates from a directory of one's own
-- (medkb.render) and scripts run with `medkb run --sandbox`.  Each file
-- runs in an environment of its own with the pure parts of the standard
-- library (string, table, math, utf8, coroutine, pcall and the like) and
-- nothing that reaches outside: no io, os, debug, collectgarbage, dofile
-- or loadfile, require only of an allow-list of pure-Lua modules (loaded
-- afresh into the environment), load only of text, no string metatable
-- and no finalizers.  Each run has an instruction budget, a time limit and
-- a memory cap (medkb.core.limits_begin, medkb.core.memory_cap): a hook
-- counts instructions in the code and in every coroutine it makes, and
-- pattern matching (find, match, gmatch, gsub, as functions or as string
-- methods) counts its steps against the same budget
-- (medkb.core.pattern).  Code that loops, recurses, allocates without
-- bound or errors fails on its own, as a failure that names what stopped
-- it and where, and whoever runs it goes on.

local core = require "medkb.core"

local M = {}

--- The limits of one run, unless a config says otherwise: VM
-- instructions, seconds of CPU time, bytes allocated beyond what the
-- program held when the run began.
M.LIMITS = { instructions = 50000000, seconds = 5, memory = 64 * 2 ^ 20 }

--- The pure-Lua modules sandboxed code may require, by name; each is loaded from
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

-- pcall, xpcall, load and coroutine.resume and close, which catch
-- errors, as sandboxed code sees them: what stops a run goes through
-- them, however it was caught.
local function unstopped(...)
  local raised = core.limits_stopped()
  if raised then error(raised, 0) end
  return ...
end
local function rethrow(ok, ...)
  if not ok and STOPS[(...)] then error((...), 0) end
  return unstopped(ok, ...)
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
local function safe_resume(co, ...)
  return rethrow(coroutine.resume(co, ...))
end
local function safe_close(co)
  return rethrow(coroutine.close(co))
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

-- The string library of sandboxed code, as functions and as the methods
-- of strings while a run lasts: no dump, and pattern matching that counts
-- its steps.
local STRING = copy(string, { dump = true })
for k, f in pairs(core.pattern) do STRING[k] = f end

--- printer(write) -> a print for sandboxed code: its arguments, each
-- through tostring, joined by tabs as print joins them, given to
-- write(line).
function M.printer(write)
  return function(...)
    local parts = table.pack(...)
    for i = 1, parts.n do parts[i] = tostring(parts[i]) end
    write(table.concat(parts, "\t", 1, parts.n))
  end
end

--- env(name [, extra]) -> a fresh environment for sandboxed code (name is
-- what its print says it is), with extra's fields added.
function M.env(name, extra)
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, select = select,
    tonumber = tonumber, tostring = tostring, type = type, rawequal = rawequal, rawlen = rawlen,
    pcall = safe_pcall, xpcall = safe_xpcall, _VERSION = _VERSION,
    string = copy(STRING), table = copy(table), math = copy(math), utf8 = copy(utf8),
    coroutine = copy(coroutine),
  }
  env.coroutine.resume, env.coroutine.close = safe_resume, safe_close
  -- no string's metatable (it is every string's): strings have none here
  env.getmetatable = function(x)
    if type(x) == "string" then return nil end
    return getmetatable(x)
  end
  -- a finalizer would run outside the limits, whenever collected
  env.setmetatable = function(t, mt)
    if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
      error("finalizers (__gc) are not allowed in sandboxed code", 2)
    end
    return setmetatable(t, mt)
  end
  env.load = function(chunk, chunkname, mode, e)
    if mode ~= nil and mode ~= "t" then return nil, "sandboxed code loads text only" end
    -- a reader function's errors are caught: a stop among them goes on
    return unstopped(load(chunk, chunkname, "t", e == nil and env or e))
  end
  env.print = M.printer(function(line) io.stderr:write(("[%s] %s\n"):format(name, line)) end)
  local loaded = {}
  env.require = function(mod)
    if type(mod) ~= "string" or not M.ALLOWED[mod] then
      error(("require '%s' is not allowed in sandboxed code (allowed: %s)"):format(tostring(mod),
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

--- allowed() -> the modules sandboxed code may require, sorted.
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
-- memory", followed by " at FILE:LINE" of the code that was running.  A
-- run inside another keeps to the outer one's limits.
function M.run(limits, fn, ...)
  limits = limits or M.LIMITS
  local outermost = core.limits_begin(math.tointeger(limits.instructions or M.LIMITS.instructions),
    limits.seconds or M.LIMITS.seconds, BUDGET, TIMEOUT)
  local r
  if outermost then
    local strings = getmetatable("")
    local methods = strings.__index
    strings.__index = STRING
    core.memory_cap(math.tointeger(limits.memory or M.LIMITS.memory))
    r = table.pack(pcall(fn, ...))
    core.memory_cap(nil)
    strings.__index = methods
  else
    r = table.pack(pcall(fn, ...))
  end
  local where
  if outermost then where = select(2, core.limits_end()) end
  if r[1] then return table.unpack(r, 1, r.n) end
  local message = M.message(r[2])
  if where and STOPS[r[2]] then
    message = ("%s at %s"):format(message, where)
  end
  return false, message
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
