-- luacheck configuration for medkb's scripts and tests
std = "lua54"
max_line_length = 110
codes = true

files["tests/lua"] = { std = "+busted" }

-- HTML templates run with h, the element builder that escapes text (see
-- scripts/medkb/render/init.lua), in their environment.
files["scripts/medkb/templates/html"] = { read_globals = { "h" } }

-- Content rules run in the sandbox with data(name), the loader of the
-- pack's word lists (see scripts/medkb/lint/init.lua).
files["scripts/medkb/lint/rules"] = { read_globals = { "data" } }
