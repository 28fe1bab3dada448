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

  it("finds generic names without a dosage form, by their stems and by lists", function()
    assert.same({ "舍曲林", "帕罗西汀" }, names(extract.drugs("选择性5-羟色胺再摄取抑制剂SSRIs如舍曲林、帕罗西汀,能调节神经递质。")))
    assert.same({ "阿普唑仑", "氯硝西泮" }, names(extract.drugs("苯二氮卓类药物如阿普唑仑、氯硝西泮,可快速缓解焦虑。")))
    assert.same({ "普萘洛尔" }, names(extract.drugs("β受体阻滞剂如普萘洛尔,能降低交感神经兴奋性。")))
    assert.same({ "地西泮" }, names(extract.drugs("可以口服抗焦虑药物如地西泮。")))
    assert.same({ "阿托伐他汀", "缬沙坦", "奥美拉唑" },
      names(extract.drugs("常用药物包括阿托伐他汀、缬沙坦,胃部不适时加用奥美拉唑。")))
    -- a list the context marks, whatever the names look like
    assert.same({ "甲氧氯普胺", "多潘立酮" }, names(extract.drugs("可服用甲氧氯普胺、多潘立酮等药物止吐。")))
    -- classes are not drugs, nor words that end like a stem
    assert.same({}, names(extract.drugs("可在医生指导下使用降压药、抗生素或他汀类药物,其他定期复查。")))
    assert.same({}, names(extract.drugs("若跳动频繁并扩散到面部,需要就医。")))
  end)

  it("learns a drug once and finds it on every later text", function()
    local known = {}
    assert.same({}, names(extract.drugs("平时可以喝一些菊花茶。", known)))
    known["黄连上清丸"] = true
    assert.same({ "黄连上清丸" }, names(extract.drugs("上火时有人吃黄连上清丸。", known)))
  end)

  it("starts a name where the name starts, not at the cue before it", function()
    for text, want in pairs{
      ["必要时遵医嘱补充维生素B12片调节神经功能。"] = "维生素B12片",
      ["常用药物包括布洛芬缓释胶囊。"] = "布洛芬缓释胶囊",
      ["关联药物有氯雷他定片。"] = "氯雷他定片",
      ["可考虑更换为氨氯地平片。"] = "氨氯地平片",
      ["如氯化镁溶液可帮助放松肌肉。"] = "氯化镁溶液",
      ["抗癫痫药卡马西平可能引起皮疹。"] = "卡马西平",
      ["可遵医嘱使用盐酸林可霉素滴耳液。"] = "盐酸林可霉素滴耳液",
      ["可以外用丁酸氢化可的松乳膏。"] = "丁酸氢化可的松乳膏",
    } do
      assert.same({ want }, names(extract.drugs(text)), text)
    end
    assert.same({ "细菌性肺炎" }, extract.diseases("因为细菌性肺炎住院。"))
    assert.same({ "疲劳", "贫血" }, extract.summary("头晕可能是由于疲劳、贫血等原因引起。").causes)
  end)

  it("says which drugs provoke, which are taken and which are named in passing", function()
    local function roles(text, opts)
      local out = {}
      for _, d in ipairs(extract.drugs(text, nil, opts)) do out[d.name] = d.role end
      return out
    end
    -- the trigger in another clause of the sentence, for every drug of the list
    assert.same({ ["硝苯地平"] = "provoking", ["氨氯地平"] = "provoking" },
      roles("硝苯地平、氨氯地平等药物若剂量过大,可能使血压降得过低,从而引起头晕。"))
    -- a treatment in the drug's clause comes first: taken
    assert.same({ ["碳酸钙片"] = "taken" }, roles("可服用碳酸钙片缓解缺钙引起的抽筋。"))
    -- a concession does not end the search
    assert.same({ ["布洛芬"] = "provoking" },
      roles("布洛芬虽然用于缓解疼痛,但长期使用也可能导致头痛。"))
    -- a provoke cue denied is none
    assert.same({ ["氯沙坦"] = "taken" }, roles("可换成其他降压药,如氯沙坦,控制血压且不易引起咳嗽。"))
    -- a section about drugs as the cause: provoking, unless replaced or treating
    assert.same({ ["泼尼松"] = "provoking", ["二甲双胍缓释片"] = "taken", ["蒙脱石散"] = "taken" },
      roles("服用泼尼松后出现失眠。可更换为二甲双胍缓释片,或联用蒙脱石散缓解症状。",
        { provoking = true }))
    assert.is_true(extract.is_drug_cause("药物副作用"))
    assert.is_true(extract.is_drug_cause("药物因素"))
    assert.is_false(extract.is_drug_cause("缺钙"))
    -- named in passing
    assert.same({ ["阿司匹林"] = "mentioned" }, roles("服药期间避免同时服用阿司匹林。"))
    -- a list said to provoke before it is named
    assert.same({ ["青霉素"] = "provoking" }, roles("常见的易致敏药物有青霉素。"))
  end)

  it("finds foods, exams, departments, signs and diseases in their other forms", function()
    assert.same({ "牛奶", "豆制品" }, extract.foods("平时增加牛奶、豆制品摄入。"))
    assert.same({ "新鲜蔬菜", "水果" }, extract.foods("多吃新鲜蔬菜和水果。"))
    assert.same({}, extract.foods("多吃富含维生素的食物。"))
    assert.same({ "血常规", "甲状腺功能" }, extract.exams("需要进行血常规以及甲状腺功能等检查。"))
    assert.same({ "电解质检测", "骨密度测定", "神经系统" },
      extract.exams("建议定期进行电解质检测、骨密度测定以及神经系统检查。"))
    assert.same({ "过敏原测试" }, extract.exams("医生可能安排进行过敏原测试,以明确原因。"))
    assert.same({ "肠镜" }, extract.exams("需完善肠镜检查排除其他病。"))
    assert.same({ "西瓜", "梨" }, extract.foods("可以吃些含水多的水果,如西瓜、梨等。"))
    assert.same({ "粥", "蒸蛋", "新鲜蔬菜" }, extract.foods("选易消化的食物(如粥、蒸蛋),多摄入新鲜蔬菜补充维生素。"))
    assert.same({ "神经内科", "心理科" }, extract.departments("应到神经内科或心理科就诊。"))
    assert.same({ "面色苍白", "乏力" }, extract.signs("贫血时常伴面色苍白、乏力。"))
    assert.same({ "脑供血不足", "梅尼埃病" }, extract.diseases("应及时就诊,排查脑供血不足、梅尼埃病等疾病。"))
    assert.same({ "面肌痉挛", "支气管哮喘" }, extract.diseases("需排除面肌痉挛,合并支气管哮喘者慎用。"))
    assert.same({ "改善饮食", "适当运动", "药物治疗" },
      extract.summary("头晕可能由贫血引起,可通过改善饮食、适当运动、药物治疗等方式缓解。").treatments)
    assert.same({ "改善饮食", "适当运动" },
      extract.summary("头晕可能由贫血引起,可通过改善饮食、适当运动缓解。").treatments)
  end)

  it("finds the subject of titles that ask in other ways", function()
    assert.equal("皮肤老是瘙痒", extract.subject("为什么皮肤老是瘙痒"))
    assert.equal("耳鸣", extract.subject("耳鸣有什么病因"))
    assert.equal("胃痛", extract.subject("胃痛吃什么药好?"))
    assert.equal("头痛", extract.subject("导致头痛的药物有哪些"))
  end)
end)
