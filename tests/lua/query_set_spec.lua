-- tests/lua/query_set_spec.lua -- the query sets under tests/queries on a
-- knowledge base of the CSV sample and the seed pages in ../shared: medkb
-- search keeps its recall@10 and MRR, and kb:ask answers the questions
-- right and says "not in the knowledge base" where it must.  make bench
-- reports the same against FTS5's trigram tokenizer.

local medkb = require "medkb"
local import = require "medkb.import"
local helper = require "tests.lua.helper"

local eval = dofile("tests/queries/eval.lua")
local shared = helper.shared()

describe("the query sets", function()
  local kb
  setup(function()
    kb = medkb.open()
    if not shared then return end
    local report = import.run(kb, { shared .. "/data/dialogue-im-sample.gb18030.csv",
      shared .. "/seeds/000_f8a43c31275f9ff5.txt", shared .. "/seeds/001_d6d6bd473cc35397.txt" })
    assert(report.committed, "the sample and seeds import")
  end)
  teardown(function() kb:close() end)

  it("has enough of each kind of query", function()
    local classes = {}
    for _, qd in ipairs(eval.queries) do classes[qd.class] = (classes[qd.class] or 0) + 1 end
    assert.is_true(#eval.queries >= 60)
    for _, c in ipairs{ "char", "traditional", "alias", "pinyin", "colloquial" } do
      assert.is_true((classes[c] or 0) >= 3, c)
    end
    local none = 0
    for _, qd in ipairs(eval.questions) do if qd.none then none = none + 1 end end
    assert.is_true(#eval.questions - none >= 50 and none >= 10)
  end)

  it("finds what the search queries ask for", function()
    if not shared then return pending("../shared is absent") end
    local pages, about = eval.pages(kb)
    local results = {}
    for i, qd in ipairs(eval.queries) do
      results[i] = {}
      for _, h in ipairs(kb:search(qd.q, { limit = 10 })) do
        if h.doc then table.insert(results[i], h.id) end
      end
    end
    local recall, mrr = eval.score(pages, about, results)
    assert.is_true(recall >= 0.85, ("recall@10 %.3f"):format(recall))
    assert.is_true(mrr >= 0.9, ("MRR %.3f"):format(mrr))
  end)

  it("answers the questions, and says what it does not hold", function()
    if not shared then return pending("../shared is absent") end
    local wrong = {}
    for _, qd in ipairs(eval.questions) do
      local a = kb:ask(qd.q)
      if not eval.right(qd, a.known, a.text) then wrong[#wrong + 1] = qd.q .. " -> " .. a.text end
    end
    assert.is_true(#wrong <= 2, table.concat(wrong, "\n"))
  end)
end)
