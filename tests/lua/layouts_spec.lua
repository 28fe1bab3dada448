-- tests/lua/layouts_spec.lua -- the page layouts real sites write, on
-- pages written for these tests: how articles number and head their
-- sections, which parts may be absent, how Q&A pages show doctors, and
-- what is refused because it cannot be told.  And `medkb eval` on the
-- pages in tests/fixtures/pages with their expectations.

local article = require "medkb.import.article"
local qa = require "medkb.import.qa"
local errors = require "medkb.import.errors"
local helper = require "tests.lua.helper"
local extract_is_drug_cause = require("medkb.extract").is_drug_cause

local function headings(page)
  local out = {}
  for _, s in ipairs(page.sections) do out[#out + 1] = s.title end
  return out
end

-- parse must raise a problem whose message matches want.
local function refuses(parse, text, want)
  local ok, err = pcall(parse, text, "page.txt")
  assert.is_false(ok)
  assert.is_true(errors.is(err), tostring(err))
  assert.matches(want, tostring(err))
end

describe("article layouts", function()
  it("reads sections numbered 一、 and headings glued to their text", function()
    local page = article.parse(table.concat({
      "示例网", "耳鸣是什么原因引起的",
      "耳鸣可能由耵聍栓塞、中耳炎等原因引起。",
      "一、耵聍栓塞", "耳道里的耵聍堆积会堵住耳道,可遵医嘱滴用碳酸氢钠滴耳液软化。",
      "二、中耳炎", "感冒后中耳发炎也会耳鸣,需要就医。",
    }, "\n"), "p.txt")
    assert.same({ "耵聍栓塞", "中耳炎" }, headings(page))
    assert.equal("耳鸣是什么原因引起的", page.title)
    assert.is_nil(page.views)
    assert.is_nil(page.disclaimer)
    page = article.parse(table.concat({
      "腿总抽筋是什么原因", "腿总抽筋可能是由于缺钙、着凉等引起的。",
      "1.缺钙。体内缺钙时肌肉兴奋性升高,容易抽筋。",
      "2.着凉。夜里腿部受凉,血液循环变差,也会抽筋。",
    }, "\n"), "p.txt")
    assert.same({ "缺钙", "着凉" }, headings(page))
    assert.matches("^体内缺钙时", page.sections[1].text)
    -- glued with nothing between: the summary's causes tell where the
    -- heading ends
    page = article.parse(table.concat({
      "小腿抽筋是怎么回事", "29人阅读",
      "小腿抽筋可能由肌肉疲劳、电解质失衡等原因引起,可通过拉伸、补充矿物质等方式缓解。",
      "1. 肌肉疲劳运动过量后肌肉过度收缩,容易抽筋。",
      "2. 电解质失衡缺钙、缺镁会影响肌肉兴奋性。",
    }, "\n"), "p.txt")
    assert.same({ "肌肉疲劳", "电解质失衡" }, headings(page))
    assert.matches("^运动过量后", page.sections[1].text)
  end)

  it("reads numbered sections run together in one paragraph", function()
    local page = article.parse(table.concat({
      "牙龈出血的原因有哪些",
      "牙龈出血的原因较多,有药物、牙周疾病等。1.药物:服用阿司匹林等药物可能引起出血。"
        .. "2.牙周疾病:牙龈炎会让牙龈充血,刷牙时出血。",
    }, "\n"), "p.txt")
    assert.same({ "药物", "牙周疾病" }, headings(page))
    assert.equal("牙龈出血的原因较多,有药物、牙周疾病等。", page.summary.text)
    assert.equal("article", require("medkb.import").detect("牙龈出血\n原因较多。1.药物:x。2.牙周:y。\n"))
    -- headings in brackets
    page = article.parse("口苦是什么原因\n1.【胆汁反流】胆汁反流到口腔。\n2.【服用药物】:有的药味道苦。\n", "p.txt")
    assert.same({ "胆汁反流", "服用药物" }, headings(page))
    assert.equal("有的药味道苦。", page.sections[2].text)
  end)

  it("keeps a page without view count, summary or disclaimer, and refuses a broken one", function()
    local page = article.parse("头痛怎么回事\n1、感冒:受凉后头痛。\n2、熬夜:睡眠不足会头痛。\n", "p.txt")
    assert.same({ "感冒", "熬夜" }, headings(page))
    assert.is_nil(page.summary)
    refuses(article.parse, "头痛怎么回事\n1、感冒:受凉后头痛。\n3、熬夜:睡眠不足会头痛。\n",
      "section 3 follows section 1")
    refuses(article.parse, "头痛怎么回事\n头痛可能由感冒引起。\n1、感冒\n", "section 1 %(感冒%) has no text")
    refuses(article.parse, "1、感冒:受凉后头痛。\n", "no title before the numbered sections")
    refuses(article.parse, "只是一段话,没有编号。\n", "not an article page")
  end)

  -- Found by fuzz_parse: numbers too long for an integer became floats,
  -- which string.format's %d raised on.
  it("takes no section number or count too long for an integer", function()
    local page = article.parse("头痛怎么回事\n浏览 99999999999999999999999 次\n1、感冒:受凉后头痛。\n"
      .. "2、熬夜:睡眠不足会头痛。\n", "p.txt")
    assert.equal("头痛怎么回事", page.title)
    assert.is_nil(page.views)
    refuses(article.parse, "头痛怎么回事\n1、感冒:受凉后头痛。\n99999999999999999999992、熬夜:睡眠不足。\n"
      .. "3、上火:口干。\n", "p")
    refuses(article.parse, "头痛怎么回事\n99999999999999999999991、感冒:受凉后头痛。\n", "not an article page")
  end)
end)

describe("Q&A layouts", function()
  after_each(helper.cleanup)

  it("reads doctors' cards by what their words are", function()
    local function card(line)
      local fields = {}
      for _, f in ipairs(qa.doctor_fields(line) or {}) do fields[f[1]] = f[2] end
      return fields
    end
    assert.same({ name = "王静", title = "副主任医师" }, card("王静 副主任医师"))
    assert.same({ title = "副主任医师", hospital = "示例省人民医院", department = "眼科" },
      card("副主任医师 示例省人民医院 三级甲等 眼科"))
    assert.same({ name = "李明", department = "神经内科", title = "副主任医师" },
      card("李明 神经内科 副主任医师"))
    assert.same({ name = "杨光", title = "主治医师" }, card("杨光主治医师"))
    assert.same({ title = "主任医师", hospital = "示例中医院" }, card("主任医师示例中医院"))
    assert.same({ hospital = "示例市人民医院" }, card("示例市人民医院三甲"))
    assert.same({ hospital = "示例市人民医院", department = "急诊科" }, card("示例市人民医院「三级甲等」 急诊科"))
    assert.same({ name = "赵辉", department = "耳鼻咽喉科", title = "副主任医师" }, card("赵辉耳鼻咽喉科副主任医师"))
    assert.same({ name = "孙兰", title = "副主任医师" }, card("孙兰 副主任医师 去挂号"))
    assert.is_nil(qa.doctor_fields("多喝水,注意休息。"))
  end)

  it("keeps a page without reply count, description or related questions", function()
    local page = qa.parse(table.concat({
      "示例问答", "首页 > 内科", "头晕怎么办", "2024-03-01",
      "全部回答", "周敏 主任医师", "示例市人民医院", "神经内科",
      "先测血压,低血压引起的头晕平卧休息即可。",
    }, "\n"), "p.txt")
    assert.equal("头晕怎么办", page.title)
    assert.is_nil(page.replies)
    assert.is_nil(page.description)
    assert.same({ name = "周敏", title = "主任医师", hospital = "示例市人民医院", department = "神经内科",
                  line = 6 }, page.answers[1].doctor)
    assert.equal(0, #page.related)
    assert.equal(4, qa.parse("首页 > 内科\n头晕怎么办\n医生回答(4)\n周敏 主任医师\n示例医院\n多休息。\n",
      "p.txt").replies)
  end)

  it("reads an answer's numbered points as an article's sections", function()
    local medkb = require "medkb"
    local import = require "medkb.import"
    local dir = helper.tmpdir()
    -- causes, one of them drugs, run together in one paragraph behind 【】
    helper.write(dir .. "/bleed.txt", table.concat({
      "首页 > 耳鼻喉科", "鼻子老出血是怎么回事", "全部回答", "吴青 主治医师 示例市第一医院 耳鼻喉科",
      "鼻子出血可能由以下原因引起。1.【鼻腔干燥】秋冬空气干燥,黏膜容易破。"
        .. "2.【药物影响】长期服用阿司匹林、华法林等抗凝药物会让血不易凝固。"
        .. "3.【鼻炎】可遵医嘱使用糠酸莫米松鼻喷雾剂。",
    }, "\n"))
    -- treatments: a drug class heading says nothing of a cause
    helper.write(dir .. "/sneeze.txt", table.concat({
      "首页 > 内科", "打喷嚏吃什么药", "全部回答", "林峰 副主任医师 示例县人民医院 内科",
      "可以按情况选药:", "1.抗过敏药:如氯雷他定,适用于过敏引起的打喷嚏。",
      "2.服用中成药:如玉屏风颗粒,用于体虚易感冒的人。",
    }, "\n"))
    local kb <close> = medkb.open()
    local report = import.run(kb, { dir .. "/bleed.txt", dir .. "/sneeze.txt" })
    assert.equal(0, #report.problems, tostring(report.problems[1]))
    local function roles(symptom)
      local out = {}
      for _, type in ipairs({ "drug", "provoking_drug", "mentioned_drug" }) do
        for d in kb:get("symptom", symptom):related(type) do out[d.name] = type end
      end
      return out
    end
    assert.same({ ["阿司匹林"] = "provoking_drug", ["华法林"] = "provoking_drug", ["糠酸莫米松鼻喷雾剂"] = "drug" },
      roles("鼻子老出血"))
    assert.same({ ["氯雷他定"] = "drug", ["玉屏风颗粒"] = "drug" }, roles("打喷嚏"))
    assert.is_true(extract_is_drug_cause("服用药物", true))
    assert.is_false(extract_is_drug_cause("安眠药的合理服用"))
    assert.is_false(extract_is_drug_cause("抗过敏药"))
  end)

  it("never gives an answer to a doctor it cannot tell", function()
    refuses(qa.parse, "首页 > 内科\n头晕怎么办\n全部回答\n先测血压。\n周敏 主任医师\n示例医院\n",
      ":4: answer text before any answering doctor")
    refuses(qa.parse, "首页 > 内科\n头晕怎么办\n全部回答\n周敏 主任医师\n示例市人民医院\n示例县医院\n多休息。\n",
      ":6: a doctor's card with two hospitals")
    refuses(qa.parse, "首页 > 内科\n头晕怎么办\n全部回答\n周敏 主任医师 示例医院\n多休息。\n相关问答\n"
      .. "头晕吃什么药?\n可以吃点糖。\n", "related question 1 has no answering doctor")
    refuses(qa.parse, "首页 > 内科\n头晕怎么办\n问题描述\n晕了三天。\n", "no answer")
  end)

  -- Found by fuzz_parse: a card's word that ends like a department but is
  -- not UTF-8 made the check for Han characters raise Lua's own error.
  it("refuses a doctor's card that is not UTF-8 as a problem, not an error", function()
    refuses(qa.parse, "首页 > 内科\n头晕怎么办\n全部回答\n周敏 主任医师 示例医院 \xe6\x80内科\n多休息。\n",
      "page.txt")
    refuses(qa.parse, "首页 > 内科\n头晕怎么办\n全部回答\n周\xe6敏 主任医师\n多休息。\n", "page.txt")
  end)
end)

describe("medkb eval", function()
  after_each(helper.cleanup)

  it("scores the importers on pages against what was written down for them", function()
    local out, err, code = helper.run{ "eval", "tests/fixtures/pages", "--verbose" }
    assert.equal(0, code, err)
    assert.matches("\n4 pages scored: drug recall 100.0%% %(24/24%), precision 100.0%% %(24/24%), "
      .. "relations right 100.0%% %(24/24%)\n", out)
    assert.matches("articles with every cause in order: 2/2, invented causes: 0; doctors right: 5/5", out,
      1, true)
    assert.is_nil(out:find("missed:", 1, true))
    -- a page without an expectation is reported, and counted out
    local dir = helper.tmpdir()
    helper.write(dir .. "/lone.txt", helper.read("tests/fixtures/pages/itch-qa.txt"))
    out = helper.run{ "eval", dir .. "/lone.txt" }
    assert.matches("lone.txt%s+not scored: .*lone.expect.lua", out)
    assert.matches("\n0 pages scored", out)
    -- a wrong expectation shows as a miss and a wrong relation
    helper.write(dir .. "/itch.txt", helper.read("tests/fixtures/pages/itch-qa.txt"))
    helper.write(dir .. "/itch.expect.lua", [[return { drugs = {
      { name = "炉甘石", role = "taken" }, { name = "阿司匹林", role = "taken" } } }]])
    out = helper.run{ "eval", dir .. "/itch.txt", "-v" }
    assert.matches("missed: 炉甘石", out, 1, true)
    assert.matches("wrong:  阿司匹林 (taken, found provoking", out, 1, true)
  end)
end)
