-- Nothing that takes a reader to a seller: phone numbers, web addresses,
-- 加微信, 购买链接 ….
local T = require "medkb.lint.text"
local diversion = data "diversion"

return {
  id = "claims.diversion",
  severity = "error",
  description = "diversion: a phone number, a web address, 加微信, 扫码, 购买链接 …",
  params = { patterns = diversion.patterns, words = diversion.words },
  check = function(doc, _, report, params)
    local found = {}
    for _, p in ipairs(params.patterns) do
      local pos = 1
      while true do
        local i, j = doc.text:find(p.pattern, pos)
        if not i then break end
        found[#found + 1] = { from = i, to = j, what = p.name }
        pos = j + 1
      end
    end
    for _, h in ipairs(T.hits(doc.text, params.words, { questions = true })) do
      found[#found + 1] = { from = h.from, to = h.to, what = "'" .. h.word .. "'" }
    end
    table.sort(found, function(a, b) return a.from < b.from end)
    local last = 0
    for _, f in ipairs(found) do
      if f.from > last then
        report{ from = f.from, to = f.to,
                message = ("diversion: %s (%s)"):format(f.what, doc.text:sub(f.from, f.to)) }
        last = f.to
      end
    end
  end,
}
