-- medkb/commands/import.lua -- `medkb import FILE...`: article pages, Q&A
-- pages, dialogue CSV and medkb's own JSON Lines into the knowledge base
-- (made if there is none), in one transaction.

local import = require "medkb.import"
local text = require("medkb").text

local M = {
  summary = "import pages, Q&A CSV or JSON Lines",
  -- what a refusal for a knowledge base held by another writer adds (cli.lua)
  busy = "nothing was imported",
  usage = "medkb [--db FILE] import FILE... [--format F] [--encoding E] [--keep-going] [--bulk B]",
  help = [[
Imports each FILE into the knowledge base, all in one transaction; FILE
- reads standard input. The knowledge base is created if it does not exist.
A directory is refused: name the files in it (DIR/*).

  --format auto|article|qa|csv|jsonl   what the files are (default auto: told
                                       from the content of each file)
  --encoding auto|utf-8|gb18030        how they are encoded (default auto)
  --keep-going                         import the good records, report the bad
  --bulk auto|always|never             load in bulk (default auto: when the
                                       files are larger than the knowledge
                                       base's file, as into an empty one)

Formats: article (a 科普文章 page: title, views, summary, numbered causes,
advice, disclaimer, related list), qa (a 问答 page: breadcrumb, question,
answering doctor, related Q&A, hot tags), csv (department,title,ask,answer
rows) and jsonl (what `medkb export` writes).

A bad record is reported as FILE:LINE: what is wrong. Without --keep-going
any problem leaves the knowledge base exactly as it was, says so, and the
exit status is 1; with it the good records are kept and the status is still
1 if any record was bad. A knowledge base that cannot be written (read-only,
locked, a full disk) is an error naming it, and nothing is imported.

Importing the same content again changes nothing, whatever its file name,
line endings (LF, CRLF), blank lines, spaces around lines or encoding: a
page is the same content when its non-blank lines, trimmed, are the same; a
CSV row when its fields, trimmed, are. A progress line is shown on stderr
when it is a terminal.

Loading in bulk, the knowledge base's lookup indexes (all but those that
keep keys unique) are dropped when the import begins and made again, each
in one sorted pass, when it ends, and the search index is written in one
pass with its segments merged once: faster for a large import into a small
knowledge base, slower for a small one into a large. It is all inside the
import's transaction: a reader never sees the knowledge base without its
indexes, and a failed or killed import leaves it as it was.]],
}

local function progress_printer(err)
  local last = -1
  return function(ctx, done, total, finished)
    local now = os.clock()
    if not finished and now - last < 0.2 then return end
    last = now
    local s = ctx.stats
    local records = s.imported + s.unchanged + s.bad
    if total and total > 0 then
      err:write(("\r%s: %3d%% %.1f/%.1f MB  %d records"):format(ctx.file,
        math.floor(done * 100 / total), done / 2 ^ 20, total / 2 ^ 20, records))
    else
      err:write(("\r%s: %.1f MB  %d records"):format(ctx.file, done / 2 ^ 20, records))
    end
    if finished then err:write("\n") end
    err:flush()
  end
end

function M.run(ctx, args)
  local opts, files = ctx.options("import", args,
    { format = "a value", encoding = "a value", ["keep-going"] = true, bulk = "a value" })
  opts.format = opts.format or "auto"
  opts.encoding = opts.encoding or "auto"
  if #files == 0 then ctx.usage_error("import", "expected at least one FILE") end
  local valid = { auto = true }
  for _, f in ipairs(import.FORMATS) do valid[f] = true end
  if not valid[opts.format] then
    ctx.usage_error("import", ("unknown format '%s' (auto, %s)"):format(opts.format,
      table.concat(import.FORMATS, ", ")))
  end
  if not ({ auto = true, ["utf-8"] = true, gb18030 = true })[opts.encoding] then
    ctx.usage_error("import", ("unknown encoding '%s' (auto, utf-8, gb18030)"):format(opts.encoding))
  end
  opts.bulk = opts.bulk or "auto"
  if not ({ auto = true, always = true, never = true })[opts.bulk] then
    ctx.usage_error("import", ("unknown bulk choice '%s' (auto, always, never)"):format(opts.bulk))
  end
  if text.isatty(2) then opts.progress = progress_printer(ctx.err) end

  local kb <close> = ctx.open("create")
  local report = import.run(kb, files, opts)
  for _, p in ipairs(report.problems) do ctx.err:write(tostring(p), "\n") end
  for _, f in ipairs(report.files) do
    local bad = f.bad > 0 and (", " .. f.bad .. " bad") or ""
    if report.committed then
      ctx.out:write(("%s: %s (%s): %d imported, %d unchanged%s\n"):format(f.file, f.format,
        f.encoding, f.imported, f.unchanged, bad))
    else
      ctx.out:write(("%s: %s (%s): nothing imported (%d records read%s)\n"):format(f.file,
        f.format, f.encoding, f.imported + f.unchanged + f.bad, bad))
    end
  end
  if not report.committed then ctx.out:write("nothing was imported\n") end
  if #report.problems > 0 then
    if report.committed then
      ctx.fail(("%d problem%s; the good records were imported"):format(#report.problems,
        #report.problems > 1 and "s" or ""))
    end
    ctx.fail(("%d problem%s; nothing was imported"):format(#report.problems,
      #report.problems > 1 and "s" or ""))
  end
  return 0
end

return M
