-- A section says enough to explain its cause and not so much that it
-- should be two.
local T = require "medkb.lint.text"

return {
  id = "structure.section-length",
  severity = "info",
  description = "an article section's text is between min and max characters long",
  params = { min = 30, max = 800 },
  check = function(doc, _, report, params)
    if doc.type ~= "article" then return end
    for _, p in ipairs(T.parts(doc, "section")) do
      local sec = doc.model.sections[p.n]
      local n = sec and T.length(sec.text or "") or 0
      if n < params.min then
        report{ from = p.from, to = p.to, message = ("section %d (%s) has %d characters, fewer than %d")
          :format(p.n, sec and sec.title or "?", n, params.min) }
      elseif n > params.max then
        report{ from = p.from, to = p.to, message = ("section %d (%s) has %d characters, more than %d")
          :format(p.n, sec and sec.title or "?", n, params.max) }
      end
    end
  end,
}
