-- Chinese text takes full-width punctuation (，。：？！；（）): a
-- half-width mark next to a Han character is one to change.  One finding
-- per line, at its first such mark; the fix changes them all.  The
-- page's own words only: a related item is checked on its own page.
local T = require "medkb.lint.text"

-- Whether cp is Han or full-width punctuation.
local function chinese(cp)
  return T.is_han(cp) or (cp and ((cp >= 0x3000 and cp <= 0x303F) or (cp >= 0xFF00 and cp <= 0xFFEF)))
end

return {
  id = "typography.half-width",
  severity = "warning",
  description = "half-width punctuation (, : ? ! ; ( ) .) inside Chinese text",
  fixable = true,
  params = { full = (data "punctuation").full },
  check = function(doc, _, report, params)
    local text = doc.text
    for _, line in ipairs(T.own_lines(doc)) do
      if line.text:find("[,;:%?!%(%)%.]") and T.has_han(line.text) then
        local marks = {}
        for i = line.from, line.to do
          local c = text:sub(i, i)
          if params.full[c] then
            local before = T.char_before(text, i)
            local after = T.char_at(text, i + 1)
            local ok
            if c == "." then
              ok = T.is_han(before) and (after == nil or after == 10 or chinese(after))
            elseif c == "(" then
              ok = chinese(after)
            elseif c == ")" then
              ok = chinese(before)
            else
              ok = chinese(before) or (chinese(after) and not (before and before < 128 and
                string.char(before):find("%w")))
            end
            -- a time or a ratio (10:30, 1:1) stays
            if ok and (c == ":" or c == ".") and before and before < 128 and string.char(before):find("%d")
                and after and after < 128 and string.char(after):find("%d") then
              ok = false
            end
            if ok then marks[#marks + 1] = i end
          end
        end
        if #marks > 0 then
          local a, b = marks[1], marks[#marks]
          local fixed = text:sub(a, b)
          for k = #marks, 1, -1 do
            local at = marks[k] - a + 1
            fixed = fixed:sub(1, at - 1) .. params.full[fixed:sub(at, at)] .. fixed:sub(at + 1)
          end
          local list = {}
          for _, i in ipairs(marks) do list[#list + 1] = text:sub(i, i) end
          report{ from = a, to = a,
                  message = ("half-width punctuation in Chinese text: %d on this line (%s)")
                    :format(#marks, table.concat(list, " ")),
                  fix = { from = a, to = b, text = fixed } }
        end
      end
    end
  end,
}
