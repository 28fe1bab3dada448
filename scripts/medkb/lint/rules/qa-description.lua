-- A question page says what the asker describes: its description is not
-- empty.
local T = require "medkb.lint.text"

return {
  id = "qa.description",
  severity = "warning",
  description = "a question page with an empty question description",
  check = function(doc, _, report)
    if doc.type ~= "question" or doc.stub then return end
    local d = doc.model.description
    if d and d:find("%S") then return end
    local at = T.part(doc, "description") or T.part(doc, "title")
    report{ from = at and at.from or 1, to = at and at.to or 1,
            message = "the question's description is empty" }
  end,
}
