-- luacheck configuration for medkb's scripts and tests
std = "lua54"
max_line_length = 110
codes = true

files["tests/lua"] = { std = "+busted" }
