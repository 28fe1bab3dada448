/*
 * lua_medkb.c -- the `medkb` Lua module entry point and what the binding
 * files share: error conventions, attribute values, lazy cursors and class
 * metatables.  luaopen_medkb registers the C primitives and then runs
 * scripts/medkb/api.lua, which builds the rest of the public API in Lua.
 * Depends on Lua 5.4 and the medkb C API.
 */
#include <stdlib.h>
#include <string.h>

#include "lua_medkb.h"

#ifndef MEDKB_SCRIPTDIR
#define MEDKB_SCRIPTDIR "scripts"
#endif

/* {=== errors */

/* Raises the handle's last error as a Lua error; never returns. */
int lmedkb_error(lua_State *L, medkb *kb) {
  return luaL_error(L, "%s", medkb_errmsg(kb));
}

/* The expected-miss convention: returns nil and the message. */
int lmedkb_miss(lua_State *L, medkb *kb) {
  lua_pushnil(L);
  lua_pushstring(L, medkb_errmsg(kb));
  return 2;
}

/* {=== attribute values */

/* Converts the Lua value at idx into *v; the text, if any, points into
 * the Lua string, which stays on the stack.  Raises for tables and
 * functions, naming the attribute key. */
void lmedkb_tovalue(lua_State *L, int idx, const char *key, medkb_value *v) {
  memset(v, 0, sizeof *v);
  switch (lua_type(L, idx)) {
    case LUA_TNIL: v->type = MEDKB_NULL; break;
    case LUA_TBOOLEAN: v->type = MEDKB_BOOL; v->i = lua_toboolean(L, idx); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) {
        v->type = MEDKB_INT;
        v->i = lua_tointeger(L, idx);
      } else {
        v->type = MEDKB_REAL;
        v->d = lua_tonumber(L, idx);
      }
      break;
    case LUA_TSTRING: v->type = MEDKB_TEXT; v->s = lua_tolstring(L, idx, &v->len); break;
    default:
      luaL_error(L, "bad attribute '%s' (string, number or boolean expected, got %s)",
                 key, luaL_typename(L, idx));
  }
}

void lmedkb_pushvalue(lua_State *L, const medkb_value *v) {
  switch (v->type) {
    case MEDKB_INT: lua_pushinteger(L, (lua_Integer)v->i); break;
    case MEDKB_REAL: lua_pushnumber(L, v->d); break;
    case MEDKB_BOOL: lua_pushboolean(L, v->i != 0); break;
    case MEDKB_TEXT: lua_pushlstring(L, v->s, v->len); break;
    default: lua_pushnil(L); break;
  }
}

/* Pushes a new table with every attribute of (owner, id). */
void lmedkb_pushattrs(lua_State *L, medkb *kb, medkb_owner owner, int64_t id) {
  medkb_cursor *c;
  medkb_value v;
  const char *key;
  int rc;
  if (medkb_attr_iter(kb, owner, id, &c) != MEDKB_OK) lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_attr_next(c, &key, &v)) == MEDKB_OK) {
    lmedkb_pushvalue(L, &v);
    lua_setfield(L, -2, key);
  }
  medkb_cursor_close(c);
  if (rc != MEDKB_DONE) lmedkb_error(L, kb);
}

/* Sets every string-keyed field of the table at idx as an attribute. */
void lmedkb_setattrs(lua_State *L, medkb *kb, medkb_owner owner, int64_t id, int idx) {
  medkb_value v;
  idx = lua_absindex(L, idx);
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    const char *key;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "bad attribute name (string expected, got %s)", luaL_typename(L, -2));
    key = lua_tostring(L, -2);
    lmedkb_tovalue(L, -1, key, &v);
    if (medkb_attr_set(kb, owner, id, key, &v) != MEDKB_OK) lmedkb_error(L, kb);
    lua_pop(L, 1);
  }
}

/* {=== cursors */

lcursor *lmedkb_checkcursor(lua_State *L, int idx) {
  lcursor *cur = luaL_checkudata(L, idx, CURSOR_MT);
  if (cur->c == NULL) luaL_error(L, "attempt to use a closed cursor");
  return cur;
}

void lmedkb_closecursor(lcursor *cur) {
  if (cur->c) {
    medkb_cursor_close(cur->c);
    cur->c = NULL;
  }
}

/* Ends an iteration whose step returned rc (not MEDKB_OK): closes the
 * cursor at once, and raises unless rc is MEDKB_DONE.  Returns 0, no
 * values, which ends the loop. */
int lmedkb_cursor_end(lua_State *L, lcursor *cur, medkb *kb, int rc) {
  lmedkb_closecursor(cur);
  if (rc != MEDKB_DONE) return lmedkb_error(L, kb);
  return 0;
}

/* Wraps c in a cursor that keeps the KB at kbidx alive and is closed with
 * it.  Pushes the four values of a generic for: iter, cursor, nil, cursor
 * (the last one closes the cursor when the loop is left by break). */
int lmedkb_pushcursor(lua_State *L, int kbidx, medkb_cursor *c, int dir, lua_CFunction iter) {
  lcursor *cur;
  kbidx = lua_absindex(L, kbidx);
  lua_pushcfunction(L, iter);
  cur = lua_newuserdatauv(L, sizeof *cur, 1);
  cur->c = c;
  cur->dir = dir;
  luaL_setmetatable(L, CURSOR_MT);
  lua_pushvalue(L, kbidx);
  lua_setiuservalue(L, -2, 1);
  /* register with the KB so that kb:close() can close it first */
  lua_getiuservalue(L, kbidx, 3);
  lua_pushvalue(L, -2);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  lua_pushnil(L);
  lua_pushvalue(L, -2);
  return 4;
}

