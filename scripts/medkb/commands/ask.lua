-- medkb/commands/ask.lua -- `medkb ask QUESTION`: the answer the knowledge
-- base gives (medkb/ask.lua), with the documents each fact comes from.

local json = require "medkb.json"

local M = {
  summary = "answer a question from the knowledge base",
  usage = "medkb [--db FILE] ask QUESTION [--format text|json]",
  help = [[
Answers QUESTION (in Chinese, as people ask it) from what the knowledge
base holds: the entities it names (names and aliases), what it asks of
them (causes, symptoms, drugs, foods to eat or avoid, exams, treatments,
departments to visit, doctors who answered, drugs that provoke a
symptom, a drug's uses and side effects, ...) and a sentence made from
the facts, each fact followed by the numbers of the documents it comes
from. A question about something the knowledge base does not hold is
answered so: nothing is guessed.

Exit status: 0 when the knowledge base answers, 1 when it holds nothing
to answer with, 2 for a usage error.

options:
  --format F   text (default) or json: {known, text, type, subject,
               facts: [{name, kind, group, sources}], sources: [{id, kind,
               title}]}

examples:
  medkb ask 小腿肌肉抖动是什么原因
  medkb ask 缺钙吃什么药
  medkb ask 眼皮跳挂什么科 --format json]],
}

function M.run(ctx, args)
  local opts, rest = ctx.options("ask", args, { format = "text|json" })
  if #rest == 0 then ctx.usage_error("ask", "expected a QUESTION") end
  local format = ctx.text_or_json("ask", opts.format)
  local kb <close> = ctx.open("read")
  local a = kb:ask(table.concat(rest, " "))
  local out = ctx.out
  if format == "json" then
    local index = {}
    local sources = json.array()
    for i, d in ipairs(a.sources) do
      index[d.id] = i
      sources[i] = { id = d.id, kind = d.kind, title = d.title }
    end
    local facts = json.array()
    for i, f in ipairs(a.facts) do
      local cited = json.array()
      for _, d in ipairs(f.sources) do cited[#cited + 1] = index[d.id] end
      facts[i] = { name = f.name, kind = f.entity.kind, group = f.group, sources = cited }
    end
    out:write(json.encode{ question = a.question, known = a.known, text = a.text, type = a.type,
      subject = a.subject and { kind = a.subject.kind, name = a.subject.name } or nil,
      facts = facts, sources = sources }, "\n")
  else
    out:write(a.text, "\n")
    for i, d in ipairs(a.sources) do
      out:write(("[%d] %s %d  %s\n"):format(i, d.kind, d.id, d.title ~= "" and d.title or "(untitled)"))
    end
  end
  return a.known and 0 or 1
end

return M
