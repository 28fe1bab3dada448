/*
 * bench_core.c -- `make bench`: entity inserts and lookups through the Lua
 * API against the same work in plain C, in one run on one machine, so the
 * ratios mean something on a shared, noisy box.  Inserts: N entities in
 * one transaction, by a bare SQLite INSERT, by medkb_entity_put and by
 * kb:put.  Lookups: M lookups by name of random entities in the same file,
 * by a prepared SQLite statement, by medkb_entity_get and by kb:get.
 * Each figure is the best of ROUNDS runs, so that a moment of load from
 * elsewhere on a shared machine does not decide a ratio.
 * Usage: bench_core DIR [N [M]].  Depends on SQLite, Lua 5.4 and medkb.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <sqlite3.h>

#include "lua_medkb.h"
#include "medkb.h"


static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int l_now(lua_State *L) {
  lua_pushnumber(L, now());
  return 1;
}

static void die(const char *what, const char *msg) {
  fprintf(stderr, "bench: %s: %s\n", what, msg);
  exit(1);
}

/* Entity i's name; the same formula as the Lua side. */
static void name_of(char *buf, size_t size, long i) {
  snprintf(buf, size, "药物%07ld", i);
}

/* The i-th looked-up entity: a fixed walk over 1..n that jumps around. */
static long pick(long i, long n) {
  return (i * 7919 + 13) % n + 1;
}

static void fresh(const char *path) {
  char p[600];
  remove(path);
  snprintf(p, sizeof p, "%s-wal", path);
  remove(p);
  snprintf(p, sizeof p, "%s-shm", path);
  remove(p);
}

/* {=== inserts */

static double insert_sqlite(const char *path, long n) {
  sqlite3 *db;
  sqlite3_stmt *st;
  char name[64];
  double t0;
  long i;
  fresh(path);
  if (sqlite3_open(path, &db) != SQLITE_OK) die(path, sqlite3_errmsg(db));
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
               "CREATE TABLE entity (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
               " name TEXT NOT NULL, UNIQUE (kind, name));", NULL, NULL, NULL);
  sqlite3_prepare_v2(db, "INSERT INTO entity(kind, name) VALUES (?1, ?2)", -1, &st, NULL);
  t0 = now();
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  for (i = 1; i <= n; i++) {
    name_of(name, sizeof name, i);
    sqlite3_bind_text(st, 1, "drug", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) die("insert", sqlite3_errmsg(db));
    sqlite3_reset(st);
  }
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  t0 = now() - t0;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return t0;
}

static double insert_medkb(const char *path, long n) {
  medkb *kb;
  char name[64];
  int64_t id;
  double t0;
  long i;
  fresh(path);
  if (medkb_open(path, &kb) != MEDKB_OK) die(path, medkb_errmsg(kb));
  t0 = now();
  medkb_begin(kb);
  for (i = 1; i <= n; i++) {
    name_of(name, sizeof name, i);
    if (medkb_entity_put(kb, "drug", name, &id) != MEDKB_OK) die("put", medkb_errmsg(kb));
  }
  if (medkb_commit(kb) != MEDKB_OK) die("commit", medkb_errmsg(kb));
  t0 = now() - t0;
  medkb_close(kb);
  return t0;
}

static const char *const lua_insert =
  "local path, n, now = ...\n"
  "local kb <close> = require('medkb').open(path)\n"
  "local fmt = string.format\n"
  "local t0 = now()\n"
  "kb:transaction(function()\n"
  "  for i = 1, n do kb:put{kind = 'drug', name = fmt('药物%07d', i)} end\n"
  "end)\n"
  "return now() - t0\n";

static const char *const lua_lookup =
  "local path, n, m, now = ...\n"
  "local kb <close> = require('medkb').open(path)\n"
  "local names = {}\n"
  "for i = 1, m do names[i] = string.format('药物%07d', (i * 7919 + 13) % n + 1) end\n"
  "local get, found = kb.get, 0\n"
  "local t0 = now()\n"
  "for i = 1, m do if get(kb, 'drug', names[i]) then found = found + 1 end end\n"
  "local t = now() - t0\n"
  "assert(found == m, 'lookups missed')\n"
  "return t\n";

/* Runs one of the chunks above in a fresh state with medkb preloaded. */
static double run_lua(const char *chunk, const char *path, long n, long m) {
  lua_State *L = luaL_newstate();
  double t;
  int nargs = 0;
  luaL_openlibs(L);
  lmedkb_preload(L, MEDKB_SCRIPTDIR);
  if (luaL_loadstring(L, chunk) != LUA_OK) die("lua", lua_tostring(L, -1));
  lua_pushstring(L, path);
  lua_pushinteger(L, n);
  nargs = 2;
  if (m > 0) {
    lua_pushinteger(L, m);
    nargs++;
  }
  lua_pushcfunction(L, l_now);
  nargs++;
  if (lua_pcall(L, nargs, 1, 0) != LUA_OK) die("lua", lua_tostring(L, -1));
  t = lua_tonumber(L, -1);
  lua_close(L);
  return t;
}

/* {=== lookups */

