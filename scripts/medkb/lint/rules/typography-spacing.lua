-- Between Chinese and Latin letters or digits: a space, or none, as the
-- site's style says (space = "require" or "forbid").  Off unless a config
-- turns it on.
local T = require "medkb.lint.text"

return {
  id = "typography.spacing",
  severity = "info",
  description = "a space (or none, as configured) between Chinese and Latin letters or digits",
  enabled = false,
  fixable = true,
  params = { space = "require" },
  check = function(doc, _, report, params)
    local text = doc.text
    for _, line in ipairs(T.own_lines(doc)) do
      local prev, prev_at
      for at, cp in utf8.codes(line.text, true) do
        local i = line.from + at - 1
        if prev then
          local latin_prev = prev < 128 and string.char(prev):find("%w")
          local latin_here = cp < 128 and string.char(cp):find("%w")
          local mixed = (T.is_han(prev) and latin_here) or (latin_prev and T.is_han(cp))
          if params.space == "require" and mixed then
            report{ from = prev_at, to = i + #utf8.char(cp) - 1,
                    message = "no space between Chinese and Latin text",
                    fix = { from = i, to = i - 1, text = " " } }
          end
        end
        if params.space == "forbid" and cp == 32 and prev then
          local nxt = T.char_at(text, i + 1)
          local latin_prev = prev < 128 and string.char(prev):find("%w")
          local latin_next = nxt and nxt < 128 and string.char(nxt):find("%w")
          if (T.is_han(prev) and latin_next) or (latin_prev and T.is_han(nxt)) then
            report{ from = i, to = i, message = "a space between Chinese and Latin text", fix = "" }
          end
        end
        prev, prev_at = cp, i
      end
    end
  end,
}
