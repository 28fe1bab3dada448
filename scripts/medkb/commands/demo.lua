-- medkb/commands/demo.lua -- `medkb demo`: build a small knowledge base
-- from the example written for medkb (medkb/examples/eyelid.lua) and
-- answer a few questions with it, to show what the API does.

local medkb = require "medkb"

local M = {
  summary = "build the example knowledge base and query it",
  usage = "medkb [--db FILE] demo [--into FILE]",
  help = [[
Builds a small knowledge base about eyelid twitching (眼皮跳) from the
example that ships with medkb, then answers: what can cause it, what is
taken or done for each cause, which names it is known by, and who answers
questions about it. The knowledge base is kept in memory unless --into FILE
names a file to build it in (building again changes nothing).]],
}

--- build(kb [, example]) -> the symptom entity.  Loads the example into kb
-- in one transaction; idempotent.
function M.build(kb, ex)
  ex = ex or require "medkb.examples.eyelid"
  return kb:transaction(function()
    local s = kb:put{ kind = "symptom", name = ex.symptom.name, aliases = ex.symptom.aliases }
    for rank, c in ipairs(ex.causes) do
      local cause = kb:put{ kind = "cause", name = c.name }
      kb:relate(s, "cause", cause, { rank = rank, text = c.text })
      for _, kind in ipairs({ "drug", "treatment", "food", "exam", "department" }) do
        for r, name in ipairs(c[kind] or {}) do
          kb:relate(cause, kind, kb:put{ kind = kind, name = name }, { rank = r })
        end
      end
    end
    local d = ex.doctor
    local doctor = kb:put{ kind = "doctor", name = d.name, attrs = d.attrs }
    kb:relate(doctor, "hospital", kb:put{ kind = "hospital", name = d.attrs.hospital })
    kb:relate(doctor, "department", kb:put{ kind = "department", name = d.attrs.department })
    local q = kb:put_document{ kind = "question", key = ex.question.key,
      title = ex.question.title, counts = { replies = 1 },
      links = { { type = "about", target = s } } }
    kb:put_document{ kind = "answer", key = ex.question.key .. "-a1", body = ex.question.answer,
      links = { { type = "answers", target = q }, { type = "doctor", target = doctor },
                { type = "about", target = s } } }
    return s
  end)
end

function M.run(ctx, args)
  local into
  if args[1] == "--into" then
    into = args[2] or ctx.usage_error("demo", "option '--into' needs a file name")
  elseif args[1] then
    ctx.usage_error("demo", ("unexpected argument '%s'"):format(args[1]))
  end
  local ok, kb = pcall(medkb.open, into or ":memory:")
  if not ok then ctx.fail(kb) end
  local out = ctx.out
  local s = M.build(kb)

  out:write(("%s -- also known as: "):format(s.name))
  local names = {}
  for _, a in ipairs(s:alias_info()) do names[#names + 1] = a.name .. " (" .. a.type .. ")" end
  out:write(table.concat(names, ", "), "\n\n")

  local looked_up = kb:get("symptom", "眼跳")
  out:write(("lookup by alias 眼跳 -> %s\n\n"):format(tostring(looked_up)))

  out:write("possible causes, in the article's order:\n")
  for cause, rel in s:related("cause") do
    out:write(("  %d. %s: %s\n"):format(rel.rank, cause.name, rel.text))
    for target, r in cause:related() do
      out:write(("       %-10s %s\n"):format(r.type, target.name))
    end
  end

  out:write("\nwho answers questions about it:\n")
  for doc in s:documents("about") do
    if doc.kind == "answer" then
      for doctor in doc:entities("doctor") do
        local a = doctor.attrs
        out:write(("  %s %s, %s %s\n"):format(doctor.name, a.title, a.hospital, a.department))
      end
      for q in doc:linked("answers") do out:write(("  Q: %s\n  A: %s\n"):format(q.title, doc.body)) end
    end
  end

  local st = kb:stats()
  local total = 0
  for _, n in pairs(st.entities) do total = total + n end
  out:write(("\n%d entities, %d relations, %d documents%s\n"):format(total, st.relations,
    st.documents.question + st.documents.answer + st.documents.article,
    into and (" in " .. into) or " (in memory; --into FILE keeps them)"))
  kb:close()
  return 0
end

return M