/* The statement medkb_entity_get runs, prepared by hand. */
static const char *const sql_get =
  "SELECT id, name FROM entity WHERE kind = ?1 AND name = ?2"
  " UNION ALL "
  "SELECT e.id, e.name FROM alias a JOIN entity e ON e.id = a.entity_id"
  " WHERE a.kind = ?1 AND a.alias = ?2 LIMIT 1";

static char **make_names(long n, long m) {
  char **names = malloc((size_t)m * sizeof *names);
  char buf[64];
  long i;
  for (i = 0; i < m; i++) {
    name_of(buf, sizeof buf, pick(i + 1, n));
    names[i] = strdup(buf);
  }
  return names;
}

static double lookup_sqlite(const char *path, char **names, long m) {
  sqlite3 *db;
  sqlite3_stmt *st;
  double t0;
  long i, found = 0;
  if (sqlite3_open(path, &db) != SQLITE_OK) die(path, sqlite3_errmsg(db));
  if (sqlite3_prepare_v2(db, sql_get, -1, &st, NULL) != SQLITE_OK)
    die("prepare", sqlite3_errmsg(db));
  t0 = now();
  for (i = 0; i < m; i++) {
    sqlite3_bind_text(st, 1, "drug", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, names[i], -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) found++;
    sqlite3_reset(st);
  }
  t0 = now() - t0;
  if (found != m) die("lookup", "missed");
  sqlite3_finalize(st);
  sqlite3_close(db);
  return t0;
}

static double lookup_medkb(const char *path, char **names, long m) {
  medkb *kb;
  medkb_entity e;
  double t0;
  long i, found = 0;
  if (medkb_open(path, &kb) != MEDKB_OK) die(path, medkb_errmsg(kb));
  t0 = now();
  for (i = 0; i < m; i++)
    if (medkb_entity_get(kb, "drug", names[i], &e) == MEDKB_OK) found++;
  t0 = now() - t0;
  if (found != m) die("lookup", "missed");
  medkb_close(kb);
  return t0;
}

#define ROUNDS 3

static double best(double a, double b) {
  return a < b ? a : b;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "build/bench";
  long n = argc > 2 ? atol(argv[2]) : 1000000;
  long m = argc > 3 ? atol(argv[3]) : 300000;
  char raw[512], cdb[512], ldb[512], cmd[600];
  char **names;
  double ins_raw = 1e30, ins_c = 1e30, ins_lua = 1e30;
  double get_raw = 1e30, get_c = 1e30, get_lua = 1e30;
  long i;
  int r;

  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
  if (system(cmd) != 0) die(dir, "cannot create");
  snprintf(raw, sizeof raw, "%s/raw.db", dir);
  snprintf(cdb, sizeof cdb, "%s/c.db", dir);
  snprintf(ldb, sizeof ldb, "%s/lua.db", dir);
  printf("medkb core benchmark: %ld entities inserted in one transaction, %ld lookups by name"
         " (best of %d)\n", n, m, ROUNDS);
  fflush(stdout);

  for (r = 0; r < ROUNDS; r++) {
    ins_raw = best(ins_raw, insert_sqlite(raw, n));
    ins_c = best(ins_c, insert_medkb(cdb, n));
    fresh(ldb);
    ins_lua = best(ins_lua, run_lua(lua_insert, ldb, n, 0));
  }
  printf("\ninsert                     rows/s     ns/row\n");
  printf("  plain SQLite INSERT  %10.0f %10.0f\n", n / ins_raw, ins_raw / n * 1e9);
  printf("  medkb C API          %10.0f %10.0f\n", n / ins_c, ins_c / n * 1e9);
  printf("  medkb Lua API        %10.0f %10.0f\n", n / ins_lua, ins_lua / n * 1e9);
  printf("  Lua / C API: %.2fx (target <= 2x)   Lua / plain SQLite: %.2fx\n",
         ins_lua / ins_c, ins_lua / ins_raw);
  fflush(stdout);

  names = make_names(n, m);
  /* warm the page cache the same way for all three */
  lookup_sqlite(cdb, names, m < 10000 ? m : 10000);
  for (r = 0; r < ROUNDS; r++) {
    get_raw = best(get_raw, lookup_sqlite(cdb, names, m));
    get_c = best(get_c, lookup_medkb(cdb, names, m));
    get_lua = best(get_lua, run_lua(lua_lookup, cdb, n, m));
  }
  printf("\nlookup by name        lookups/s  ns/lookup\n");
  printf("  plain SQLite stmt    %10.0f %10.0f\n", m / get_raw, get_raw / m * 1e9);
  printf("  medkb C API          %10.0f %10.0f\n", m / get_c, get_c / m * 1e9);
  printf("  medkb Lua API        %10.0f %10.0f\n", m / get_lua, get_lua / m * 1e9);
  printf("  Lua / plain SQLite: %.2fx (target <= 1.5x)   Lua / C API: %.2fx\n",
         get_lua / get_raw, get_lua / get_c);
  for (i = 0; i < m; i++) free(names[i]);
  free(names);
  return 0;
}
