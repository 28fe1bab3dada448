-- tests/queries/search.lua -- search queries over the knowledge base made
-- from ../shared (the dialogue CSV sample and the seed pages), with the
-- documents each should bring back, for `make bench` (recall@10 and MRR
-- of medkb search and of FTS5's trigram tokenizer).
--
-- A query: {q =, class = what it tests, want = relevance}.  Relevance is
-- a list of alternatives, a page (a question for an answer) being
-- relevant when one holds: {title = {...}} its folded title has any of
-- these, {title_all = {...}} all of these, {text = {...}} its title or
-- body has any of these, {about = "kind:name"} it is
-- about that entity.  Written for these queries, by what each means.
return {
  -- words
  { q = "高血压", class = "word", want = { { title = { "高血压" } } } },
  { q = "脂肪肝", class = "word", want = { { title = { "脂肪肝" } } } },
  { q = "癫痫", class = "word", want = { { title = { "癫痫" } } } },
  { q = "乙肝", class = "word", want = { { title = { "乙肝" } } } },
  { q = "胃炎", class = "word", want = { { title = { "胃炎" } } } },
  { q = "肝硬化", class = "word", want = { { title = { "肝硬化" } } } },
  { q = "幽门螺杆菌", class = "word", want = { { title = { "幽门螺杆菌", "幽门螺旋杆菌" } } } },
  { q = "酒精肝", class = "word", want = { { title = { "酒精肝" } } } },
  { q = "口臭", class = "word", want = { { title = { "口臭" } } } },
  { q = "便秘", class = "word", want = { { title = { "便秘" } } } },
  { q = "小三阳", class = "word", want = { { title = { "小三阳" } } } },
  { q = "腹水", class = "word", want = { { title = { "腹水" } } } },
  { q = "小腿肌肉抖动", class = "word", want = { { title = { "小腿肌肉抖动" } } } },
  -- one character
  { q = "钙", class = "char", want = { { title = { "钙" } } } },
  { q = "咳", class = "char", want = { { title = { "咳" } } } },
  { q = "痰", class = "char", want = { { title = { "痰" } } } },
  { q = "癌", class = "char", want = { { title = { "癌" } } } },
  { q = "痒", class = "char", want = { { title = { "痒" } } } },
  { q = "肾", class = "char", want = { { title = { "肾" } } } },
  { q = "孕", class = "char", want = { { title = { "孕" } } } },
  { q = "酒", class = "char", want = { { title = { "酒" } } } },
  -- traditional characters
  { q = "高血壓", class = "traditional", want = { { title = { "高血压" } } } },
  { q = "癲癇", class = "traditional", want = { { title = { "癫痫" } } } },
  { q = "胃脹", class = "traditional", want = { { title = { "胃胀" } } } },
  { q = "乙肝大三陽", class = "traditional", want = { { title = { "大三阳" } } } },
  { q = "頭痛", class = "traditional", want = { { title = { "头痛" } } } },
  { q = "腸胃炎", class = "traditional", want = { { title = { "肠胃炎" } } } },
  { q = "小腿肌肉抖動", class = "traditional", want = { { title = { "小腿肌肉抖动" } } } },
  { q = "肝腹水怎麼治療", class = "traditional", want = { { title_all = { "腹水", "治" } } } },
  -- aliases
  { q = "肌束颤动", class = "alias", want = { { about = "symptom:肌肉跳动" }, { title = { "肌肉跳动" } } } },
  { q = "眼睑痉挛", class = "alias", want = { { about = "symptom:左眼皮下面肌肉跳动" } } },
  { q = "肌束顫動", class = "alias", want = { { about = "symptom:肌肉跳动" }, { title = { "肌肉跳动" } } } },
  -- pinyin, whole or initials
  { q = "xiaotui jirou doudong", class = "pinyin", want = { { title = { "小腿肌肉抖动" } } } },
  { q = "jirou tiaodong", class = "pinyin", want = { { title = { "肌肉跳动" } } } },
  { q = "jrtd", class = "pinyin", want = { { title = { "肌肉跳动" } } } },
  { q = "xtjrdd", class = "pinyin", want = { { title = { "小腿肌肉抖动" } } } },
  { q = "dianxian", class = "pinyin", want = { { title = { "癫痫" } } } },
  { q = "tangniaobing", class = "pinyin", want = { { title = { "糖尿病" } } } },
  { q = "yaozhui jianpan tuchu", class = "pinyin", want = { { title = { "腰椎间盘突出" } } } },
  { q = "dianjiezhi wenluan", class = "pinyin", want = { { text = { "电解质紊乱" } } } },
  -- everyday words for what the pages call otherwise
  { q = "腿老是抖是怎么回事", class = "colloquial", want = { { title_all = { "腿", "抖" } } } },
  { q = "肚子胀得难受", class = "colloquial", want = { { title = { "胃胀", "腹胀", "肚子胀" } } } },
  { q = "血压高吃什么好", class = "colloquial", want = { { title = { "高血压", "血压高" } } } },
  { q = "乙肝能不能喝酒", class = "colloquial", want = { { title_all = { "乙肝", "酒" } } } },
  { q = "胃疼怎么办", class = "colloquial", want = { { title = { "胃疼", "胃痛" } } } },
  { q = "眼皮一直跳", class = "colloquial", want = { { title = { "眼皮" } } } },
  { q = "拉肚子", class = "colloquial", want = { { title = { "拉肚子", "腹泻" } } } },
  { q = "小孩发烧", class = "colloquial", want = { { title_all = { "发烧" } } } },
  { q = "喝酒伤肝吗", class = "colloquial", want = { { title = { "酒精肝", "喝酒", "饮酒" } } } },
  { q = "肝上长了脂肪", class = "colloquial", want = { { title = { "脂肪肝" } } } },
  { q = "胃里反酸水", class = "colloquial", want = { { title = { "反酸", "返酸", "反流" } } } },
  { q = "晚上睡不着", class = "colloquial", want = { { title = { "失眠", "睡不着", "睡眠" } } } },
  -- several words
  { q = "高血压 头痛", class = "words",
    want = { { title_all = { "高血压", "头痛" } }, { title_all = { "高血压", "头晕" } } } },
  { q = "乙肝 疫苗", class = "words", want = { { title_all = { "乙肝", "疫苗" } } } },
  { q = "脂肪肝 饮食", class = "words",
    want = { { title_all = { "脂肪肝", "吃" } }, { title_all = { "脂肪肝", "饮食" } } } },
  { q = "癫痫 药物", class = "words", want = { { title_all = { "癫痫", "药" } } } },
  { q = "胃炎 中药", class = "words", want = { { title_all = { "胃", "中药" } } } },
  { q = "肝硬化 腹水", class = "words", want = { { title_all = { "肝硬化", "腹水" } } } },
  { q = "幽门螺杆菌 治疗", class = "words", want = { { title_all = { "幽门螺", "治" } } } },
  { q = "糖尿病 高血压", class = "words", want = { { title_all = { "糖尿病", "高血压" } } } },
  { q = "胆汁反流性胃炎", class = "words", want = { { title = { "胆汁反流" } } } },
  { q = "乙肝小三阳能喝酒吗", class = "words", want = { { title_all = { "小三阳", "酒" } } } },
  { q = "高血压患者能吃鸡蛋吗", class = "words", want = { { title_all = { "高血压", "蛋" } } } },
  { q = "缺钙 小腿", class = "words", want = { { title = { "小腿肌肉" } } } },
}
