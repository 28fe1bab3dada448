/*
 * lua_medkb.c -- luaopen_medkb_core, the entry of `medkb.core`: the C half
 * of the medkb Lua module, on top of the binding.  It makes the classes
 * (lua_kb.c with lua_search.c, lua_entity.c, lua_document.c, lua_text.c) and returns their
 * primitives, with the sandbox's memory cap and limits (lua_sandbox.c) and
 * its pattern functions, which charge their work to those limits
 * (lua_pattern.c); `require "medkb"` loads scripts/medkb/init.lua, which
 * requires this and builds the public API on it.  Depends on Lua 5.4 and
 * the medkb C API.
 */
#include "lua_medkb.h"

static int l_version(lua_State *L) {
  lua_pushstring(L, MEDKB_VERSION);
  return 1;
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

static int error_tostring(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_getfield(L, 1, "message");
  return 1;
}

/* Sets field `name` of the table on top to the methods table of the
 * class whose metatable is mt. */
static void set_methods(lua_State *L, const char *name, const char *mt) {
  luaL_getmetatable(L, mt);
  lua_getfield(L, -1, "methods");
  lua_setfield(L, -3, name);
  lua_pop(L, 1);
}

/* require "medkb.core" -> { open, version, VERSION, text, pattern,
 * document_kinds, classes = {KB, Entity, Document: their methods tables,
 * which init.lua extends}, Error (the metatable of storage errors) }. */
int luaopen_medkb_core(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"open", lmedkb_kb_open},
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
  static const luaL_Reg no_methods[] = {{NULL, NULL}};
  static const luaL_Reg error_meta[] = {
    {"__tostring", error_tostring},
    {NULL, NULL}
  };
  const char *const *kinds = medkb_document_kinds();
  int i;
  lmedkb_newclass(L, CURSOR_MT, cursor_methods, cursor_meta);
  lmedkb_newclass(L, ERROR_MT, no_methods, error_meta);
  lmedkb_open_kb(L);
  lmedkb_open_search(L);
  lmedkb_open_entity(L);
  lmedkb_open_document(L);

  luaL_newlib(L, funcs);
  lmedkb_open_sandbox(L);
  lmedkb_open_pattern(L);
  lua_pushstring(L, MEDKB_VERSION);
  lua_setfield(L, -2, "VERSION");
  lmedkb_open_text(L);
  lua_setfield(L, -2, "text");
  lua_newtable(L);
  for (i = 0; kinds[i]; i++) {
    lua_pushstring(L, kinds[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "document_kinds");
  lua_newtable(L);
  set_methods(L, "KB", KB_MT);
  set_methods(L, "Entity", ENTITY_MT);
  set_methods(L, "Document", DOCUMENT_MT);
  lua_setfield(L, -2, "classes");
  luaL_getmetatable(L, ERROR_MT);
  lua_setfield(L, -2, "Error");
  return 1;
}

/* Makes `require "medkb"` work in L for a program that links medkb in
 * (the medkb command, the tests, the benchmarks): preloads medkb.core and
 * puts scriptdir/?.lua and scriptdir/?/init.lua in front of package.path.
 * L has the standard libraries open. */
void lmedkb_preload(lua_State *L, const char *scriptdir) {
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "path");
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;%s", scriptdir, scriptdir, lua_tostring(L, -1));
  lua_setfield(L, -3, "path");
  lua_pop(L, 1);
  lua_getfield(L, -1, "preload");
  lua_pushcfunction(L, luaopen_medkb_core);
  lua_setfield(L, -2, "medkb.core");
  lua_pop(L, 2);
}
