-- medkb/templates/md/article.lua -- an article as Markdown: the title as
-- the heading, the view count, the summary, a heading per cause, the
-- advice, the disclaimer as a quote, the related list with links where
-- the page has addresses.

return {
  page = function(m, t)
    local out = {}
    local function add(x)
      if x and x ~= "" then out[#out + 1] = x end
    end
    add("# " .. m.title)
    add(t.views_text(m) and ("*" .. t.views_text(m) .. "*"))
    add(t.summary_sentence(m, t))
    for _, sec in ipairs(m.sections) do add(t.section(sec, t)) end
    add(m.advice and (m.advice:gsub("\n", "\n\n")))
    add(m.disclaimer and ("> " .. m.disclaimer))
    add(t.related(m, t))
    return table.concat(out, "\n\n") .. "\n"
  end,
  section = function(sec)
    return ("## %d、%s\n\n%s"):format(sec.num, sec.title, (sec.text:gsub("\n", "\n\n")))
  end,
  related = function(m, t)
    if #m.related == 0 then return nil end
    local out = { "## 相关推荐", "" }
    for _, r in ipairs(m.related) do
      out[#out + 1] = ("- %s：%s"):format(t.link(t, r.title, { type = r.kind, id = r.id }), r.summary or "")
    end
    return table.concat(out, "\n")
  end,
}
