-- An article page ends with a disclaimer: that it is popular science, not
-- a diagnosis, and that a reader who is unwell sees a doctor.
local T = require "medkb.lint.text"

return {
  id = "required.disclaimer",
  severity = "error",
  description = "an article page has a disclaimer (温馨提示：仅供参考……)",
  -- words that make a closing paragraph a disclaimer, where the page has
  -- one the importer did not take as such
  params = { words = { "仅供参考", "不作诊断", "不能代替", "不可替代", "免责声明", "请到医院就诊", "请及时就医" } },
  check = function(doc, _, report, params)
    if doc.type ~= "article" or doc.stub then return end
    local m = doc.model
    if m.disclaimer and m.disclaimer:find("%S") then return end
    local last = T.part(doc, "advice") or T.parts(doc, "section")[#T.parts(doc, "section")]
    if last and T.first(T.text_of(doc, last), params.words) then return end
    local at = last or T.part(doc, "title")
    report{ from = at and at.to or 1, message = "no disclaimer (温馨提示：医疗科普知识仅供参考，不作诊断依据……)"
      .. " after the advice" }
  end,
}
