-- medkb/commands/stats.lua -- `medkb stats`: how many entities of each
-- kind, documents of each kind and relations the knowledge base holds.

return {
  summary = "count entities per kind, documents and relations",
  usage = "medkb [--db FILE] stats",
  help = [[
Prints the number of entities of each kind, of documents of each kind and of
relations in the knowledge base.]],
  run = function(ctx, args)
    if #args > 0 then ctx.usage_error("stats", ("unexpected argument '%s'"):format(args[1])) end
    local kb <close> = ctx.open("read")
    local s = kb:stats()
    local out = { "entities" }
    for _, kind in ipairs(s.kinds) do
      out[#out + 1] = ("  %-12s %8d"):format(kind, s.entities[kind])
    end
    out[#out + 1] = ("  %-12s %8d"):format("total", s.total_entities)
    out[#out + 1] = "documents"
    for _, kind in ipairs(require("medkb").document_kinds) do
      out[#out + 1] = ("  %-12s %8d"):format(kind, s.documents[kind])
    end
    out[#out + 1] = ("  %-12s %8d"):format("total", s.total_documents)
    out[#out + 1] = ("%-14s %8d"):format("relations", s.relations)
    ctx.out:write(table.concat(out, "\n"), "\n")
    return 0
  end,
}
