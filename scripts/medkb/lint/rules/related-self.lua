-- A page's related list does not list the page itself: the same
-- document, or the same title with (nearly) the same summary.
local T = require "medkb.lint.text"

-- What an item or the page says, to compare: the summary of an article,
-- the first answer of a question.
local function gist(item)
  if item.summary then return item.summary end
  if item.answers and item.answers[1] then return item.answers[1].text or "" end
  return ""
end

return {
  id = "related.self",
  severity = "error",
  description = "a related item that is the page itself",
  fixable = true,
  params = { similar = 0.8 },
  check = function(doc, _, report, params)
    local m = doc.model
    local own = m.stored_summary or (m.answers and m.answers[1] and m.answers[1].text) or ""
    for _, p in ipairs(T.parts(doc, "related_item")) do
      local item = m.related[p.n]
      if item then
        local same = item.id == doc.id or (item.title == m.title and gist(item) == own)
        local near = not same and T.norm_title(item.title) == T.norm_title(m.title or "")
          and T.similarity(gist(item), own) >= params.similar
        if same or near then
          report{ from = p.from, to = p.to, message = ("related item %d ('%s') %s")
            :format(p.n, item.title, same and "is this page itself" or "nearly repeats this page"),
            fix = T.removal(doc.text, p) }
        end
      end
    end
  end,
}
