-- medkb/cli.lua -- the `medkb` command line: global options, dispatch to
-- the command modules under medkb/commands/, help texts, and the rule that
-- a failure is one line on stderr and an exit status (a traceback only
-- with --debug).  Called by the medkb binary as cli.main(argv).

local medkb = require "medkb"

local M = {}

-- Commands in the order `medkb --help` lists them.
M.commands = { "init", "import", "export", "get", "list", "stats", "search", "related", "ask",
               "render", "lint",
               "graph", "site", "run", "repl", "demo", "eval" }

local KNOWN = {}
for _, name in ipairs(M.commands) do KNOWN[name] = true end

local USAGE = [[
usage: medkb [--db FILE] [--debug] COMMAND [ARGS]

A knowledge base of medical entities, articles and Q&A.

options:
  --db FILE    the knowledge base (default: $MEDKB_DB, else ./medkb.db)
  --debug      show Lua tracebacks on errors
  -h, --help   show this help
  --version    show the version

commands:
%s
'medkb COMMAND --help' tells more about a command.
]]

-- An error that the dispatcher turns into a message and an exit status.
local Exit = {}
Exit.__index = Exit
Exit.__tostring = function(e) return e.message end

--- Raises an error that ends the command with `message` on stderr and
-- exit status `code` (default 1).
function M.fail(message, code)
  error(setmetatable({ message = message, code = code or 1 }, Exit), 0)
end

--- Ends command cmd with a usage error: status 2 and a pointer to its help.
function M.usage_error(cmd, message)
  M.fail(("%s (see 'medkb %s --help')"):format(message, cmd), 2)
end

local function load_command(name)
  return require("medkb.commands." .. name)
end

