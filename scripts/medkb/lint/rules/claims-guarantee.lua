-- No guarantee of an effect (100%有效, 保证治好, 无效退款, 立竿见影 …).
local T = require "medkb.lint.text"
local claims = data "claims"

return {
  id = "claims.guarantee",
  severity = "error",
  description = "guarantee wording: an effect promised (100%有效, 保证治好, 无效退款, 立竿见影 …)",
  params = { words = claims.guarantee.words, exceptions = claims.guarantee.exceptions },
  check = function(doc, _, report, params)
    T.claims(doc, report, params, "guarantee '%s': an effect is promised")
  end,
}
