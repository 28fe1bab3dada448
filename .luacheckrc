-- luacheck configuration for medkb's scripts and tests
std = "lua54"
max_line_length = 110
codes = true

files["tests/lua"] = { std = "+busted" }

-- HTML templates run with h, the element builder that escapes text (see
-- scripts/medkb/render/init.lua), in their environment.
files["scripts/medkb/templates/html"] = { read_globals = { "h" } }
