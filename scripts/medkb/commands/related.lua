-- medkb/commands/related.lua -- `medkb related DOC`: the documents most
-- like a document (medkb/related.lua), each with what it shares with it.

local json = require "medkb.json"
local render_cmd = require "medkb.commands.render"

local M = {
  summary = "the documents most like a document",
  usage = "medkb [--db FILE] related DOC [--limit N] [--format text|json]",
  help = [[
Lists the documents most like DOC (an id, KIND:KEY, or a title): those
about the same entity, and those naming the most of what DOC is about
and states (its symptom, causes, drugs, diseases ...) and the words of
its title, titles counting most. Never DOC itself, its own question or
answers, nor two documents that are near duplicates of each other. An
answer is given as its question.

options:
  --limit N    at most N documents (default 5)
  --format F   text (default) or json: [{id, kind, title, score, shared}]

examples:
  medkb related 42
  medkb related 小腿肌肉抖动是怎么回事 --limit 10]],
}

function M.run(ctx, args)
  local opts, rest = ctx.options("related", args, { limit = "a number", format = "text|json" })
  if #rest ~= 1 then ctx.usage_error("related", "expected one DOC (an id, KIND:KEY or a title)") end
  local limit = ctx.positive("related", "limit", opts.limit, 5)
  local format = ctx.text_or_json("related", opts.format)
  local kb <close> = ctx.open("read")
  local doc = render_cmd.resolve(ctx, kb, rest)
  local docs, info = kb:related_documents(doc, limit)
  local out = ctx.out
  if format == "json" then
    local list = json.array()
    for i, d in ipairs(docs) do
      list[i] = { id = d.id, kind = d.kind, title = d.title, score = info[i].score,
                  shared = json.array(info[i].shared) }
    end
    out:write(json.encode(list), "\n")
    return 0
  end
  if #docs == 0 then
    out:write("no document is like this one\n")
    return 0
  end
  for i, d in ipairs(docs) do
    out:write(("%2d. %s %d  %s\n"):format(i, d.kind, d.id, d.title ~= "" and d.title or "(untitled)"))
    if #info[i].shared > 0 then out:write("    shares ", table.concat(info[i].shared, "、"), "\n") end
  end
  return 0
end

return M
