-- medkb/commands/search.lua -- `medkb search QUERY`: documents and
-- entities ranked for a query in everyday Chinese (see medkb/search.lua),
-- each with its snippet, the match highlighted on a terminal.

local medkb = require "medkb"
local json = require "medkb.json"
local search = require "medkb.search"

local M = {
  summary = "full-text search of documents and entity names",
  usage = "medkb [--db FILE] search QUERY [--kind K] [--limit N] [--format text|json]",
  help = [[
Finds the documents (articles, and questions with their answers) and the
entities that QUERY is about, best first: titles that hold it exactly,
then texts that do, then texts with every word of it, every character,
any word. Traditional characters, full-width letters and case fold away;
an alias finds its entity's documents (肌束颤动 finds 肌肉跳动's); pinyin
finds names (jirou tiaodong, jrtd). Each result shows its kind, id and
title and the text around the match (highlighted on a terminal).

options:
  --kind K       only documents of kind K (article, question, answer) or
                 entities of kind K (symptom, drug, ...)
  --limit N      at most N results (default 10)
  --format F     text (default) or json: one object with the query and
                 its results, each {kind, id, title, score, via, snippet,
                 snippet_html}; snippet_html escapes the text and marks
                 the matches with <mark>

examples:
  medkb search 缺钙
  medkb search 肌肉跳動 --kind question
  medkb search "jirou tiaodong" --format json]],
}

M.DEFAULT_LIMIT = 10

local BOLD, PLAIN = "\27[1;31m", "\27[0m"

local function html_escape(s)
  return (s:gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;",
                              ["'"] = "&#39;" }))
end

-- A snippet on one line.
local function one_line(s)
  return (s:gsub("%s+", " "))
end

--- entity_line(hit) -> what an entity result shows under its name: its
-- other names, how many facts and documents it has, how to see it.
function M.entity_line(h)
  local e = h.entity
  local parts = {}
  local aliases = {}
  for _, a in ipairs(e.aliases) do aliases[#aliases + 1] = type(a) == "table" and a.name or a end
  if #aliases > 0 then parts[#parts + 1] = "also called " .. table.concat(aliases, "、") end
  local facts, about = 0, 0
  for _ in e:related() do facts = facts + 1 end
  for _ in e:documents() do about = about + 1 end
  parts[#parts + 1] = ("%d fact%s, %d document%s"):format(facts, facts == 1 and "" or "s", about,
    about == 1 and "" or "s")
  if h.via == "pinyin" then parts[#parts + 1] = "found by its pinyin" end
  parts[#parts + 1] = ("medkb get %s %s"):format(e.kind, e.name)
  return table.concat(parts, "; ")
end

function M.run(ctx, args)
  local opts, rest = ctx.options("search", args,
    { kind = "a kind", limit = "a number", format = "text|json" })
  if #rest ~= 1 then ctx.usage_error("search", "expected one QUERY (quote one with spaces)") end
  local limit = ctx.positive("search", "limit", opts.limit, M.DEFAULT_LIMIT)
  local format = ctx.text_or_json("search", opts.format)
  local q = rest[1]
  if q:find("^%s*$") then ctx.usage_error("search", "the query is empty") end
  local kb <close> = ctx.open("read")
  if opts.kind and not ({ article = true, question = true, answer = true })[opts.kind] then
    ctx.check_kind(kb, opts.kind)
  end
  local hits = kb:search(q, { kind = opts.kind, limit = limit })
  local out = ctx.out
  if format == "json" then
    local results = json.array()
    for _, h in ipairs(hits) do
      results[#results + 1] = { kind = h.kind, id = h.id, title = h.title, score = h.score, via = h.via,
        snippet = h.snippet and search.marked(h.snippet, "", ""),
        snippet_html = h.snippet and search.marked(h.snippet, "<mark>", "</mark>", html_escape) }
    end
    out:write(json.encode({ query = q, results = results }), "\n")
    return 0
  end
  if #hits == 0 then
    out:write(("nothing found for '%s'\n"):format(q))
    return 0
  end
  local tty = medkb.text.isatty(1)
  local open, close = tty and BOLD or "[", tty and PLAIN or "]"
  for i, h in ipairs(hits) do
    local where = h.doc and ("%s %d"):format(h.kind, h.id) or h.kind
    out:write(("%2d. %s  %s\n"):format(i, where, h.title ~= "" and h.title or "(untitled)"))
    if h.snippet and h.snippet ~= "" then
      out:write("    ", one_line(search.marked(h.snippet, open, close)), "\n")
    elseif h.entity then
      out:write("    ", M.entity_line(h), "\n")
    end
  end
  return 0
end

return M
