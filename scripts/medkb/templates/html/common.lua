-- medkb/templates/html/common.lua -- what the HTML templates share: the
-- page around the content (a header with the way home, the main part, a
-- footer), links, doctors' cards and lists.  Markup is built with h,
-- which escapes every text it is given.

-- The header and footer every page has, by the address of home (markup
-- is made once and may stand on many pages).
local frames = {}

return {
  --- layout(t, title, ...) -> the whole page: head with the stylesheet,
  -- a header linking home, the content, a footer
  layout = function(t, title, ...)
    local frame = frames[t.home or false]
    if not frame then
      local home = t.home and h.a({ href = t.home, class = "home" }, "medkb 健康知识库") or
        h.span({ class = "home" }, "medkb 健康知识库")
      frame = { h.header({ class = "site" }, home),
                h.footer({ class = "site" }, "内容仅供参考，不能代替医生的诊断。") }
      frames[t.home or false] = frame
    end
    -- t.document, the whole page around the body, is the engine's
    return t.document(title, h.fragment(frame[1], h.main(...), frame[2]))
  end,

  --- link(t, text, ref) -> a link to ref's page, or the text alone
  link = function(t, text, ref)
    local url = t.url(ref)
    if not url then return text end
    return h.a({ href = url }, text)
  end,

  --- doctor_card(t, d) -> the doctor's name (linked), title, hospital,
  -- department
  doctor_card = function(t, d)
    local line = t.doctor_line(d)
    return h.div({ class = "doctor" }, h.strong(t.link(t, d.name, { type = "entity", id = d.id })),
      line ~= "" and h.span({ class = "meta" }, " " .. line) or nil)
  end,

  --- paragraphs(text) -> a <p> for each line of text
  paragraphs = function(text)
    local out = {}
    for line in (text or ""):gmatch("[^\n]+") do out[#out + 1] = h.p(line) end
    return out
  end,

  --- sources(item) -> how many documents state a relation, as a badge
  sources = function(item)
    if item.documents == 0 then return nil end
    return h.span({ class = "badge", title = "陈述此关系的文档数" }, ("%d个来源"):format(item.documents))
  end,
}
