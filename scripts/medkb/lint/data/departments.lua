-- Which department answers what, read by the qa.department rule: each
-- family of departments with the words a department's name has
-- (心血管内科 has 心血管) and the words a question about its field has,
-- which families answer each other's questions, and the departments that
-- answer anything (全科, 急诊科 …).  A department in no family is never
-- called implausible.
return {
  general = { "全科", "急诊", "综合", "家庭医学", "中医", "健康管理", "体检", "普通内科", "大内科" },
  families = {
    { name = "骨科", departments = { "骨科", "骨外", "脊柱", "关节", "运动医学", "创伤" },
      topics = { "骨折", "骨质", "关节", "腰椎", "颈椎", "椎间盘", "脊柱", "韧带", "半月板", "骨刺", "滑膜",
                 "肩周", "扭伤", "崴脚" } },
    { name = "康复疼痛", departments = { "康复", "疼痛", "理疗" }, topics = {} },
    { name = "神经", departments = { "神经内", "神经外", "神经科", "脑外", "脑科" },
      topics = { "癫痫", "中风", "脑梗", "脑出血", "偏头痛", "帕金森", "面瘫", "三叉神经", "痴呆", "眩晕" } },
    { name = "精神心理", departments = { "精神", "心理", "心身" },
      topics = { "焦虑", "抑郁", "失眠", "强迫", "精神分裂", "躁狂", "恐惧症", "心理" } },
    { name = "心血管", departments = { "心血管", "心内", "心脏", "心外" },
      topics = { "高血压", "冠心病", "心律", "心悸", "心绞痛", "心梗", "心衰", "早搏" } },
    { name = "呼吸", departments = { "呼吸", "肺科", "胸科" },
      topics = { "咳嗽", "哮喘", "肺炎", "支气管", "肺结节", "气管炎" } },
    { name = "消化", departments = { "消化", "胃肠", "肝病", "肝胆", "肛肠" },
      topics = { "胃炎", "胃溃疡", "胃痛", "肠炎", "腹泻", "便秘", "肝炎", "脂肪肝", "胆囊", "痔疮", "反流" } },
    { name = "内分泌", departments = { "内分泌", "糖尿病", "代谢" },
      topics = { "糖尿病", "血糖", "甲亢", "甲减", "甲状腺", "痛风", "尿酸" } },
    { name = "肾泌尿", departments = { "肾内", "肾病", "泌尿", "男科" },
      topics = { "肾炎", "肾结石", "尿路", "前列腺", "尿频", "阳痿", "早泄" } },
    { name = "妇产", departments = { "妇科", "产科", "妇产", "生殖", "计划生育" },
      topics = { "月经", "怀孕", "妊娠", "白带", "宫颈", "子宫", "卵巢", "流产", "孕妇", "产后", "阴道" } },
    { name = "儿科", departments = { "儿科", "小儿", "新生儿", "儿童" },
      topics = { "宝宝", "婴儿", "新生儿", "小儿", "幼儿" } },
    { name = "皮肤", departments = { "皮肤", "性病", "皮肤性病" },
      topics = { "湿疹", "皮炎", "痤疮", "青春痘", "荨麻疹", "癣", "白癜风", "银屑病", "牛皮癣", "脱发" } },
    { name = "眼科", departments = { "眼科", "眼" }, topics = { "眼睛", "视力", "近视", "白内障", "青光眼",
      "结膜炎", "眼皮", "眼睑" } },
    { name = "耳鼻喉", departments = { "耳鼻喉", "耳鼻咽喉", "五官" },
      topics = { "鼻炎", "鼻窦炎", "咽炎", "扁桃体", "中耳炎", "耳鸣", "鼻塞" } },
    { name = "口腔", departments = { "口腔", "牙科", "牙" }, topics = { "牙齿", "牙痛", "牙龈", "口腔溃疡", "智齿" } },
    { name = "肿瘤", departments = { "肿瘤", "放疗", "化疗" }, topics = { "癌", "肿瘤", "化疗", "放疗" } },
    { name = "感染", departments = { "感染", "传染" }, topics = { "艾滋", "结核", "乙肝", "梅毒" } },
    { name = "外科", departments = { "普外", "普通外科", "外科", "胸外", "血管外", "乳腺", "甲状腺外" },
      topics = { "阑尾", "疝气", "乳腺", "静脉曲张" } },
  },
  -- families whose doctors answer each other's questions
  near = {
    { "骨科", "康复疼痛" }, { "神经", "精神心理" }, { "神经", "康复疼痛" }, { "心血管", "内分泌" },
    { "消化", "外科" }, { "肾泌尿", "外科" }, { "骨科", "外科" }, { "肿瘤", "外科" }, { "肿瘤", "消化" },
    { "肿瘤", "呼吸" }, { "内分泌", "妇产" }, { "呼吸", "耳鼻喉" }, { "儿科", "皮肤" }, { "儿科", "呼吸" },
    { "儿科", "消化" }, { "消化", "感染" }, { "呼吸", "感染" }, { "眼科", "神经" }, { "神经", "心血管" },
  },
}
