-- A drug the page names that nothing else in the knowledge base names,
-- as an entity or in another document's text: a misspelt name, or one
-- that no other page vouches for.
local T = require "medkb.lint.text"

-- The documents that state or name a drug.
local function sources(kb, name)
  local out = {}
  for _, r in ipairs(kb.incoming(name)) do
    for _, id in ipairs(r.sources) do out[id] = true end
  end
  for _, r in ipairs(kb.related(name)) do
    for _, id in ipairs(r.sources) do out[id] = true end
  end
  for _, d in ipairs(kb.documents(name)) do out[d.id] = true end
  return out
end

return {
  id = "drug.unknown",
  severity = "info",
  description = "a drug named in the text that no other page of the knowledge base names",
  check = function(doc, kb, report)
    local own = { [doc.id] = true }
    for _, a in ipairs(doc.model.answers or {}) do own[a.id] = true end
    local seen = {}
    for _, p in ipairs(T.body_parts(doc)) do
      local part = T.text_of(doc, p)
      for _, d in ipairs(kb.drugs(part)) do
        if not seen[d.name] then
          seen[d.name] = true
          local elsewhere = false
          if kb.entity(d.name, "drug") then
            for id in pairs(sources(kb, d.name)) do
              if not own[id] then elsewhere = true break end
            end
          end
          if not elsewhere then
            for _, id in ipairs(kb.naming(d.name, #(doc.model.answers or {}) + 3)) do
              if not own[id] then elsewhere = true break end
            end
          end
          if not elsewhere then
            local at = part:find(d.name, 1, true)
            local from = at and (p.from + at - 1) or p.from
            report{ from = from, to = at and (from + #d.name - 1) or from,
                    message = ("drug %s is named on no other page of the knowledge base: check the name")
                      :format(d.name) }
          end
        end
      end
    end
  end,
}
