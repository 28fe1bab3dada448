-- medkb/templates/html/article.lua -- an article page: the title, the
-- view count, the summary sentence, one section per cause, the advice,
-- the disclaimer and the related list.

return {
  page = function(m, t)
    local sections = {}
    for _, sec in ipairs(m.sections) do sections[#sections + 1] = t.section(sec, t) end
    return t.layout(t, m.title, h.article({ class = "article" },
      h.h1(m.title),
      t.views_text(m) and h.p({ class = "meta" }, t.views_text(m)) or nil,
      t.summary(m, t),
      sections,
      t.advice(m, t),
      m.disclaimer and h.aside({ class = "disclaimer" }, m.disclaimer) or nil,
      t.related(m, t)))
  end,
  summary = function(m, t)
    local s = t.summary_sentence(m, t)
    return s and h.p({ class = "summary" }, s) or nil
  end,
  section = function(sec, t)
    return h.section({ class = "cause" },
      h.h2(("%d、"):format(sec.num), t.link(t, sec.title, sec.cause and { type = "entity", id = sec.cause })),
      t.paragraphs(sec.text))
  end,
  advice = function(m, t)
    if not m.advice then return nil end
    return h.section({ class = "advice" }, h.h2("日常建议"), t.paragraphs(m.advice))
  end,
  related = function(m, t)
    if #m.related == 0 then return nil end
    local items = {}
    for _, r in ipairs(m.related) do
      items[#items + 1] = h.li(t.link(t, r.title, { type = r.kind, id = r.id }),
        r.summary and h.p({ class = "meta" }, r.summary) or nil)
    end
    return h.section({ class = "related" }, h.h2("相关推荐"), h.ul(items))
  end,
}
