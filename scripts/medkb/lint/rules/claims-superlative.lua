-- Nothing ranked above all others (最好的药, 全国第一, 唯一有效 …);
-- counting, advice and denial are fine (第一时间就医, 最好在医生指导下
-- 服用, 目前没有特效药).
local T = require "medkb.lint.text"
local claims = data "claims"

return {
  id = "claims.superlative",
  severity = "error",
  description = "superlative wording as a claim (最好的药, 第一, 唯一 …), not 第一时间 or 最好在医生指导下",
  params = { words = claims.superlative.words, exceptions = claims.superlative.exceptions,
             negators = claims.superlative.negators, window = claims.window },
  check = function(doc, _, report, params)
    T.claims(doc, report, params, "superlative claim '%s'")
  end,
}
