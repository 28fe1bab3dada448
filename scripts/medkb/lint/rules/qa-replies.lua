-- A question page's reply count is the number of answers it shows.
local T = require "medkb.lint.text"

return {
  id = "qa.replies",
  severity = "warning",
  description = "the reply count differs from the answers present",
  fixable = true,
  check = function(doc, _, report)
    if doc.type ~= "question" or doc.stub then return end
    local m = doc.model
    if m.replies == nil or m.replies == #m.answers then return end
    local p = T.part(doc, "replies")
    if not p then return end
    local text = T.text_of(doc, p)
    local a, b = text:find("%d+")
    report{ from = p.from, to = p.to, message = ("the page says %d repl%s but shows %d answer%s")
      :format(m.replies, m.replies == 1 and "y" or "ies", #m.answers, #m.answers == 1 and "" or "s"),
      fix = a and { from = p.from + a - 1, to = p.from + b - 1, text = tostring(#m.answers) } or nil }
  end,
}
