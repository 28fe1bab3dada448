-- An article's summary sentence names, in order, exactly the causes its
-- numbered sections are headed by.
local T = require "medkb.lint.text"
local extract = require "medkb.extract"

return {
  id = "structure.summary",
  severity = "error",
  description = "the causes the summary lists are the numbered section headings, in order",
  fixable = true,
  check = function(doc, _, report)
    if doc.type ~= "article" or doc.stub then return end
    local m = doc.model
    local summary = m.stored_summary
    if not summary or #m.sections == 0 then return end
    local causes = extract.summary(summary).causes
    if #causes == 0 then return end
    local heads = {}
    for i, sec in ipairs(m.sections) do heads[i] = sec.title end
    local same = #causes == #heads
    for i = 1, #heads do same = same and causes[i] == heads[i] end
    if same then return end
    local part = T.part(doc, "summary")
    if not part then return end
    local msg = ("the summary lists %d cause%s (%s), the sections %d (%s)"):format(#causes,
      #causes == 1 and "" or "s", table.concat(causes, "、"), #heads, table.concat(heads, "、"))
    -- the fix: the summary's list of causes made the list of headings
    local text = T.text_of(doc, part)
    local a = text:find(causes[1], 1, true)
    local b0, b1 = nil, nil
    if a then b0, b1 = text:find(causes[#causes], a, true) end
    local fix
    if a and b1 and b0 >= a then
      fix = { from = part.from + a - 1, to = part.from + b1 - 1, text = table.concat(heads, "、") }
    end
    report{ from = part.from + (a or 1) - 1, to = part.from + (b1 or #text) - 1, message = msg, fix = fix }
  end,
}
