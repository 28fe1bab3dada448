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
    local output
    local i = 1
    while i <= #args do
      local a = args[i]
      if a == "--format" or a:match("^%-%-format=") then
        local f = a:match("=(.*)$")
        if not f then i = i + 1; f = args[i] end
        if f ~= "jsonl" then
          ctx.usage_error("export", ("unknown format '%s' (jsonl)"):format(tostring(f)))
        end
      elseif a == "--output" or a == "-o" or a:match("^%-%-output=") then
        output = a:match("=(.*)$")
        if not output then i = i + 1; output = args[i] end
        if not output then ctx.usage_error("export", "option '--output' needs a file name") end
      else
        ctx.usage_error("export", ("unexpected argument '%s'"):format(a))
      end
      i = i + 1
    end
    local kb <close> = ctx.open()
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
