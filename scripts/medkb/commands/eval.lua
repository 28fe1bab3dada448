-- medkb/commands/eval.lua -- `medkb eval PAGE...`: how right the
-- importers are on pages that a careful reader wrote expectations for
-- (PAGE.expect.lua beside each page; see medkb/eval.lua for the format).
-- Imports into a scratch knowledge base in memory, never into --db.

local medkb = require "medkb"
local eval = require "medkb.eval"

local M = {
  summary = "score the importers against hand-written expectations",
  usage = "medkb eval PAGE... [--verbose]",
  help = [[
Imports each PAGE (article or Q&A page; a directory means the .txt files in
it) into a knowledge base in memory, in the order given, and compares what
each page's documents state with PAGE.expect.lua, written by hand beside it
(the page's name with .expect.lua for its extension):

  drugs      recall (expected drugs found, by exact name) and precision
             (found drugs that were expected)
  relations  of the drugs found and expected, those stated the way the
             text means them: taken for the cause, provoking the problem,
             or named in passing (and, in an article, from the right cause)
  causes     articles whose numbered causes came out exactly, in order,
             and causes found that the page does not have
  doctors    answering doctors with name, title, hospital and department
             all right
  foods, exams  where the expectation lists them, how many were found (an
               exam by its name with or without 检查)

--verbose lists, per page, the drugs missed, the extra ones and the wrong
relations. The exit status is 0; a page that cannot be imported or has no
expectation is reported and counted out.]],
}

-- The .txt files of dir, in name order.
local function pages_in(dir)
  local out = {}
  local p = io.popen(("find %s -maxdepth 1 -name '*.txt' | sort"):format(
    "'" .. dir:gsub("'", "'\\''") .. "'"))
  for l in p:lines() do out[#out + 1] = l end
  p:close()
  return out
end

local function is_dir(path)
  local f = io.open(path, "rb")
  if not f then return false end
  local _, _, code = f:read(0)
  f:close()
  return code == 21
end

function M.run(ctx, args)
  local opts, operands = ctx.options("eval", args, { verbose = true }, { v = "verbose" })
  if #operands == 0 then ctx.usage_error("eval", "expected at least one PAGE") end
  local pages = {}
  for _, a in ipairs(operands) do
    if is_dir(a) then
      for _, p in ipairs(pages_in(a)) do pages[#pages + 1] = p end
    else
      pages[#pages + 1] = a
    end
  end
  local kb <close> = medkb.open(":memory:")
  local res = eval.run(kb, pages)
  local out, pct = ctx.out, eval.percent
  out:write(("%-34s %6s %6s %6s %6s  %s\n"):format("page", "drugs", "recall", "prec", "rel",
    "causes / doctors"))
  for _, e in ipairs(res.pages) do
    local name = e.page:match("[^/]+$")
    local s = e.score
    if not s then
      out:write(("%-34s  not scored: %s\n"):format(name, e.problem))
    else
      local extra
      if s.causes then
        extra = (s.causes_in_order and "causes in order" or "causes differ")
          .. (#s.causes_invented > 0 and (", invented: " .. table.concat(s.causes_invented, "、")) or "")
      else
        extra = ("doctors %d/%d"):format(s.doctors_right, s.doctors_expected)
      end
      out:write(("%-34s %6d %5.0f%% %5.0f%% %5.0f%%  %s\n"):format(name, s.drugs_expected,
        pct(s.drugs_matched, s.drugs_expected), pct(s.drugs_matched, s.drugs_found),
        pct(s.roles_right, s.drugs_matched), extra))
      if opts.verbose then
        if #s.missed > 0 then out:write("    missed: ", table.concat(s.missed, "、"), "\n") end
        if #s.extra > 0 then out:write("    extra:  ", table.concat(s.extra, "、"), "\n") end
        for _, w in ipairs(s.wrong) do out:write("    wrong:  ", w, "\n") end
        for _, d in ipairs(s.doctor_errors) do out:write("    doctor: ", d, "\n") end
        for _, kind in ipairs{ "foods", "exams" } do
          local m = s[kind .. "_missed"]
          if m and #m > 0 then out:write("    ", kind, " missed: ", table.concat(m, "、"), "\n") end
        end
      end
    end
  end
  local t = res.total
  out:write(("\n%d pages scored: drug recall %.1f%% (%d/%d), precision %.1f%% (%d/%d), "
    .. "relations right %.1f%% (%d/%d)\n"):format(t.pages,
    pct(t.drugs_matched, t.drugs_expected), t.drugs_matched, t.drugs_expected,
    pct(t.drugs_matched, t.drugs_found), t.drugs_matched, t.drugs_found,
    pct(t.roles_right, t.drugs_matched), t.roles_right, t.drugs_matched))
  out:write(("articles with every cause in order: %d/%d, invented causes: %d; "
    .. "doctors right: %d/%d\n"):format(t.causes_right, t.articles, t.invented, t.doctors_right,
    t.doctors_expected))
  if t.foods_expected + t.exams_expected > 0 then
    out:write(("foods found: %d/%d; exams found: %d/%d\n"):format(t.foods_found, t.foods_expected,
      t.exams_found, t.exams_expected))
  end
  return 0
end

return M
