-- Numbered points count on without a gap or a repeat (1、2、3、), within
-- each part of the page.
local T = require "medkb.lint.text"

-- How points are numbered: Lua patterns whose capture is the number, at
-- the start of a line or after the end of a sentence.
local MARKS = { "^(%d+)、", "^(%d+)%.[^%d]", "^(%d+)．", "^%((%d+)%)", "^（(%d+)）" }

local function points(text, from, to)
  local out = {}
  local pos = from
  while pos <= to do
    local prev = pos > 1 and text:sub(pos - 1, pos - 1) or "\n"
    local prev3 = pos > 3 and text:sub(pos - 3, pos - 1) or ""
    local starts = prev == "\n" or prev == " " or prev == ":" or prev == ";" or prev3 == "。"
      or prev3 == "；" or prev3 == "！" or prev3 == "？" or prev3 == "：" or pos == from
    if starts then
      for _, pat in ipairs(MARKS) do
        local n = text:match(pat, pos)
        if n and pos + #n <= to then
          out[#out + 1] = { n = tonumber(n), at = pos, len = #n }
          break
        end
      end
    end
    pos = pos + 1
  end
  return out
end

return {
  id = "structure.numbering",
  severity = "warning",
  description = "numbered points count on without a gap or a repeat",
  check = function(doc, _, report)
    local names = { section = true, advice = true, answer = true, related_item = true, summary = true }
    for _, p in ipairs(T.body_parts(doc, names)) do
      local from = p.from
      -- a section's own number is the page's: its points start below
      if p.name == "section" then from = (doc.text:find("\n", p.from, true) or p.to) + 1 end
      local list = points(doc.text, from, p.to)
      for i, pt in ipairs(list) do
        local prev = list[i - 1]
        if prev and pt.n ~= prev.n + 1 and pt.n ~= 1 then
          report{ from = pt.at, to = pt.at + pt.len - 1,
                  message = ("numbering goes from %d to %d"):format(prev.n, pt.n) }
        elseif not prev and pt.n ~= 1 and #list > 1 then
          report{ from = pt.at, to = pt.at + pt.len - 1, message = ("numbering starts at %d"):format(pt.n) }
        end
      end
    end
  end,
}