local function usage_text()
  local lines = {}
  for _, name in ipairs(M.commands) do
    lines[#lines + 1] = ("  %-8s %s"):format(name, load_command(name).summary)
  end
  return USAGE:format(table.concat(lines, "\n"))
end

local function command_help(cmd)
  return ("usage: %s\n\n%s\n"):format(cmd.usage, cmd.help or cmd.summary)
end

--- options(cmd, args, spec [, short]) -> opts, operands.  Reads the
-- command's options: spec maps each option name to true for a flag, or to
-- what its value is ("a file name") for one that takes --name VALUE or
-- --name=VALUE; short maps one-letter options to names.  Names with "-"
-- come back with "_" ("keep-going" -> opts.keep_going).  Anything else
-- that starts with "-" is a usage error; the rest are operands, in order.
local function options(cmd, args, spec, short)
  local opts, operands = {}, {}
  local i = 1
  while i <= #args do
    local a = args[i]
    local name, val = a:match("^%-%-([%w-]+)=(.*)$")
    name = name or a:match("^%-%-([%w-]+)$") or (short and short[a:match("^%-(%w)$")])
    local kind = name and spec[name]
    if kind == true and val == nil then
      opts[name:gsub("-", "_")] = true
    elseif type(kind) == "string" then
      if val == nil then
        i = i + 1
        val = args[i]
        if val == nil then M.usage_error(cmd, ("option '--%s' needs %s"):format(name, kind)) end
      end
      opts[name:gsub("-", "_")] = val
    elseif a:sub(1, 1) == "-" and a ~= "-" then
      M.usage_error(cmd, ("unknown option '%s'"):format(a))
    else
      operands[#operands + 1] = a
    end
    i = i + 1
  end
  return opts, operands
end

-- How commands open the knowledge base: "create" makes it if missing
-- (init, import); "write" opens an existing one for writing, or reading
-- where it cannot be written (run, repl); "read" never writes (stats,
-- get, list, export).
local OPEN_MODES = {
  create = { create = true },
  write = { create = false },
  read = { create = false, readonly = true },
}

-- Whether error e is the knowledge base held by another writer past
-- the wait in core/schema.c (SQLite's "database is locked").
local function is_busy(e)
  return medkb.is_storage_error(e) and e.code == "busy"
end

-- The context a command runs in.
local function new_context(opts)
  local ctx = { db = opts.db, debug = opts.debug, db_given = opts.db_given,
                out = io.stdout, err = io.stderr, fail = M.fail }
  --- ctx.open(mode) -> KB, in one of OPEN_MODES; a missing knowledge base
  -- is an error saying how to make one.
  function ctx.open(mode)
    local ok, kb, err = pcall(medkb.open, ctx.db, assert(OPEN_MODES[mode], mode))
    if not ok then
      if is_busy(kb) then error(kb, 0) end  -- run_protected says it plainly
      M.fail(tostring(kb))
    end
    if not kb then M.fail(err .. " (medkb init creates one)") end
    -- a command that reads sees one snapshot from start to end (kb:read):
    -- never half from before an import's commit and half from after it
    if mode == "read" then kb:_read_begin() end
    return kb
  end
  --- ctx.check_kind(kb, kind) -- fails, listing the kinds there are,
  -- unless kb has entities of kind.
  function ctx.check_kind(kb, kind)
    local known = {}
    for _, k in ipairs(kb:kinds()) do
      if k.kind == kind then return end
      known[#known + 1] = k.kind
    end
    M.fail(("unknown kind '%s' (kinds: %s)"):format(kind, table.concat(known, ", ")))
  end
  --- ctx.positive(cmd, option, value, default) -> value as a whole
  -- number above 0 (default when nil); anything else is a usage error.
  function ctx.positive(cmd, option, value, default)
    if value == nil then return default end
    local n = math.tointeger(tonumber(value))
    if not n or n < 1 then
      M.usage_error(cmd, ("--%s needs a whole number above 0, not '%s'"):format(option, value))
    end
    return n
  end
  --- ctx.text_or_json(cmd, value) -> "text" (for nil) or "json"; anything
  -- else is a usage error.
  function ctx.text_or_json(cmd, value)
    local format = value or "text"
    if format ~= "text" and format ~= "json" then
      M.usage_error(cmd, ("unknown format '%s' (text, json)"):format(format))
    end
    return format
  end
  ctx.usage_error = M.usage_error
  ctx.options = options
  return ctx
end

-- What command cmd says when it found the knowledge base held by another
-- writer, rather than SQLite's words: one line, with what the command
-- left undone when its module says (cmd.busy, "nothing was imported").
local function busy_message(db, cmd)
  return ("%s is being written by another import or writer%s (try again when it has finished)")
    :format(db, cmd.busy and "; " .. cmd.busy or "")
end

local function run_protected(opts, cmd, ...)
  local ok, err = xpcall(cmd.run, function(e)
    if getmetatable(e) == Exit then return e end
    if is_busy(e) then return setmetatable({ message = busy_message(opts.db, cmd), code = 1 }, Exit) end
    local msg = type(e) == "string" and e or tostring(e)
    if opts.debug then msg = debug.traceback(msg, 2) end
    return msg
  end, ...)
  if ok then return math.tointeger(err) or 0 end
  if getmetatable(err) == Exit then
    io.stderr:write("medkb: ", err.message, "\n")
    return err.code
  end
  io.stderr:write("medkb: ", err, "\n")
  return 1
end

--- main(argv) -> exit status.  argv holds the arguments after the program.
function M.main(argv)
  local opts = { db = os.getenv("MEDKB_DB"), debug = false }
  if opts.db == nil or opts.db == "" then opts.db = "medkb.db" end
  local i = 1
  while argv[i] and argv[i]:sub(1, 1) == "-" do
    local a = argv[i]
    if a == "--db" then
      if not argv[i + 1] then
        io.stderr:write("medkb: option '--db' needs a file name\n")
        return 2
      end
      opts.db, opts.db_given = argv[i + 1], true
      i = i + 1
    elseif a:match("^%-%-db=") then
      opts.db, opts.db_given = a:sub(6), true
    elseif a == "--debug" then
      opts.debug = true
    elseif a == "-h" or a == "--help" then
      io.stdout:write(usage_text())
      return 0
    elseif a == "--version" then
      io.stdout:write("medkb ", medkb.VERSION, "\n")
      return 0
    else
      io.stderr:write(("medkb: unknown option '%s' (see 'medkb --help')\n"):format(a))
      return 2
    end
    i = i + 1
  end
  local name = argv[i]
  if name == nil then
    io.stderr:write(usage_text())
    return 2
  end
  local args = table.move(argv, i + 1, #argv, 1, {})
  if name == "help" then
    name, args = args[1], { "--help" }
    if name == nil then
      io.stdout:write(usage_text())
      return 0
    end
  end
  if not KNOWN[name] then
    io.stderr:write(("medkb: unknown command '%s' (see 'medkb --help')\n"):format(name))
    return 2
  end
  local cmd = load_command(name)
  if args[1] == "--help" or args[1] == "-h" then
    io.stdout:write(command_help(cmd))
    return 0
  end
  return run_protected(opts, cmd, new_context(opts), args)
end

return M