static int cursor_close(lua_State *L) {
  lmedkb_closecursor(luaL_checkudata(L, 1, CURSOR_MT));
  return 0;
}

static int cursor_tostring(lua_State *L) {
  lcursor *cur = luaL_checkudata(L, 1, CURSOR_MT);
  lua_pushstring(L, cur->c ? "medkb.Cursor (open)" : "medkb.Cursor (closed)");
  return 1;
}

/* {=== object caches: one userdata per entity or document id, weakly */

/* Pushes the object cached for id in the KB at (absolute) kbidx and
 * returns 1, or pushes nothing and returns 0. */
int lmedkb_cache_get(lua_State *L, int kbidx, int cache, int64_t id) {
  lua_getiuservalue(L, kbidx, cache);
  if (lua_rawgeti(L, -1, (lua_Integer)id) == LUA_TUSERDATA) {
    lua_remove(L, -2);
    return 1;
  }
  lua_pop(L, 2);
  return 0;
}

/* Caches the value on top of the stack for id (nil forgets it); the
 * stack is left as it was. */
void lmedkb_cache_set(lua_State *L, int kbidx, int cache, int64_t id) {
  lua_getiuservalue(L, kbidx, cache);
  lua_pushvalue(L, -2);
  lua_rawseti(L, -2, (lua_Integer)id);
  lua_pop(L, 1);
}

/* {=== classes */

/* Creates the metatable `name` with its methods in their own table.  The
 * metamethods get the methods table as their upvalue; without an __index
 * among them, __index is the methods table itself.  The methods table is
 * also kept as the metatable's `methods` field, where api.lua adds the
 * methods written in Lua. */
void lmedkb_newclass(lua_State *L, const char *name, const luaL_Reg *methods,
                     const luaL_Reg *metamethods) {
  luaL_newmetatable(L, name);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "methods");
  lua_getfield(L, -2, "__index");
  if (lua_isnil(L, -1)) {
    lua_pushvalue(L, -2);
    lua_setfield(L, -4, "__index");
  }
  lua_pop(L, 1);
  lua_pushvalue(L, -1);
  lua_insert(L, -3);  /* methods, mt, methods */
  luaL_setfuncs(L, metamethods, 1);
  lua_pop(L, 2);
}

/* Lists, as the metatable's `fields`, the fields the class's __index
 * computes (NULL-terminated), for the REPL's completion. */
void lmedkb_setfields(lua_State *L, const char *name, const char *const *fields) {
  int i;
  luaL_getmetatable(L, name);
  lua_newtable(L);
  for (i = 0; fields[i]; i++) {
    lua_pushstring(L, fields[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "fields");
  lua_pop(L, 1);
}

/* {=== module */

static int l_version(lua_State *L) {
  lua_pushstring(L, MEDKB_VERSION);
  return 1;
}

/* Where the Lua half of medkb lives: $MEDKB_SCRIPTS, or the directory
 * this build was configured with. */
static const char *scriptdir(void) {
  const char *dir = getenv("MEDKB_SCRIPTS");
  return dir && dir[0] ? dir : MEDKB_SCRIPTDIR;
}

/* Puts dir/?.lua and dir/?/init.lua in front of package.path, once. */
static void add_to_path(lua_State *L, const char *dir) {
  const char *path;
  lua_getglobal(L, "package");
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  lua_getfield(L, -1, "path");
  path = lua_tostring(L, -1);
  lua_pushfstring(L, "%s/?.lua;", dir);
  if (path == NULL || strstr(path, lua_tostring(L, -1)) == NULL) {
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;%s", dir, dir, path ? path : "");
    lua_setfield(L, -4, "path");
  }
  lua_pop(L, 3);
}

int luaopen_medkb(lua_State *L);

int luaopen_medkb(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"version", l_version},
    {NULL, NULL}
  };
  static const luaL_Reg cursor_methods[] = {
    {"close", cursor_close},
    {NULL, NULL}
  };
  static const luaL_Reg cursor_meta[] = {
    {"__gc", cursor_close},
    {"__close", cursor_close},
    {"__tostring", cursor_tostring},
    {NULL, NULL}
  };
  const char *dir = scriptdir();
  lmedkb_newclass(L, CURSOR_MT, cursor_methods, cursor_meta);
  lmedkb_open_kb(L);
  lmedkb_open_entity(L);
  lmedkb_open_document(L);

  luaL_newlib(L, funcs);
  lua_pushstring(L, MEDKB_VERSION);
  lua_setfield(L, -2, "VERSION");
  lua_pushstring(L, dir);
  lua_setfield(L, -2, "scriptdir");
  lua_newtable(L);  /* the classes, for api.lua */
  luaL_getmetatable(L, KB_MT);
  lua_setfield(L, -2, "KB");
  luaL_getmetatable(L, ENTITY_MT);
  lua_setfield(L, -2, "Entity");
  luaL_getmetatable(L, DOCUMENT_MT);
  lua_setfield(L, -2, "Document");
  luaL_getmetatable(L, CURSOR_MT);
  lua_setfield(L, -2, "Cursor");
  lua_setfield(L, -2, "_classes");
  lua_pushcfunction(L, lmedkb_kb_open);
  lua_setfield(L, -2, "open");
  lmedkb_open_text(L);
  lua_setfield(L, -2, "text");

  add_to_path(L, dir);
  lua_pushfstring(L, "%s/medkb/api.lua", dir);
  if (luaL_loadfile(L, lua_tostring(L, -1)) != LUA_OK)
    return luaL_error(L, "cannot load the medkb scripts (set MEDKB_SCRIPTS): %s",
                      lua_tostring(L, -1));
  lua_remove(L, -2);
  lua_pushvalue(L, -2);
  lua_call(L, 1, 0);
  return 1;
}
