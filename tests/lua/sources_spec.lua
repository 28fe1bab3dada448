-- tests/lua/sources_spec.lua -- facts keep their sources: two pages on the
-- same symptom each keep what they state, a document gives back exactly
-- what it states, the merged view orders by how many documents state a
-- fact, and statements go with their document.  On the example pages that
-- ship with medkb, on pages written for these tests (tests/fixtures/), and
-- on the seed article in ../shared when it is there.

local medkb = require "medkb"
local import = require "medkb.import"
local helper = require "tests.lua.helper"

local shared = helper.shared()
local EXAMPLES = medkb.scriptdir .. "/medkb/examples/"
local FIXTURES = helper.abs("tests/fixtures") .. "/"

local function import_ok(kb, files)
  local report = import.run(kb, files)
  assert(#report.problems == 0, tostring(report.problems[1]))
  return report
end

-- The article about symptom whose title is title.
local function article(kb, symptom, title)
  for d in kb:get("symptom", symptom):documents("about") do
    if d.kind == "article" and d.title == title and d.counts.views then return d end
  end
end

-- What doc states of type, as {cause name, rank, text} in its order.
local function stated(doc, type)
  local out = {}
  for st in doc:statements(type) do out[#out + 1] = { st.dst.name, st.rank, st.text } end
  return out
end

-- The page's sections as {title, number, text}, read from the file.
local function sections_of(path)
  local out, lines = {}, {}
  for l in helper.read(path):gmatch("[^\n]+") do
    l = l:gsub("^%s+", ""):gsub("%s+$", "")
    if l ~= "" then lines[#lines + 1] = l end
  end
  for i, l in ipairs(lines) do
    local n, t = l:match("^(%d+)、(.+)$")
    if n then out[#out + 1] = { t, tonumber(n), lines[i + 1] } end
  end
  return out
end

-- Two articles on one symptom: the second lists the causes in another
-- order and explains the shared ones in other words.
local function two_pages(first, second, symptom, title)
  local kb = medkb.open()
  import_ok(kb, { first })
  local doc1 = article(kb, symptom, title)
  local before = stated(doc1, "cause")
  assert.same(sections_of(first), before)
  import_ok(kb, { second })
  -- the first page keeps exactly what it stated
  assert.same(before, stated(doc1, "cause"))
  local doc2
  for d in kb:get("symptom", symptom):documents("about") do
    if d.counts.views and d ~= doc1 and d.title == title then doc2 = d end
  end
  assert.same(sections_of(second), stated(doc2, "cause"))
  return kb, doc1, doc2
end

-- Checks the merged view of symptom's causes against the pages' sections.
local function check_merged(kb, symptom, pages)
  local by_cause = {}
  for _, p in ipairs(pages) do
    for _, sec in ipairs(sections_of(p.path)) do
      by_cause[sec[1]] = by_cause[sec[1]] or {}
      table.insert(by_cause[sec[1]], { doc = p.doc, rank = sec[2], text = sec[3] })
    end
  end
  local seen, last = {}, nil
  for cause, rel in kb:get("symptom", symptom):related("cause") do
    assert.is_nil(seen[cause.name], cause.name .. " listed twice")
    seen[cause.name] = true
    local want = by_cause[cause.name]
    assert.equal(#want, rel.documents)
    assert.equal(#want, #rel.sources)
    local best = math.huge
    for _, w in ipairs(want) do
      best = math.min(best, w.rank)
      local found = false
      for _, src in ipairs(rel.sources) do
        if src.document == w.doc then
          assert.equal(w.rank, src.rank)
          assert.equal(w.text, src.text)
          found = true
        end
      end
      assert.is_true(found, cause.name .. ": a page's statement is missing")
    end
    assert.equal(best, rel.rank)
    -- most documents first, then the best rank
    if last then
      assert.is_true(last.documents > rel.documents
        or (last.documents == rel.documents and last.rank <= rel.rank))
    end
    last = rel
  end
  for name in pairs(by_cause) do assert.is_true(seen[name], name .. " not listed") end
end

describe("facts with their sources", function()
  after_each(helper.cleanup)

  it("keep every page's causes, ranks and texts when two pages talk about one symptom", function()
    local first, second = EXAMPLES .. "eyelid-article.txt", FIXTURES .. "eyelid-article-2.txt"
    local kb, doc1, doc2 = two_pages(first, second, "眼皮跳", "眼皮跳是怎么回事")
    check_merged(kb, "眼皮跳", { { path = first, doc = doc1 }, { path = second, doc = doc2 } })
    kb:close()
  end)

  it("keep the seed article's claims when a second article on its symptom comes in", function()
    if not shared then return pending("../shared is absent") end
    local first = shared .. "/seeds/000_f8a43c31275f9ff5.txt"
    local second = FIXTURES .. "calf-article-2.txt"
    local kb, doc1, doc2 = two_pages(first, second, "小腿肌肉抖动", "小腿肌肉抖动是怎么回事")
    check_merged(kb, "小腿肌肉抖动", { { path = first, doc = doc1 }, { path = second, doc = doc2 } })
    -- 缺钙: rank 1 and the seed's words on the seed; rank 2 and other words here
    local calcium = kb:get("cause", "缺钙")
    local texts = {}
    for cause, rel in kb:get("symptom", "小腿肌肉抖动"):related("cause") do
      if cause == calcium then
        for _, src in ipairs(rel.sources) do texts[src.document] = src.text end
      end
    end
    assert.matches("^钙离子参与肌肉收缩过程", texts[doc1])
    assert.matches("^血液中钙浓度偏低时", texts[doc2])
    kb:close()
  end)

  it("give back exactly what a document states, in its order", function()
    local kb <close> = medkb.open()
    import_ok(kb, { EXAMPLES .. "eyelid-article.txt" })
    local doc = article(kb, "眼皮跳", "眼皮跳是怎么回事")
    -- each cause, then what its paragraph names, then the next cause
    local current
    for st in doc:statements() do
      assert.equal(doc, st.document)
      if st.type == "cause" then
        current = st.dst
      elseif st.type == "drug" or st.type == "food" then
        assert.equal(current, st.src)
      end
    end
    local causes = stated(doc, "cause")
    assert.same({ "用眼过度", "睡眠不足", "干眼症", "面肌痉挛", "药物影响" },
      { causes[1][1], causes[2][1], causes[3][1], causes[4][1], causes[5][1] })
    local drugs = {}
    for st in doc:statements("drug") do drugs[#drugs + 1] = st.src.name .. ">" .. st.dst.name end
    assert.same({ "睡眠不足>谷维素片", "干眼症>玻璃酸钠滴眼液", "干眼症>聚乙烯醇滴眼液",
                  "面肌痉挛>卡马西平片" }, drugs)
  end)

  it("are a document's for every relation the page importers write", function()
    local kb <close> = medkb.open()
    local files = { EXAMPLES .. "eyelid-article.txt", EXAMPLES .. "eyelid-qa.txt" }
    if shared then
      files[#files + 1] = shared .. "/seeds/000_f8a43c31275f9ff5.txt"
      files[#files + 1] = shared .. "/seeds/001_d6d6bd473cc35397.txt"
    end
    import_ok(kb, files)
    assert.is_true(kb:relation_count() > 0)
    for st in kb:statements() do
      error(("%s %s %s has no document"):format(st.src.name, st.type, st.dst.name))
    end
    -- a doctor's hospital is stated by the answers that show it
    local doctor = kb:get("doctor", "林晓")
    for hospital, rel in doctor:related("hospital") do
      assert.equal("示例市第一人民医院", hospital.name)
      assert.is_true(rel.documents >= 1)
      assert.equal("answer", rel.sources[1].document.kind)
    end
  end)

  it("are the user's when kb:relate names no source, and go with their document", function()
    local kb <close> = medkb.open()
    import_ok(kb, { EXAMPLES .. "eyelid-article.txt", FIXTURES .. "eyelid-article-2.txt" })
    local s = kb:get("symptom", "眼皮跳")
    local stress = kb:get("cause", "精神紧张")
    kb:relate(s, "cause", stress, { rank = 9, text = "编辑补充" })
    local doc2 = article(kb, "眼皮跳", "眼皮跳是怎么回事")
    for d in s:documents("about") do
      if d.counts.views == 412 then doc2 = d end
    end
    local before = kb:relation_count()
    doc2:delete()
    -- 精神紧张 stays (the user states it); 规律作息 went with the page
    local causes, treatments = {}, {}
    for c, rel in s:related("cause") do causes[c.name] = rel end
    for t in s:related("treatment") do treatments[t.name] = true end
    assert.equal(0, causes["精神紧张"].documents)
    assert.equal("编辑补充", causes["精神紧张"].text)
    assert.is_nil(causes["精神紧张"].sources[1].document)
    assert.equal(1, causes["干眼症"].documents)
    assert.is_nil(treatments["规律作息"])
    assert.is_true(treatments["热敷"])
    assert.is_true(kb:relation_count() < before)
    local mine = {}
    for st in kb:statements() do mine[#mine + 1] = st.dst.name end
    assert.same({ "精神紧张" }, mine)
  end)

  it("survive export and import, statement for statement", function()
    local dir = helper.tmpdir()
    local a <close> = medkb.open(dir .. "/a.db")
    import_ok(a, { EXAMPLES .. "eyelid-article.txt", FIXTURES .. "eyelid-article-2.txt",
                   EXAMPLES .. "eyelid-qa.txt" })
    a:relate(a:get("symptom", "眼皮跳"), "cause", a:get("cause", "精神紧张"), { text = "编辑补充" })
    local lines = {}
    require("medkb.export").jsonl(a, function(l) lines[#lines + 1] = l end)
    helper.write(dir .. "/a.jsonl", table.concat(lines))
    local b <close> = medkb.open(dir .. "/b.db")
    import_ok(b, { dir .. "/a.jsonl" })
    -- every document states the same, in the same order
    local function all_statements(kb)
      local out = {}
      for d in kb:documents() do
        for st in d:statements() do
          out[#out + 1] = table.concat({ d.kind, d.key or "", st.src.name, st.type, st.dst.name,
            st.rank, st.text or "" }, "|")
        end
      end
      for st in kb:statements() do
        out[#out + 1] = table.concat({ "user", st.src.name, st.type, st.dst.name, st.rank,
          st.text or "" }, "|")
      end
      return out
    end
    local want = all_statements(a)
    assert.is_true(#want > 30)
    assert.same(want, all_statements(b))
  end)
end)
