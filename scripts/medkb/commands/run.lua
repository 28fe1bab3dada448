-- medkb/commands/run.lua -- `medkb run SCRIPT.lua [ARGS]`: run a Lua
-- script with `kb` open on the knowledge base and `arg` holding its
-- arguments, as lua.c gives them.

local medkb = require "medkb"

return {
  summary = "run a Lua script with kb and arg",
  usage = "medkb [--db FILE] run SCRIPT.lua [ARGS]",
  help = [[
Runs SCRIPT.lua with these globals besides the standard ones:
  kb      the knowledge base, open on --db
  medkb   the medkb module
  arg     the script name at arg[0] and its arguments from arg[1]
The script's errors end the command with status 1; a script that returns an
integer sets the exit status.]],
  run = function(ctx, args)
    local script = args[1]
    if script == nil then ctx.usage_error("run", "expected a script file") end
    local kb <close> = ctx.open()
    local sarg = table.move(args, 2, #args, 1, { [0] = script })
    local env = setmetatable({ kb = kb, medkb = medkb, arg = sarg }, { __index = _G })
    local chunk, err = loadfile(script, "t", env)
    if not chunk then ctx.fail(err) end
    local status = chunk(table.unpack(sarg, 1, #sarg))
    return math.tointeger(status) or 0
  end,
}
