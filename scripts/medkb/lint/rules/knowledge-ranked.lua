-- A page agrees with what other pages hold of the same symptom: it does
-- not give as a treatment what they give as a cause (or the other way
-- round), and it does not leave out the cause most of them name.
local T = require "medkb.lint.text"

return {
  id = "knowledge.ranked",
  severity = "warning",
  description = "causes or treatments that contradict what other pages hold for the same symptom",
  -- pages that must state causes of the symptom before their agreement
  -- counts, and the share of them that must name a cause
  params = { min_pages = 3, share = 0.75 },
  check = function(doc, kb, report, params)
    if doc.type ~= "article" or doc.stub then return end
    local m = doc.model
    if not m.symptom or #m.causes == 0 then return end
    local symptom = kb.entity(m.symptom)
    if not symptom then return end
    local at = T.part(doc, "summary") or T.part(doc, "title")
    local from, to = at and at.from or 1, at and at.to or 1
    -- what the other pages say, by entity id
    local function others(type_)
      local by, pages = {}, {}
      for _, r in ipairs(kb.related(symptom.id, type_)) do
        local n = 0
        for _, id in ipairs(r.sources) do
          if id ~= doc.id then n = n + 1 pages[id] = true end
        end
        if n > 0 then by[r.name] = { n = n, name = r.name } end
      end
      local count = 0
      for _ in pairs(pages) do count = count + 1 end
      return by, count
    end
    local causes, cause_pages = others("cause")
    local treatments = others("treatment")
    for _, c in ipairs(m.causes) do
      if treatments[c] then
        report{ from = from, to = to,
                message = ("%s is a cause here, but %d other document%s give it as a treatment of %s")
                  :format(c, treatments[c].n, treatments[c].n == 1 and "" or "s", symptom.name) }
      end
    end
    for _, t in ipairs(m.treatments) do
      if causes[t] then
        report{ from = from, to = to,
                message = ("%s is a treatment here, but %d other document%s give it as a cause of %s")
                  :format(t, causes[t].n, causes[t].n == 1 and "" or "s", symptom.name) }
      end
    end
    if cause_pages >= params.min_pages then
      local mine = {}
      for _, c in ipairs(m.causes) do mine[c] = true end
      local names = {}
      for name in pairs(causes) do names[#names + 1] = name end
      table.sort(names)
      for _, name in ipairs(names) do
        local c = causes[name]
        if not mine[name] and c.n >= params.share * cause_pages then
          report{ from = from, to = to,
                  message = ("%d of %d other documents on %s name %s as a cause; this page does not")
                    :format(c.n, cause_pages, symptom.name, name) }
        end
      end
    end
  end,
}
