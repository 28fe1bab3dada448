-- medkb/templates/dot/common.lua -- what Graphviz templates share.

return {
  --- q(s) -> s as a DOT string, quoted
  q = function(s)
    return '"' .. tostring(s):gsub('[\\"]', "\\%0"):gsub("\n", "\\n") .. '"'
  end,
  font = "Noto Sans CJK SC",
}
