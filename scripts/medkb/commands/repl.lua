-- medkb/commands/repl.lua -- `medkb repl`: an interactive Lua session with
-- `kb` open on the knowledge base.  The loop itself is C (core/repl.c);
-- the formatting and completion it uses are in medkb/repl.lua.

local medkb = require "medkb"

return {
  summary = "interactive Lua with kb open",
  usage = "medkb [--db FILE] repl",
  help = [[
Starts a Lua 5.4 session with `kb` open on the knowledge base and `medkb`
loaded. Expressions print their values (entities readably, tables to a few
levels); incomplete statements continue on the next line; Tab completes
globals, fields and methods. Ctrl-C interrupts a running chunk, or discards
the line being typed and gives a new prompt. The history is kept in
~/.medkb_history ($MEDKB_HISTORY overrides). Type .help for help and .quit
(or Ctrl-D) to leave. What is written is kept at once (no transaction);
use kb:transaction for changes that belong together.

With stdin not a terminal it reads and evaluates lines without prompts,
and exits with status 1 at the end if any chunk raised an error.]],
  run = function(ctx, args)
    if #args > 0 then ctx.usage_error("repl", ("unexpected argument '%s'"):format(args[1])) end
    local ok, core = pcall(require, "medkb.replcore")
    if not ok then ctx.fail("the REPL needs the medkb program") end
    local helpers = require "medkb.repl"
    local kb <close> = ctx.open("write")
    local env = setmetatable({ kb = kb, medkb = medkb }, { __index = _G })
    if core.interactive then
      io.stdout:write(("medkb %s on %s -- .help for help, .quit to leave\n"):format(
        medkb.VERSION, ctx.db))
    end
    local failed = core.run(env, {
      format = helpers.format,
      complete = helpers.complete,
      help = helpers.help,
      history = helpers.history_file(),
      traceback = ctx.debug,
    })
    if failed > 0 and not core.interactive then return 1 end
    return 0
  end,
}
