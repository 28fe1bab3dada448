-- medkb/examples/eyelid.lua -- a small knowledge base about eyelid
-- twitching, written for the medkb demo and docs: one symptom with ranked
-- causes, what is taken, eaten and checked for each cause, a doctor, and a
-- question with its answer.  The names are real terms; the doctor and the
-- hospital are invented.

return {
  symptom = {
    name = "眼皮跳",
    aliases = { { "眼睑痉挛", type = "standard" }, { "眼跳", type = "colloquial" } },
  },
  causes = {
    {
      name = "用眼过度",
      text = "长时间看手机或电脑,眼轮匝肌持续紧张,容易出现短暂的不自主收缩。",
      treatment = { "休息", "热敷" },
      food = { "胡萝卜" },
    },
    {
      name = "睡眠不足",
      text = "熬夜使神经兴奋性升高,眼周肌肉更容易跳动,补足睡眠后多可缓解。",
      treatment = { "规律作息" },
    },
    {
      name = "干眼症",
      text = "泪液分泌减少刺激眼表,常伴干涩、异物感,可在医生指导下使用人工泪液。",
      drug = { "玻璃酸钠滴眼液" },
      exam = { "泪液分泌试验" },
      department = { "眼科" },
    },
    {
      name = "面肌痉挛",
      text = "面神经受血管压迫时,跳动可从眼周扩展到口角,且持续不缓解。",
      drug = { "卡马西平片" },
      treatment = { "肉毒素注射", "微血管减压术" },
      exam = { "头颅磁共振" },
      department = { "神经内科" },
    },
  },
  doctor = {
    name = "林晓", attrs = { title = "副主任医师", hospital = "示例市第一人民医院",
                              department = "眼科" },
  },
  question = {
    key = "demo-q1",
    title = "眼皮一直跳是怎么回事?",
    answer = "多数与用眼过度或睡眠不足有关,注意休息即可;若跳动超过一周或扩展到面部,"
      .. "建议到眼科或神经内科就诊。",
  },
}
