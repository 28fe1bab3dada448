-- An article page opens with a summary sentence: the causes and what
-- relieves them, in one line.
local T = require "medkb.lint.text"

return {
  id = "required.summary",
  severity = "warning",
  description = "an article page has a summary sentence before its sections",
  check = function(doc, _, report)
    if doc.type ~= "article" or doc.stub then return end
    local s = doc.model.stored_summary
    if s and s:find("%S") then return end
    local at = T.part(doc, "views") or T.part(doc, "title")
    report{ from = at and at.from or 1, message = "no summary sentence (X可能由A、B等原因引起，可通过C、D等方式缓解。)"
      .. " before the sections" }
  end,
}
