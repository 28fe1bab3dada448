-- A page names a disease or a drug by its standard name, not by a name
-- the knowledge base knows as its alias (colloquial aliases are the
-- everyday words a page may use on purpose).
local T = require "medkb.lint.text"

return {
  id = "knowledge.alias",
  severity = "info",
  description = "a disease or drug named by an alias the knowledge base knows (suggests the standard name)",
  fixable = true,
  params = { kinds = { disease = true, drug = true, cause = true }, skip = { colloquial = true } },
  check = function(doc, kb, report, params)
    for _, p in ipairs(T.body_parts(doc, { summary = true, section = true, advice = true, answer = true })) do
      local part = T.text_of(doc, p)
      for _, hit in ipairs(kb.names(part)) do
        if params.kinds[hit.kind] and hit.text ~= hit.name then
          local kind = kb.alias_type(hit.id, hit.text)
          if kind and not params.skip[kind] then
            report{ from = p.from + hit.from - 1, to = p.from + hit.to - 1,
                    message = ("%s is known as %s: use the standard name"):format(hit.text, hit.name),
                    fix = hit.name }
          end
        end
      end
    end
  end,
}
