-- No cure rate as a selling point (治愈率高达95%, 有效率100%).
local T = require "medkb.lint.text"
local claims = data "claims"

return {
  id = "claims.cure-rate",
  severity = "error",
  description = "a cure or success rate claimed (治愈率高达95%, 总有效率98% …)",
  params = { words = claims.cure_rate.words, followed_by = claims.cure_rate.followed_by,
             within = claims.cure_rate.within },
  check = function(doc, _, report, params)
    local spans = T.body_parts(doc, { title = true, summary = true, section = true, advice = true,
                                      answer = true })
    for _, h in ipairs(T.hits(doc.text, params.words, { spans = spans })) do
      -- what follows, up to `within` characters
      local stop, n = h.to + 1, 0
      while n < params.within and stop <= #doc.text do
        local cp, nxt = T.char_at(doc.text, stop)
        if not cp or cp == 10 then break end
        stop, n = nxt, n + 1
      end
      local after = doc.text:sub(h.to + 1, stop - 1)
      if T.first(after, params.followed_by) then
        report{ from = h.from, to = h.to, message = ("cure rate claimed ('%s%s')"):format(h.word, after) }
      end
    end
  end,
}
