-- No promise of safety (无副作用, 纯天然, 绝对安全 …): every drug has its
-- risks.
local T = require "medkb.lint.text"
local claims = data "claims"

return {
  id = "claims.safety",
  severity = "error",
  description = "safety wording: no risk promised (无副作用, 纯天然, 绝对安全 …)",
  params = { words = claims.safety.words, exceptions = claims.safety.exceptions, negators = claims.negators,
             window = claims.window },
  check = function(doc, _, report, params)
    -- "无" is the claim's own first word here
    local negators = {}
    for _, w in ipairs(params.negators) do
      if w ~= "无" then negators[#negators + 1] = w end
    end
    local p = setmetatable({ negators = negators }, { __index = params })
    T.claims(doc, report, p, "safety claim '%s': no drug or treatment is without risk")
  end,
}
