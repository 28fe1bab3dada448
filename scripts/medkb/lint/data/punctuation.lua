-- Half-width punctuation and the full-width form Chinese text takes,
-- read by the typography rules.
return {
  full = { [","] = "，", [";"] = "；", [":"] = "：", ["?"] = "？", ["!"] = "！", ["("] = "（", [")"] = "）",
           ["."] = "。" },
  -- marks that say one thing however often they stand, and the one mark
  -- a run of them becomes
  runs = { { "？", "?" }, { "！", "!" }, { "。" }, { "，", "," }, { "、" }, { "；", ";" }, { "：", ":" } },
}
