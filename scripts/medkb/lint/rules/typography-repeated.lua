-- One mark says it once: ？？, ??, ！！, 。。 and ，， are one mark.  The
-- page's own words only: a related item is checked on its own page.
local T = require "medkb.lint.text"
local punctuation = data "punctuation"

return {
  id = "typography.repeated",
  severity = "warning",
  description = "repeated punctuation (？？, ??, ！！, 。。 …)",
  fixable = true,
  params = { runs = punctuation.runs },
  check = function(doc, _, report, params)
    local text = doc.text
    -- the class of each mark, and the mark a run becomes
    local class = {}
    for k, marks in ipairs(params.runs) do
      for _, mk in ipairs(marks) do class[mk] = k end
    end
    for _, line in ipairs(T.own_lines(doc)) do
    local pos = line.from
    while pos <= line.to do
      local found
      for mk, k in pairs(class) do
        if text:sub(pos, pos + #mk - 1) == mk then found = { mark = mk, k = k } break end
      end
      if found then
        local stop, n = pos + #found.mark, 1
        while true do
          local more
          for mk, k in pairs(class) do
            if k == found.k and text:sub(stop, stop + #mk - 1) == mk then more = mk break end
          end
          if not more then break end
          stop, n = stop + #more, n + 1
        end
        if n > 1 then
          local run = text:sub(pos, stop - 1)
          report{ from = pos, to = stop - 1, message = ("repeated punctuation '%s'"):format(run),
                  fix = params.runs[found.k][1] }
        end
        pos = stop
      else
        pos = pos + 1
      end
    end
    end
  end,
}
