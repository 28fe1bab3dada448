-- medkb/commands/run.lua -- `medkb run SCRIPT.lua [ARGS]`: run a Lua
-- script with `kb` open on the knowledge base and `arg` holding its
-- arguments, as lua.c gives them; in one transaction unless told not to,
-- so that a script that fails leaves the knowledge base as it was; with
-- --sandbox, a script someone else wrote, in medkb's sandbox.

local medkb = require "medkb"
local sandbox = require "medkb.sandbox"
local view = require "medkb.view"

-- Runs the script at path in the sandbox: kb is the read-only view
-- content rules see, print writes to standard output.  Its value, or
-- fails naming the script.
local function run_sandboxed(ctx, kb, path, sarg)
  local print_out = sandbox.printer(function(line) ctx.out:write(line, "\n") end)
  local env = sandbox.env(path, { kb = view.of(kb), arg = sandbox.freeze(sarg), print = print_out })
  local chunk, err = loadfile(path, "t", env)
  if not chunk then ctx.fail(err) end
  local result = table.pack(sandbox.run(sandbox.LIMITS, chunk, table.unpack(sarg, 1, #sarg)))
  if not result[1] then ctx.fail(("%s: %s"):format(path, result[2])) end
  return result[2]
end

return {
  summary = "run a Lua script with kb and arg",
  usage = "medkb [--db FILE] run [--no-transaction | --sandbox] SCRIPT.lua [ARGS]",
  help = [[
Runs SCRIPT.lua with these globals besides the standard ones:
  kb      the knowledge base, open on --db (it must exist: medkb init)
  medkb   the medkb module
  arg     the script name at arg[0] and its arguments from arg[1]

The script runs in one transaction: if it raises an error, everything it
wrote is undone and the knowledge base is as it was (as Redis runs its
scripts). --no-transaction runs it without one, for long jobs that commit
their own work (kb:transaction); what such a script wrote before an error
stays. A knowledge base that cannot be written is opened for reading, and
a script that only reads runs on it.

--sandbox runs a script someone else wrote as medkb runs content rules: kb is
a read-only view of the knowledge base (the functions a rule's kb has: see
`medkb lint --help`), the standard library only in its pure parts (no io,
os, debug, require of anything but medkb's pure-Lua helpers, load of text
only), print writes to standard output, and the script has an instruction
budget, a time limit and a memory cap. A script that reaches past them or
runs out of them fails, naming itself; the knowledge base is not changed.

The script's errors end the command with status 1; a script that returns an
integer sets the exit status. Options go before SCRIPT.lua; everything after
it is the script's.]],
  run = function(ctx, args)
    local transaction, sandboxed = true, false
    while args[1] and args[1]:sub(1, 1) == "-" and args[1] ~= "-" do
      if args[1] == "--no-transaction" then
        transaction = false
      elseif args[1] == "--sandbox" then
        sandboxed = true
      elseif args[1] ~= "--" then
        ctx.usage_error("run", ("unknown option '%s'"):format(args[1]))
      end
      local was = table.remove(args, 1)
      if was == "--" then break end
    end
    local script = args[1]
    if script == nil then ctx.usage_error("run", "expected a script file") end
    local sarg = table.move(args, 2, #args, 1, { [0] = script })
    if sandboxed then
      local kb <close> = ctx.open("read")
      return math.tointeger(run_sandboxed(ctx, kb, script, sarg)) or 0
    end
    local kb <close> = ctx.open("write")
    local env = setmetatable({ kb = kb, medkb = medkb, arg = sarg }, { __index = _G })
    local chunk, err = loadfile(script, "t", env)
    if not chunk then ctx.fail(err) end
    local status
    if transaction and not kb:readonly() then
      status = kb:transaction(chunk, table.unpack(sarg, 1, #sarg))
    else
      status = chunk(table.unpack(sarg, 1, #sarg))
    end
    return math.tointeger(status) or 0
  end,
}
