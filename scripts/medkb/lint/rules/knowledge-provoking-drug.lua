-- A page does not recommend, for a symptom, a drug the knowledge base
-- holds can provoke that symptom.
local T = require "medkb.lint.text"

-- The documents that say drug provokes symptom (either way round).
local function provoked_by(kb, drug, symptom)
  local docs, seen = {}, {}
  local function add(r)
    for _, id in ipairs(r.sources) do
      if not seen[id] then seen[id] = true docs[#docs + 1] = id end
    end
  end
  for _, r in ipairs(kb.related(drug, "may_provoke")) do
    if r.id == symptom.id then add(r) end
  end
  for _, r in ipairs(kb.incoming(drug, "provoking_drug")) do
    if r.id == symptom.id then add(r) end
  end
  return docs
end

return {
  id = "knowledge.provoking-drug",
  severity = "error",
  description = "a drug recommended for a symptom that the knowledge base says can provoke it",
  check = function(doc, kb, report)
    local m = doc.model
    local name = m.symptom or (m.subject and m.subject.name)
    if not name then return end
    local symptom = kb.entity(name)
    if not symptom then return end
    for _, p in ipairs(T.body_parts(doc, { section = true, advice = true, answer = true })) do
      for _, s in ipairs(T.sentences(doc.text, p.from, p.to)) do
        for _, d in ipairs(kb.drugs(s.text)) do
          if d.role == "taken" and kb.entity(d.name, "drug") then
            local docs = provoked_by(kb, d.name, symptom)
            if #docs > 0 then
              local at = s.text:find(d.name, 1, true)
              local from = at and (s.from + at - 1) or s.from
              local ids = {}
              for i = 1, math.min(#docs, 5) do ids[i] = tostring(docs[i]) end
              report{ from = from, to = at and (from + #d.name - 1) or s.to,
                      message = ("%s is recommended here, but %d document%s (%s) say%s it can provoke %s")
                        :format(d.name, #docs, #docs == 1 and "" or "s", table.concat(ids, ", "),
                                #docs == 1 and "s" or "", symptom.name) }
            end
          end
        end
      end
    end
  end,
}
