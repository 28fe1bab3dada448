-- medkb/commands/run.lua -- `medkb run SCRIPT.lua [ARGS]`: run a Lua
-- script with `kb` open on the knowledge base and `arg` holding its
-- arguments, as lua.c gives them; in one transaction unless told not to,
-- so that a script that fails leaves the knowledge base as it was.

local medkb = require "medkb"

return {
  summary = "run a Lua script with kb and arg",
  usage = "medkb [--db FILE] run [--no-transaction] SCRIPT.lua [ARGS]",
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

The script's errors end the command with status 1; a script that returns an
integer sets the exit status. Options go before SCRIPT.lua; everything after
it is the script's.]],
  run = function(ctx, args)
    local transaction = true
    while args[1] and args[1]:sub(1, 1) == "-" and args[1] ~= "-" do
      if args[1] == "--no-transaction" then
        transaction = false
      elseif args[1] ~= "--" then
        ctx.usage_error("run", ("unknown option '%s'"):format(args[1]))
      end
      local was = table.remove(args, 1)
      if was == "--" then break end
    end
    local script = args[1]
    if script == nil then ctx.usage_error("run", "expected a script file") end
    local kb <close> = ctx.open("write")
    local sarg = table.move(args, 2, #args, 1, { [0] = script })
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
