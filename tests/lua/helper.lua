-- tests/lua/helper.lua -- what the specs share: a scratch directory, a way
-- to run the medkb binary and capture its output and status, and where
-- the shared reference data lives.

local M = {}

M.bin = os.getenv("MEDKB_BIN") or "build/medkb"

function M.quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

--- A fresh scratch directory, removed by M.cleanup().
function M.tmpdir()
  local p = io.popen("mktemp -d /tmp/medkb-spec-XXXXXX")
  local dir = p:read("l")
  p:close()
  M.dirs = M.dirs or {}
  M.dirs[#M.dirs + 1] = dir
  return dir
end

function M.cleanup()
  for _, d in ipairs(M.dirs or {}) do os.execute("rm -rf " .. M.quote(d)) end
  M.dirs = {}
end

function M.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

--- small_limits(dir) -> the path of a lint config, written in dir, with
-- small sandbox limits, so that hostile code stops fast.
function M.small_limits(dir)
  return M.write(dir .. "/limits.lua",
    "return { limits = { instructions = 2000000, seconds = 2, memory = 16 * 2^20 } }")
end

--- exists(path) -> whether a file can be read at path.
function M.exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

function M.write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

--- run(args [, opts]) -> stdout, stderr, exit status.  args is a list of
-- arguments for the medkb binary; opts.stdin is text fed to it, opts.env a
-- string of VAR=value assignments.
function M.run(args, opts)
  opts = opts or {}
  local dir = M.tmpdir()
  local parts = {}
  for i, a in ipairs(args) do parts[i] = M.quote(a) end
  local cmd = ("cd %s && %s %s %s >%s/out 2>%s/err"):format(
    M.quote(opts.cwd or "."), opts.env or "", M.quote(M.abs(M.bin)), table.concat(parts, " "),
    dir, dir)
  if opts.stdin then
    M.write(dir .. "/in", opts.stdin)
    cmd = cmd .. " <" .. dir .. "/in"
  else
    cmd = cmd .. " </dev/null"
  end
  local _, _, code = os.execute(cmd)
  return M.read(dir .. "/out"), M.read(dir .. "/err"), code
end

function M.abs(path)
  if path:sub(1, 1) == "/" then return path end
  local p = io.popen("pwd")
  local cwd = p:read("l")
  p:close()
  return cwd .. "/" .. path
end

--- The shared reference data (../shared), or nil when it is absent.
function M.shared()
  local dir = os.getenv("MEDKB_SHARED") or "../shared"
  local f = io.open(dir .. "/DESIGN.md", "rb")
  if not f then return nil end
  f:close()
  return M.abs(dir)
end

return M
