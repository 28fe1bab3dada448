-- medkb/commands/export.lua -- `medkb export`: the knowledge base as JSON
-- Lines, on stdout or into a file, for `medkb import` to read back.

local export = require "medkb.export"

return {
  summary = "write the knowledge base as JSON Lines",
  usage = "medkb [--db FILE] export [--format jsonl] [--output FILE]",
  help = [[
Writes every kind, entity (with aliases and attributes), relation and
document (with parts, counts, attributes and links) as one JSON object a
line, to stdout or to --output FILE. `medkb import` reads it back:
exporting, then importing into an empty knowledge base, gives the same
knowledge base. jsonl is the only format.]],
  run = function(ctx, args)
    local opts, rest = ctx.options("export", args, { format = "a value", output = "a file name" },
      { o = "output" })
    if rest[1] then ctx.usage_error("export", ("unexpected argument '%s'"):format(rest[1])) end
    if opts.format and opts.format ~= "jsonl" then
      ctx.usage_error("export", ("unknown format '%s' (jsonl)"):format(opts.format))
    end
    local output = opts.output
    local kb <close> = ctx.open("read")
    local out = ctx.out
    if output then
      local err
      out, err = io.open(output, "wb")
      if not out then ctx.fail(err) end
    end
    local n = export.jsonl(kb, function(line) out:write(line) end)
    if output then
      out:close()
      ctx.err:write(("%s: %d records\n"):format(output, n))
    end
    return 0
  end,
}
