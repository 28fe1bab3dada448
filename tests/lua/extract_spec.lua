-- tests/lua/extract_spec.lua -- the extraction rules (scripts/medkb/
-- extract.lua) on sentences written for these tests.

local extract = require "medkb.extract"

local function names(list)
  local out = {}
  for i, d in ipairs(list) do out[i] = type(d) == "table" and d.name or d end
  return out
end

describe("medkb.extract", function()
  it("finds drugs by their forms, after the words that introduce them", function()
    local got = extract.drugs("可遵医嘱口服谷维素片、维生素B1片,外用红霉素软膏。")
    assert.same({ "谷维素片", "维生素B1片", "红霉素软膏" }, names(got))
    assert.is_false(got[1].provokes)
  end)

  it("tells a drug said to provoke the symptom from one taken for it", function()
    local got = extract.drugs("少数人服用左旋多巴片后可能出现眼睑抽动,可改用卡马西平片控制症状。")
    assert.same({ "左旋多巴片", "卡马西平片" }, names(got))
    assert.is_true(got[1].provokes)
    assert.is_false(got[2].provokes)
  end)

  it("adds the drugs the knowledge base knows, in the order the text names them", function()
    local known = { ["普萘洛尔"] = true, ["舍曲林"] = true, ["阿普唑仑"] = true, ["谷维素片"] = true }
    for _ = 1, 5 do
      assert.same({ "舍曲林", "阿普唑仑", "普萘洛尔", "谷维素片" },
        names(extract.drugs("可选用舍曲林、阿普唑仑或普萘洛尔,也可服用谷维素片。", known)))
    end
  end)

  it("reads causes, treatments and the subject from a summary sentence", function()
    local s = extract.summary("眼皮跳可能由用眼过度、睡眠不足等原因引起,可通过热敷、休息等方式缓解。")
    assert.equal("眼皮跳", s.subject)
    assert.same({ "用眼过度", "睡眠不足" }, s.causes)
    assert.same({ "热敷", "休息" }, s.treatments)
  end)

  it("reads the aliases a text states, and what they refer to", function()
    assert.same({ { name = "眼皮跳", alias = "眼睑痉挛", type = "standard" } },
      extract.aliases("这种情况医学上称为眼睑痉挛,多为良性。", "眼皮跳"))
    assert.same({ { name = "小腿抽筋", alias = "腿抽筋", type = "colloquial" } },
      extract.aliases("小腿抽筋,俗称腿抽筋,夜间多见。", "x"))
  end)
end)
