-- tests/lua/lint_spec.lua -- the content rules (medkb.lint) on pages
-- written for these tests: each built-in rule fires on a page that
-- breaks it and stays silent on one that does not, drafts are linted as
-- page files against a knowledge base that knows other pages, and
-- positions point into the page as rendered.

local medkb = require "medkb"
local lint = require "medkb.lint"
local fix = require "medkb.lint.fix"
local helper = require "tests.lua.helper"

-- {=== pages in the site's formats

-- An article page: o.title, o.summary (false: none), o.sections ({title,
-- text}), o.advice, o.disclaimer (false: none), o.related ({title,
-- summary}).
local function article(o)
  local out = { "示例健康网", "科普文章", o.title or "失眠是怎么回事", "1200次浏览" }
  if o.summary ~= false then
    out[#out + 1] = o.summary or "失眠可能由精神压力、作息紊乱、咖啡因摄入等原因引起，可通过调整作息、放松训练、"
      .. "药物治疗等方式缓解。"
  end
  local sections = o.sections or {
    { "精神压力", "工作或学习压力大时，大脑持续处于紧张状态，入睡前反复思考，难以入眠。可以通过冥想、深呼吸等"
      .. "放松训练缓解紧张情绪，必要时寻求心理咨询。" },
    { "作息紊乱", "经常熬夜或轮班工作会打乱生物钟，使夜间睡意减少。应固定起床和入睡时间，白天适度晒太阳，"
      .. "避免午睡过长。" },
    { "咖啡因摄入", "下午或晚上饮用咖啡、浓茶后，咖啡因会兴奋神经，使人难以入睡。建议下午以后不再饮用含咖啡因"
      .. "的饮品，睡前可喝温牛奶。" },
  }
  for i, s in ipairs(sections) do
    out[#out + 1] = ("%d、%s"):format(i, s[1])
    out[#out + 1] = s[2]
  end
  if o.advice ~= false then
    out[#out + 1] = o.advice or "日常应保持卧室安静、光线柔和，睡前少看手机。若失眠持续超过一个月，应及时到医院就诊。"
  end
  if o.disclaimer ~= false then
    out[#out + 1] = "温馨提示：医疗科普知识仅供参考，不作诊断依据；若有不适请到医院就诊"
  end
  if o.related then
    out[#out + 1] = "相关推荐"
    local lines = {}
    for _, r in ipairs(o.related) do lines[#lines + 1] = r[1] .. "\n" .. r[2] end
    out[#out + 1] = table.concat(lines, "\n")
  end
  return table.concat(out, "\n\n") .. "\n"
end

-- A Q&A page: o.path, o.title, o.replies, o.description, o.answers
-- ({card lines, text}).
local function qa(o)
  local out = { "示例问答", o.path or "首页 > 神经内科", o.title or "晚上总是睡不着怎么办",
                ("| %d人回复"):format(o.replies or 1), "问题描述" }
  if o.description ~= "" then
    out[#out + 1] = o.description or "最近一个月每天躺下两三个小时才能睡着，白天没有精神，想知道怎么调理。"
  end
  out[#out + 1] = "全部回答"
  for _, a in ipairs(o.answers or { { { "李静 主治医师", "示例市第一人民医院", "神经内科" },
    "长期入睡困难多与精神紧张和作息不规律有关，建议固定作息，睡前放松，必要时就诊评估。" } }) do
    out[#out + 1] = table.concat(a[1], "\n") .. "\n立即预约"
    out[#out + 1] = a[2]
  end
  return table.concat(out, "\n\n") .. "\n"
end

-- What the knowledge base knows before the drafts: a page on insomnia
-- that names a sedative, says which drugs provoke it, and lists three
-- other pages that agree on its causes.
local REFERENCE = article{
  title = "失眠是什么原因",
  summary = "失眠可能由精神压力、作息紊乱、药物因素等原因引起，可通过调整作息、放松训练、药物治疗等方式缓解。",
  sections = {
    { "精神压力", "长期紧张焦虑会使大脑难以放松，躺下后思绪不断。可在医生指导下短期服用艾司唑仑片，"
      .. "同时配合放松训练。" },
    { "作息紊乱", "昼夜颠倒会打乱生物钟，夜里难以入睡。应尽量固定作息时间，减少白天卧床。" },
    { "药物因素", "长期服用氨茶碱片、泼尼松片等药物可能引起失眠，出现时应咨询医生调整用药。" },
  },
  related = {
    { "经常失眠是什么原因", "失眠可能由精神压力、作息紊乱、环境嘈杂等原因引起，可通过调整作息、改善环境等方式缓解。" },
    { "晚上失眠怎么回事", "失眠可能由精神压力、饮食不当、作息紊乱等原因引起，可通过放松训练、调整饮食等方式缓解。" },
    { "半夜醒来睡不着是怎么回事", "失眠可能由精神压力、年龄增长、作息紊乱等原因引起，可通过规律作息等方式缓解。" },
  },
}

-- Two more pages on insomnia, so that three agree on its first cause.
local AGREEING = {
  article{ title = "为什么会失眠",
    summary = "失眠可能由精神压力、环境嘈杂等原因引起，可通过放松训练、改善环境等方式缓解。",
    sections = { { "精神压力", "心事重重时交感神经兴奋，躺下后难以平静，可以尝试睡前冥想和腹式呼吸。" },
                 { "环境嘈杂", "卧室噪音和强光会打断入睡过程，可使用耳塞、遮光窗帘改善睡眠环境。" } } },
  article{ title = "失眠是什么原因造成的",
    summary = "失眠可能由精神压力、饮食不当等原因引起，可通过放松训练、调整饮食等方式缓解。",
    sections = { { "精神压力", "焦虑和烦恼让大脑停不下来，睡前可以写下担心的事，再做几分钟放松练习。" },
                 { "饮食不当", "晚餐过饱或过于油腻会让胃肠负担加重，影响入睡，晚餐宜清淡适量。" } } },
}

describe("medkb.lint", function()
  local dir, kb, linter

  setup(function()
    dir = helper.tmpdir()
    kb = medkb.open(dir .. "/kb.db")
    local report = require("medkb.import").run(kb, { helper.write(dir .. "/reference.txt", REFERENCE),
      helper.write(dir .. "/agreeing-1.txt", AGREEING[1]),
      helper.write(dir .. "/agreeing-2.txt", AGREEING[2]) })
    assert.are.equal(0, #report.problems)
    kb:transaction(function()
      kb:put{ kind = "disease", name = "失眠症", aliases = { { "睡眠障碍症", type = "standard" },
                                                            { "睡不好觉", type = "colloquial" } } }
    end)
    linter = lint.new(kb)
  end)

  teardown(function()
    kb:close()
    helper.cleanup()
  end)

  -- The findings of a draft page: the list, and a set of their rules.
  local n = 0
  local function findings_of(text, l)
    n = n + 1
    local path = helper.write(("%s/draft-%d.txt"):format(dir, n), text)
    local r = assert(fix.file(l or linter, path))
    assert.are.same({}, r.failures)
    local rules = {}
    for _, f in ipairs(r.findings) do rules[f.rule] = (rules[f.rule] or 0) + 1 end
    return r.findings, rules, r.text
  end

  -- rule: {bad page, clean page}
  local cases = {
    ["required.disclaimer"] = { article{ disclaimer = false }, article{} },
    ["required.advice"] = { article{ advice = false }, article{} },
    ["required.summary"] = { article{ summary = false }, article{} },
    ["drug.unqualified"] = {
      article{ advice = "入睡困难时可以服用艾司唑仑片帮助睡眠。若失眠持续超过一个月，应及时到医院就诊。" },
      article{ advice = "入睡困难时可在医生指导下服用艾司唑仑片帮助睡眠。若失眠持续超过一个月，应及时到医院就诊。" } },
    ["drug.unknown"] = {
      article{ advice = "入睡困难时可遵医嘱服用佐匹克隆片。若失眠持续超过一个月，应及时到医院就诊。" },
      article{ advice = "入睡困难时可遵医嘱服用艾司唑仑片。若失眠持续超过一个月，应及时到医院就诊。" } },
    ["claims.absolute"] = {
      article{ advice = "坚持这套放松方法可以根治失眠，永不复发。" },
      article{ advice = "慢性失眠目前难以根治，需要长期调整作息，必要时到医院就诊。" } },
    ["claims.guarantee"] = {
      article{ advice = "按这个方法调理，保证治好失眠。" },
      article{ advice = "任何方法都不能保证效果，坚持规律作息最重要，必要时到医院就诊。" } },
    ["claims.cure-rate"] = {
      article{ advice = "这套疗法的治愈率高达95%，值得一试。" },
      article{ advice = "治疗效果因人而异，应在医生评估后选择方法，必要时到医院就诊。" } },
    ["claims.safety"] = {
      article{ advice = "这种安神茶纯天然无副作用，可以长期饮用。" },
      article{ advice = "安神类药物并非没有副作用，长期使用前应咨询医生，必要时到医院就诊。" } },
    ["claims.superlative"] = {
      article{ advice = "艾司唑仑片是治疗失眠最好的药，销量全国第一。" },
      article{ advice = "用药最好在医生指导下进行，出现严重不适应第一时间就医。" } },
    ["claims.diversion"] = {
      article{ advice = "想了解调理方案可以加微信咨询，或拨打13812345678。" },
      article{} },
    ["dosage.unqualified"] = {
      article{ advice = "睡前口服艾司唑仑片，每次1片，连续服用一周。" },
      article{ advice = "睡前遵医嘱口服艾司唑仑片，每次1片，不可自行加量。" } },
    ["structure.summary"] = {
      article{ summary = "失眠可能由精神压力、作息紊乱等原因引起，可通过调整作息等方式缓解。" },
      article{} },
    ["structure.numbering"] = {
      article{ advice = "改善睡眠可以从三方面做起：1、固定作息；2、睡前放松；4、减少咖啡因。" },
      article{ advice = "改善睡眠可以从三方面做起：1、固定作息；2、睡前放松；3、减少咖啡因。" } },
    ["structure.section-length"] = {
      article{ sections = { { "精神压力", "压力大。" }, { "作息紊乱", "经常熬夜或轮班工作会打乱生物钟，使夜间"
        .. "睡意减少。应固定起床和入睡时间，白天适度晒太阳。" } },
        summary = "失眠可能由精神压力、作息紊乱等原因引起，可通过调整作息等方式缓解。" },
      article{} },
    ["typography.half-width"] = {
      article{ advice = "日常应保持卧室安静,光线柔和,睡前少看手机。若失眠持续,应及时就诊。" },
      article{} },
    ["typography.repeated"] = {
      article{ advice = "睡前少看手机！！若失眠持续超过一个月，应及时到医院就诊。" },
      article{} },
    ["related.duplicate"] = {
      article{ related = { { "失眠多梦怎么回事", "失眠多梦可能由精神压力等原因引起。" },
                           { "失眠多梦是怎么回事", "失眠多梦可能与作息紊乱有关。" } } },
      article{ related = { { "失眠多梦怎么回事", "失眠多梦可能由精神压力等原因引起。" },
                           { "早醒是什么原因", "早醒可能与年龄增长有关。" } } } },
    ["related.self"] = {
      article{ related = { { "失眠是怎么回事", "失眠可能由精神压力、作息紊乱、咖啡因摄入等原因引起，可通过调整作息、"
        .. "放松训练、药物治疗等方式缓解。" } } },
      article{ related = { { "早醒是什么原因", "早醒可能与年龄增长有关。" } } } },
    ["knowledge.provoking-drug"] = {
      article{ advice = "睡前可遵医嘱服用氨茶碱片改善睡眠。若失眠持续超过一个月，应及时到医院就诊。" },
      article{ advice = "睡前可遵医嘱服用艾司唑仑片改善睡眠。若失眠持续超过一个月，应及时到医院就诊。" } },
    ["knowledge.ranked"] = {
      article{ summary = "失眠可能由作息紊乱、咖啡因摄入等原因引起，可通过调整作息等方式缓解。",
               sections = { { "作息紊乱", "经常熬夜或轮班工作会打乱生物钟，使夜间睡意减少。应固定起床和入睡时间。" },
                            { "咖啡因摄入", "下午或晚上饮用咖啡、浓茶后，咖啡因会兴奋神经，使人难以入睡。" } } },
      article{} },
    ["knowledge.alias"] = {
      article{ advice = "长期入睡困难可能是睡眠障碍症，应及时到医院就诊。" },
      article{ advice = "长期入睡困难可能是失眠症，睡不好觉时应及时到医院就诊。" } },
    ["qa.description"] = { qa{ description = "" }, qa{} },
    ["qa.replies"] = { qa{ replies = 3 }, qa{} },
    ["qa.breadcrumb"] = { qa{ path = "首页 > 神经内科 > 神经内科" }, qa{} },
    ["qa.doctor"] = {
      qa{ answers = { { { "李静 主治医师", "示例市第一人民医院" }, "建议固定作息，睡前放松，必要时就诊评估。" } } },
      qa{} },
    ["qa.department"] = {
      qa{ path = "首页 > 妇产科", title = "怀孕后月经推迟正常吗",
          answers = { { { "赵亮 主治医师", "示例市眼科医院", "眼科" }, "怀孕后月经停止是正常现象，建议按时产检。" } } },
      qa{ path = "首页 > 妇产科", title = "怀孕后月经推迟正常吗",
          answers = { { { "赵亮 主治医师", "示例市妇幼保健院", "妇科" }, "怀孕后月经停止是正常现象，建议按时产检。" } } } },
  }

  it("has at least 20 built-in rules, each shown firing and staying silent here", function()
    local ids = {}
    for _, r in ipairs(linter.rules) do
      if r.enabled then ids[#ids + 1] = r.id end
    end
    assert.is_true(#ids >= 20)
    for _, id in ipairs(ids) do assert.is_truthy(cases[id], "no case for " .. id) end
  end)

  for id, case in pairs(cases) do
    it(id .. " fires on a page that breaks it and not on one that keeps it", function()
      local _, bad = findings_of(case[1])
      local _, good = findings_of(case[2])
      assert.is_truthy(bad[id], id .. " did not fire")
      assert.is_nil(good[id], id .. " fired on the clean page")
    end)
  end

  it("is silent on a clean article and a clean Q&A page", function()
    local all = findings_of(article{})
    assert.are.same({}, all)
    all = findings_of(qa{})
    assert.are.same({}, all)
  end)

  it("typography.spacing is off until a config turns it on", function()
    local page = article{ advice = "睡前可以补充B族维生素。若失眠持续超过一个月，应及时到医院就诊。" }
    local _, rules = findings_of(page)
    assert.is_nil(rules["typography.spacing"])
    local config = helper.write(dir .. "/spacing.lua", 'return { rules = { ["typography.spacing"] = true } }')
    local _, on = findings_of(page, lint.new(kb, { config = config }))
    assert.is_truthy(on["typography.spacing"])
  end)

  it("reads word lists and severities from the config", function()
    local config = helper.write(dir .. "/words.lua", [[
      return { rules = {
        ["claims.absolute"] = { words = { "一劳永逸" }, severity = "warning" },
        ["required.advice"] = false,
      } }]])
    local l = lint.new(kb, { config = config })
    local _, rules = findings_of(article{ advice = false }, l)
    assert.is_nil(rules["required.advice"])
    local findings
    findings, rules = findings_of(article{ advice = "这个方法一劳永逸，还能根治失眠。" }, l)
    assert.are.equal(1, rules["claims.absolute"])
    for _, f in ipairs(findings) do
      if f.rule == "claims.absolute" then assert.are.equal("warning", f.severity) end
    end
  end)

  it("points into the page as rendered, columns in characters", function()
    local findings, _, text = findings_of(article{ advice = "调理要耐心，这套方法可以根治失眠。" })
    local f
    for _, x in ipairs(findings) do
      if x.rule == "claims.absolute" then f = x end
    end
    local line = 0
    for l in (text .. "\n"):gmatch("([^\n]*)\n") do
      line = line + 1
      if line == f.line then
        -- the column counts characters: 根治 is the 11th character
        assert.are.equal("根治", l:sub(utf8.offset(l, f.column), utf8.offset(l, f.column + 2) - 1))
      end
    end
    assert.are.equal(text:sub(f.from, f.to), "根治")
  end)

  it("fixes a draft page in place, and the fixed page is clean of what was fixed", function()
    local path = helper.write(dir .. "/fix-me.txt", article{
      summary = "失眠可能由精神压力、作息紊乱等原因引起，可通过调整作息等方式缓解。",
      advice = "日常应保持卧室安静,光线柔和！！若失眠持续,应及时就诊。",
      related = { { "失眠多梦怎么回事", "失眠多梦可能由精神压力等原因引起。" },
                  { "失眠多梦怎么回事", "失眠多梦可能与作息紊乱有关。" } } })
    local r = assert(fix.file(linter, path, { fix = true }))
    assert.is_true(r.fixed >= 4)
    local text = helper.read(path)
    assert.is_truthy(text:find("精神压力、作息紊乱、咖啡因摄入等原因", 1, true))
    assert.is_truthy(text:find("保持卧室安静，光线柔和！若失眠持续，应及时就诊。", 1, true))
    local _, rules = findings_of(text)
    for _, id in ipairs{ "structure.summary", "typography.half-width", "typography.repeated",
                         "related.duplicate" } do
      assert.is_nil(rules[id], id)
    end
    -- the knowledge base kept nothing of the draft
    for d in kb:titled("失眠是怎么回事") do error("the draft stayed: " .. d.id) end
  end)

  it("fixes a document through the knowledge base in one transaction", function()
    local report = require("medkb.import").run(kb, { helper.write(dir .. "/in-kb.txt", article{
      title = "入睡困难是怎么回事", advice = "日常应保持卧室安静,光线柔和。若失眠持续超过一个月，应及时到医院就诊。" }) })
    local doc = report.files[1].documents[1]
    local before = kb:document_count()
    local new, fixed = fix.document(linter, doc)
    assert.are.equal(1, fixed)
    assert.are.equal(before, kb:document_count())
    assert.is_truthy(new:part("advice"):find("安静，光线柔和", 1, true))
    local findings = linter:document(new)
    for _, f in ipairs(findings) do assert.are_not.equal("typography.half-width", f.rule) end
  end)

  it("kb:lint gives the same findings as the linter", function()
    local report = require("medkb.import").run(kb, { helper.write(dir .. "/api.txt", article{
      title = "早醒是怎么回事", advice = "这套方法保证治好早醒。" }) })
    local doc = report.files[1].documents[1]
    local findings, failures = kb:lint(doc)
    assert.are.same({}, failures)
    local rules = {}
    for _, f in ipairs(findings) do rules[f.rule] = true end
    assert.is_true(rules["claims.guarantee"])
    assert.is_true(rules["required.disclaimer"] == nil)
  end)
end)

describe("medkb lint --fix", function()
  after_each(helper.cleanup)

  -- A related article is only a title and a summary from the page that
  -- lists it: no page of its own to fix and import again.  --fix says so
  -- and fixes the rest.
  it("leaves a related article's summary as it is, and says so", function()
    local dir = helper.tmpdir()
    local db = dir .. "/kb.db"
    helper.write(dir .. "/page.txt", article{ advice = "日常应保持卧室安静,光线柔和。若失眠持续超过一个月，应及时就诊。",
      related = { { "失眠多梦怎么回事", "失眠多梦可能由精神压力,作息紊乱等原因引起。" },
                  { "早醒怎么回事", "早醒可能与年龄增长有关。" } } })
    local _, err, code = helper.run{ "--db", db, "import", dir .. "/page.txt" }
    assert.equal(0, code, err)
    local stub, page
    do
      local kb <close> = medkb.open(db, { create = false })
      for d in kb:titled("失眠多梦怎么回事") do stub = d.id end
      for d in kb:titled("失眠是怎么回事") do page = d.id end
    end
    local out
    out, err, code = helper.run{ "--db", db, "lint", tostring(stub), "--fix" }
    assert.equal(0, code, err)
    assert.equal(("%d: not fixed: a related article's title and summary as document %d's page lists them,"
      .. " with no page of its own; correct them where that page comes from\n"):format(stub, page), err)
    assert.matches("typography.half-width", out, 1, true)
    _, err, code = helper.run{ "--db", db, "lint", "--all", "--fix" }
    assert.equal(0, code, err)
    assert.matches(("^%d: 1 fix applied; the page is now document %%d+\n"):format(page), err)
    assert.matches("\n2 related articles not fixed: ", err)
    local kb <close> = medkb.open(db, { create = false })
    local advice
    for d in kb:titled("失眠是怎么回事") do advice = d:part("advice") end
    assert.matches("安静，光线柔和", advice, 1, true)
  end)

  -- The seed Q&A page names its doctors' departments only in its related
  -- list, whose questions' own pages show the doctor's card without one:
  -- what the old page stated stays stated by the fixed page.
  it("keeps the doctors' departments of a Q&A page it fixes", function()
    local shared = helper.shared()
    if not shared then
      pending("../shared is absent")
      return
    end
    local dir = helper.tmpdir()
    local db = dir .. "/kb.db"
    local _, err, code = helper.run{ "--db", db, "import", shared .. "/seeds/001_d6d6bd473cc35397.txt" }
    assert.equal(0, code, err)
    local function departments()
      local kb <close> = medkb.open(db, { create = false })
      local out = {}
      for e in kb:entities{ kind = "doctor" } do
        for d in e:related("department") do out[#out + 1] = e.name .. " " .. d.name end
      end
      table.sort(out)
      return out
    end
    local before = departments()
    assert.is_true(#before >= 3)
    _, err, code = helper.run{ "--db", db, "lint", "--all", "--fix" }
    assert.equal(0, code, err)
    assert.matches("fix", err, 1, true)
    assert.same(before, departments())
  end)
end)
