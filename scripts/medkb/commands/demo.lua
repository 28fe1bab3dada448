-- medkb/commands/demo.lua -- `medkb demo`: import the example pages that
-- ship with medkb (medkb/examples/: an article and a Q&A page about eyelid
-- twitching, written for medkb in the sites' formats) and answer a few
-- questions with the knowledge base they make.

local medkb = require "medkb"
local import = require "medkb.import"

local M = {
  summary = "import the example pages and query them",
  usage = "medkb [--db FILE] demo [--into FILE]",
  help = [[
Imports the example article and Q&A page that ship with medkb (about eyelid
twitching, 眼皮跳), then answers: what can cause it, what is taken, eaten or
checked for each cause, which names it is known by, and who answers
questions about it. The knowledge base is kept in memory unless --into FILE
(or --db FILE before the command) names a file to build it in, made if
missing (building again changes nothing).]],
}

--- The example pages, as file names.
function M.examples()
  local dir = medkb.scriptdir .. "/medkb/examples/"
  return { dir .. "eyelid-article.txt", dir .. "eyelid-qa.txt" }
end

--- build(kb) -> the symptom entity.  Imports the examples into kb.
function M.build(kb)
  local report = import.run(kb, M.examples())
  if #report.problems > 0 then error(tostring(report.problems[1]), 0) end
  return assert(kb:get("symptom", "眼皮跳"))
end

function M.run(ctx, args)
  local opts, rest = ctx.options("demo", args, { into = "a file name" })
  if rest[1] then ctx.usage_error("demo", ("unexpected argument '%s'"):format(rest[1])) end
  local into = opts.into
  if ctx.db_given then
    if into and into ~= ctx.db then
      ctx.usage_error("demo", ("--db %s and --into %s name different files"):format(ctx.db, into))
    end
    into = ctx.db
  end
  local ok, kb = pcall(medkb.open, into or ":memory:")
  if not ok then ctx.fail(tostring(kb)) end
  local out = ctx.out
  local s = M.build(kb)

  local names = {}
  for _, a in ipairs(s:alias_info()) do names[#names + 1] = a.name .. " (" .. a.type .. ")" end
  out:write(("%s -- also known as: %s\n"):format(s.name, table.concat(names, ", ")))
  out:write(("lookup by the medical name 眼睑痉挛 -> %s\n\n"):format(tostring(kb:get("symptom", "眼睑痉挛"))))

  out:write("possible causes, in the article's order:\n")
  for cause, rel in s:related("cause") do
    out:write(("  %d. %s\n"):format(rel.rank, cause.name))
    for target, r in cause:related() do
      out:write(("       %-15s %s\n"):format(r.type, target.name))
    end
  end
  out:write("\nwhat the article suggests:\n")
  for t in s:related("treatment") do out:write("  ", t.name, "\n") end

  out:write("\nwho answers questions about eyelid twitching:\n")
  for d in kb:entities{ kind = "doctor" } do
    local a = d.attrs
    out:write(("  %s %s, %s %s\n"):format(d.name, a.title, a.hospital, a.department or ""))
    for answer in d:documents("doctor") do
      for q in answer:linked("answers") do
        if answer.body ~= "" then out:write(("    Q: %s\n    A: %s\n"):format(q.title, answer.body)) end
      end
    end
  end

  out:write("\nsearching in everyday words, traditional characters and pinyin:\n")
  for _, q in ipairs{ "眼皮一直跳", "眼皮跳是怎麼回事", "yanpitiao" } do
    local hit = kb:search(q, { limit = 1 })[1]
    out:write(("  %s -> %s %s\n"):format(q, hit and hit.kind or "nothing",
      hit and hit.title or ""))
  end

  out:write("\nasking:\n")
  for _, q in ipairs{ "眼皮跳吃什么药", "什么药会引起眼皮跳", "眼皮跳能治好吗" } do
    local a = kb:ask(q)
    out:write(("  %s\n    %s\n"):format(q, a.text))
    for i, d in ipairs(a.sources) do out:write(("    [%d] %s %s\n"):format(i, d.kind, d.title)) end
  end

  local st = kb:stats()
  out:write(("\n%d entities, %d relations, %d documents%s\n"):format(st.total_entities,
    st.relations, st.total_documents,
    into and (" in " .. into) or " (in memory; --into FILE keeps them)"))
  kb:close()
  return 0
end

return M
