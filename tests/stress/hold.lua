-- tests/stress/hold.lua -- a writer that keeps the knowledge base busy,
-- for tests/lua/concurrency_spec.lua: run by `medkb run`, which runs it in
-- one transaction (BEGIN IMMEDIATE: the write lock is held from the
-- start), it writes one entity, creates the file arg[1] to say that it
-- holds the lock, and holds it arg[2] seconds before the commit.
-- Usage: medkb --db KB run tests/stress/hold.lua FLAGFILE SECONDS
-- luacheck: read globals kb

kb:put{ kind = "symptom", name = "stress-writer" }
assert(io.open(arg[1], "w")):close()
os.execute("sleep " .. assert(tonumber(arg[2])))
