-- medkb/commands/list.lua -- `medkb list KIND [PREFIX]`: the entities of
-- a kind, by name, with how many aliases and relations each has, so that a
-- name can be found without knowing it already.

local M = {
  summary = "list the entities of a kind, by name or alias prefix",
  usage = "medkb [--db FILE] list KIND [PREFIX] [--limit N]",
  help = [[
Lists the entities of kind KIND in name order, each with how many aliases
and relations it has. With PREFIX, only those whose name or an alias starts
with it (an entity found by an alias shows which). --limit N shows the
first N (default 50; 0 shows every one).

examples:
  medkb list symptom
  medkb list drug 碳酸]],
}

M.DEFAULT_LIMIT = 50

function M.run(ctx, args)
  local opts, rest = ctx.options("list", args, { limit = "a number" })
  if #rest < 1 or #rest > 2 then ctx.usage_error("list", "expected KIND and an optional PREFIX") end
  local limit = M.DEFAULT_LIMIT
  if opts.limit then
    limit = math.tointeger(tonumber(opts.limit))
    if not limit or limit < 0 then
      ctx.usage_error("list", ("--limit needs a whole number, not '%s'"):format(opts.limit))
    end
  end
  local kind, prefix = rest[1], rest[2]
  local kb <close> = ctx.open("read")
  ctx.check_kind(kb, kind)
  local lines, n = {}, 0
  for e, info in kb:list(kind, prefix) do
    n = n + 1
    if limit == 0 or n <= limit then
      lines[#lines + 1] = ("  %s%s  %d alias%s, %d relation%s"):format(e.name,
        info.alias and ("  (alias " .. info.alias .. ")") or "",
        info.aliases, info.aliases == 1 and "" or "es",
        info.relations, info.relations == 1 and "" or "s")
    end
  end
  local out = ctx.out
  if n == 0 then
    out:write(("no %s%s\n"):format(kind, prefix and (" starting with '" .. prefix .. "'") or ""))
    return 0
  end
  out:write(("%s%s: %d\n"):format(kind, prefix and (" starting with '" .. prefix .. "'") or "", n))
  out:write(table.concat(lines, "\n"), "\n")
  if n > #lines then
    out:write(("  … and %d more (--limit 0 lists every one)\n"):format(n - #lines))
  end
  return 0
end

return M
