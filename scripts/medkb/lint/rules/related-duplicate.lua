-- A related list names each page once: no two items with the same title,
-- or titles that differ only in how they ask (怎么回事 / 是怎么回事).
local T = require "medkb.lint.text"

return {
  id = "related.duplicate",
  severity = "warning",
  description = "duplicate or near-duplicate titles in a related list",
  fixable = true,
  params = { similar = 0.9 },
  check = function(doc, _, report, params)
    local m = doc.model
    local seen = {}
    local own = T.norm_title(m.title or "")
    for _, p in ipairs(T.parts(doc, "related_item")) do
      local item = m.related[p.n]
      if item then
        local key = T.norm_title(item.title)
        local first
        for _, s in ipairs(seen) do
          if s.key == key or T.similarity(s.key, key) >= params.similar then first = s break end
        end
        if first then
          local what = item.title == first.item.title and "repeats" or "nearly repeats"
          report{ from = p.from, to = p.to, message = ("related item %d ('%s') %s item %d ('%s')")
            :format(p.n, item.title, what, first.n, first.item.title), fix = T.removal(doc.text, p) }
        elseif key ~= own then
          -- an item titled as the page is the page's own (related.self)
          seen[#seen + 1] = { key = key, item = item, n = p.n }
        end
      end
    end
  end,
}
