-- medkb/templates/text/article.lua -- an article as plain text, in the
-- layout article pages have: the site, the title, the view count, the
-- summary sentence, one numbered section per cause, the advice, the
-- disclaimer, the related list; paragraphs apart by a blank line.

return {
  page = function(m, t)
    local out = {}
    local function add(x)
      if x and x ~= "" then out[#out + 1] = x end
    end
    add(t.header(m, t))
    add(t.title(m, t))
    add(t.views(m, t))
    add(t.summary(m, t))
    for _, sec in ipairs(m.sections) do add(t.section(sec, t)) end
    add(t.advice(m, t))
    add(t.disclaimer(m, t))
    add(t.related(m, t))
    return table.concat(out, "\n\n") .. "\n"
  end,
  header = function(m) return m.site end,
  title = function(m) return m.title end,
  views = function(m, t) return t.views_text(m) end,
  summary = function(m, t) return t.summary_sentence(m, t) end,
  section = function(sec)
    return ("%d、%s\n\n%s"):format(sec.num, sec.title, (sec.text:gsub("\n", "\n\n")))
  end,
  advice = function(m) return m.advice and (m.advice:gsub("\n", "\n\n")) end,
  disclaimer = function(m) return m.disclaimer end,
  related = function(m, t)
    if #m.related == 0 then return nil end
    local lines = { "相关推荐", "" }
    for _, r in ipairs(m.related) do lines[#lines + 1] = t.related_item(r, t) end
    return table.concat(lines, "\n")
  end,
  related_item = function(r) return r.title .. "\n" .. (r.summary or "") end,
}
