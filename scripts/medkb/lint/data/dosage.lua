-- What a dose looks like: how often (每次, 每日 … followed by a number and
-- a unit) and how much (a number and a unit of mass or volume), and the
-- words that say a sentence is about taking something.  Read by the
-- dosage.unqualified rule.
return {
  often = { "每次", "每日", "每天", "一日", "一天", "一次", "每晚", "每早", "每晨", "日服", "每隔",
            "每周", "每餐" },
  numbers = { "%d", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "半" },
  units = { "片", "粒", "丸", "袋", "支", "滴", "次", "毫克", "微克", "毫升", "克", "mg", "ml", "mL", "g",
            "μg", "ug", "IU", "单位", "包", "贴", "喷", "揿", "剂", "勺" },
  -- a number then one of these is an amount wherever it stands
  amounts = { "mg", "毫克", "μg", "ug", "微克", "ml", "mL", "毫升", "IU", "国际单位" },
  -- after an amount: a concentration or a lab value, not a dose
  not_after = { "/", "每升", "每分升" },
  -- a sentence about taking something
  taking = { "服", "吃", "用量", "剂量", "注射", "口服", "含服", "外用", "涂抹", "涂", "静滴", "静脉",
             "滴眼", "喷", "吸入", "肌注", "饭前", "饭后", "睡前", "用药", "用法" },
  -- what says a drug is to be taken (the drug.unqualified rule)
  take = { "服", "吃", "使用", "应用", "选用", "采用", "用药", "可用", "可以用", "用点", "用些", "用一些",
           "涂", "外用", "贴", "注射", "打针", "吸入", "滴", "含服", "喷", "配合", "输液", "静滴" },
}
