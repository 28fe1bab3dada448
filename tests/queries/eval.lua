-- tests/queries/eval.lua -- scoring the query sets: which pages are
-- relevant to a search query (tests/queries/search.lua says how), recall@10
-- and MRR of a list of results per query, and whether an answer to a
-- question (tests/queries/ask.lua) is right.  Used by make bench
-- (tests/bench/bench_search.lua) and tests/lua/query_set_spec.lua.

local medkb = require "medkb"

local text = medkb.text

local M = {}

M.queries = dofile("tests/queries/search.lua")
M.questions = dofile("tests/queries/ask.lua")

-- Whether page (its fields, folded) meets one of the alternatives.
function M.relevant(want, page, about)
  for _, alt in ipairs(want) do
    local ok = false
    if alt.title then
      for _, t in ipairs(alt.title) do ok = ok or page.title:find(text.fold(t), 1, true) ~= nil end
    elseif alt.title_all then
      ok = true
      for _, t in ipairs(alt.title_all) do ok = ok and page.title:find(text.fold(t), 1, true) ~= nil end
    elseif alt.text then
      for _, t in ipairs(alt.text) do
        local ft = text.fold(t)
        ok = ok or page.title:find(ft, 1, true) ~= nil or page.body:find(ft, 1, true) ~= nil
      end
    elseif alt.about then
      ok = about[alt.about] and about[alt.about][page.id] or false
    end
    if ok then return true end
  end
  return false
end

-- recall@10 and MRR of results (a list of page ids per query) over the
-- queries numbered in which (all by default).
function M.score(pages, about, results, which)
  if not which then
    which = {}
    for i = 1, #M.queries do which[i] = i end
  end
  local recall, rr = 0, 0
  for _, i in ipairs(which) do
    local qd = M.queries[i]
    local n_rel = 0
    for _, p in ipairs(pages) do
      if M.relevant(qd.want, p, about) then n_rel = n_rel + 1 end
    end
    local hits, first = 0, nil
    for rank, id in ipairs(results[i]) do
      if rank > 10 then break end
      local p = pages.by_id[id]
      if p and M.relevant(qd.want, p, about) then
        hits = hits + 1
        first = first or rank
      end
    end
    if n_rel > 0 then recall = recall + hits / math.min(n_rel, 10) end
    if first then rr = rr + 1 / first end
  end
  return recall / #which, rr / #which
end

--- pages(kb) -> the questions and articles of kb, folded ({id, title,
-- body}), also by id (pages.by_id), and what is about what (about:
-- {"kind:name" = {page id = true}}) for the queries that ask.
function M.pages(kb)
  local pages = { by_id = {} }
  for d in kb:documents() do
    if d.kind ~= "answer" then
      local f = d:fields()
      local p = { id = f.id, title = text.fold(f.title), body = text.fold(f.body) }
      pages[#pages + 1] = p
      pages.by_id[p.id] = p
    end
  end
  local about = {}
  for _, qd in ipairs(M.queries) do
    for _, alt in ipairs(qd.want) do
      if alt.about and not about[alt.about] then
        local kind, name = alt.about:match("^(%w+):(.+)$")
        local set = {}
        local e = assert(kb:get(kind, name), alt.about)
        for doc, link in e:documents() do
          if link.type == "about" then
            set[doc.id] = true
            for q in doc:linked("answers") do set[q.id] = true end
          end
        end
        about[alt.about] = set
      end
    end
  end
  return pages, about
end

--- right(qd, known, got) -> whether an answer (got: its text; known:
-- whether it answers) is right for question qd.
function M.right(qd, known, got)
  if qd.none then return not known end
  if not known or not got then return false end
  for _, f in ipairs(qd.facts) do
    if not got:find(f, 1, true) then return false end
  end
  return true
end

return M
