-- An article page gives advice for every day and says when to see a
-- doctor, after its sections.
local T = require "medkb.lint.text"

return {
  id = "required.advice",
  severity = "warning",
  description = "an article page has a paragraph of advice after its sections",
  check = function(doc, _, report)
    if doc.type ~= "article" or doc.stub then return end
    local m = doc.model
    if m.advice and m.advice:find("%S") then return end
    local sections = T.parts(doc, "section")
    local at = sections[#sections] or T.part(doc, "summary") or T.part(doc, "title")
    report{ from = at and at.to or 1, message = "no advice paragraph (what to do every day, when to see"
      .. " a doctor) after the sections" }
  end,
}
