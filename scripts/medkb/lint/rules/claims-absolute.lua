-- No promise of a cure for good (根治, 包治, 药到病除 …); the same words
-- informing are fine (糖尿病目前无法根治, 根治性手术).
local T = require "medkb.lint.text"
local claims = data "claims"

return {
  id = "claims.absolute",
  severity = "error",
  description = "absolute wording: a cure for good promised (根治, 包治, 药到病除, 永不复发 …)",
  params = { words = claims.absolute.words, exceptions = claims.absolute.exceptions,
             negators = claims.negators, window = claims.window },
  check = function(doc, _, report, params)
    T.claims(doc, report, params, "absolute claim '%s': no treatment is promised to cure for good")
  end,
}
