-- medkb/commands/init.lua -- `medkb init`: create the knowledge base file,
-- or bring an existing one's schema up to date.

local medkb = require "medkb"

return {
  summary = "create the knowledge base (or update its schema)",
  usage = "medkb [--db FILE] init",
  help = [[
Creates the knowledge base file named by --db (default ./medkb.db) with the
current schema. On an existing file it runs any pending schema migrations
and changes nothing else.]],
  run = function(ctx, args)
    if #args > 0 then ctx.usage_error("init", ("unexpected argument '%s'"):format(args[1])) end
    local existed = io.open(ctx.db, "rb")
    if existed then existed:close() end
    local kb <close> = ctx.open("create")
    local now, found = kb:schema_version()
    local what = "created"
    if existed and found < now then
      what = ("migrated from schema version %d:"):format(found)
    elseif existed then
      what = "up to date:"
    end
    ctx.out:write(("%s %s (schema version %d, medkb %s)\n"):format(what, ctx.db, now, medkb.VERSION))
    return 0
  end,
}
