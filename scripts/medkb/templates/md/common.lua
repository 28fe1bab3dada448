-- medkb/templates/md/common.lua -- what the Markdown templates share.

return {
  --- link(t, text, ref) -> "[text](address)", or text where the page has
  -- no address for ref
  link = function(t, text, ref)
    local url = t.url(ref)
    if not url then return text end
    return ("[%s](%s)"):format(text:gsub("[%[%]]", "\\%0"), url)
  end,

  --- sources(item) -> "（2个来源）" for a relation documents state
  sources = function(item)
    return item.documents > 0 and ("（%d个来源）"):format(item.documents) or ""
  end,
}
