-- Claims a medical page must not make, by kind: the words that make
-- them, the longer phrases in which the same words inform rather than
-- claim (糖尿病目前无法根治), and the words that, standing just before,
-- turn a claim into its denial.  Read by the claims.* rules; a config
-- may replace any list (rules = { ["claims.absolute"] = { words = {...} } }).
return {
  -- what turns a claim round when it stands within a few characters before
  negators = { "无法", "不能", "难以", "不可", "很难", "不易", "不容易", "没法", "并非", "并不",
               "不是", "不存在", "未必", "不一定", "谈不上", "无", "没" },
  -- how many characters before a claim, in its clause, a negator may
  -- stand
  window = 12,

  absolute = {
    words = { "根治", "包治", "药到病除", "彻底治愈", "彻底治好", "彻底根除", "永不复发", "永不再犯",
              "一次治愈", "断根", "除根", "一劳永逸", "百分百治愈", "完全治愈", "一次性治好", "包好" },
    exceptions = { "根治性", "根治术", "根治手术", "根治切除", "根治治疗", "根治性治疗", "无法断根",
                   "根治的方法", "根治方法", "根治幽门", "根治Hp", "根治HP", "根治hp", "能否根治", "可否根治", "是否能根治", "是否可以根治",
                   "能不能根治", "可不可以根治", "能根治吗", "可以根治吗", "能否彻底治愈",
                   "是否能彻底治愈", "能彻底治愈吗", "能不能彻底治愈", "能断根吗", "会不会复发" },
  },

  guarantee = {
    words = { "100%有效", "100％有效", "百分之百有效", "百分百有效", "保证有效", "保证治好", "保证治愈",
              "保证康复", "无效退款", "无效全额退款", "立竿见影", "一用就好", "一吃就好", "一贴就好",
              "一次见效", "当天见效", "三天见效", "七天见效", "疗效确切", "保你", "包你", "绝对有效" },
    exceptions = { "不能保证", "无法保证", "不保证", "没有保证" },
  },

  -- a rate word followed, within a few characters, by a number or a word
  -- of how high ("%" before a Lua pattern)
  cure_rate = {
    words = { "治愈率", "有效率", "痊愈率", "康复率", "治愈成功率", "总有效率", "显效率" },
    followed_by = { "%%d", "百分之", "高达", "达到", "极高", "很高", "非常高", "最高" },
    within = 8,
  },

  safety = {
    words = { "无副作用", "没有副作用", "无任何副作用", "没有任何副作用", "零副作用", "无毒副作用",
              "无毒副", "没有毒副作用", "不会有副作用", "不会产生副作用", "纯天然", "纯中药无副作用",
              "绝对安全", "100%安全", "百分百安全", "完全无害", "无依赖性", "不会上瘾", "无耐药性" },
    exceptions = { "有没有副作用", "有无副作用", "并非没有副作用", "并不是没有副作用",
                   "不是没有副作用", "没有副作用的药", "会不会有副作用" },
  },

  -- words that rank a drug, a treatment or a hospital above all others
  superlative = {
    words = { "最好的药", "最好的医院", "最好的医生", "最好的治疗", "最好的疗法", "最好的偏方",
              "最有效的药", "最有效的治疗", "最有效的疗法", "最权威", "最先进的治疗", "最佳疗效", "特效药",
              "神药", "神奇疗效", "全国第一", "国内第一", "世界第一", "全球第一", "行业第一", "排名第一",
              "销量第一", "第一品牌", "天下第一", "唯一有效", "唯一能治", "唯一可以治", "唯一的药",
              "唯一的特效", "首屈一指", "独家秘方", "祖传秘方", "顶级专家", "权威专家", "销量领先" },
    exceptions = { "最好的药物是预防", "最有效的药物是预防" },
    -- 没有特效药 informs
    negators = { "没有", "没", "无", "尚无", "并无", "不是", "并非", "缺乏", "缺少" },
  },
}
