-- A drug named as something to take is named under a doctor's advice
-- (遵医嘱, 在医生指导下 …) in the same sentence, or in the sentence just
-- before it ("可在医生指导下用药。常用的有A、B。").
local T = require "medkb.lint.text"

return {
  id = "drug.unqualified",
  severity = "warning",
  description = "a drug named as something to take, in a sentence without 遵医嘱 or 在医生指导下",
  -- what makes a sentence say a drug is to be taken
  params = { qualifiers = data "qualifiers", take = (data "dosage").take },
  check = function(doc, kb, report, params)
    for _, p in ipairs(T.body_parts(doc)) do
      local before = ""
      for _, s in ipairs(T.sentences(doc.text, p.from, p.to)) do
        local taken = {}
        for _, d in ipairs(kb.drugs(s.text)) do
          if d.role == "taken" then taken[#taken + 1] = d.name end
        end
        local qualified = T.first(s.text, params.qualifiers) or T.first(before, params.qualifiers)
        if #taken > 0 and T.first(s.text, params.take) and not qualified then
          local at = s.text:find(taken[1], 1, true)
          local from = at and (s.from + at - 1) or s.from
          report{ from = from, to = at and (from + #taken[1] - 1) or s.to,
                  message = ("%s named to take without 遵医嘱 or 在医生指导下 in the sentence")
                    :format(table.concat(taken, "、")) }
        end
        before = s.text:find("\n") and "" or s.text
      end
    end
  end,
}
