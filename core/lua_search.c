/*
 * lua_search.c -- the search primitives of core/search.c as methods of the
 * KB class, for medkb/search.lua, which builds the queries and ranks what
 * they find: kb:_search_documents, kb:_search_titles, kb:_search_names
 * and kb:_snippet; and
 * the names a text contains (core/match.c), kb:_match_names.
 * Depends on Lua 5.4, lua_shared.c and the medkb C API.
 */
#include <stdlib.h>

#include "lua_medkb.h"

/* Iterator step over search hits: id, score and (for names) the name or
 * alias that matched. */
static int iter_hits(lua_State *L) {
  lcursor *cur = lmedkb_checkcursor(L, 1);
  medkb_hit h;
  medkb *kb;
  int rc = medkb_search_next(cur->c, &h);
  lua_getiuservalue(L, 1, 1);
  kb = lmedkb_checkkb(L, -1);
  if (rc != MEDKB_OK) return lmedkb_cursor_end(L, cur, kb, rc);
  lua_pushinteger(L, (lua_Integer)h.id);
  lua_pushnumber(L, h.score);
  if (h.name) lua_pushstring(L, h.name);
  else lua_pushnil(L);
  return 3;
}

typedef int (*search_fn)(medkb *, const char *, const char *, const char *, const char *, int,
                         medkb_cursor **);

/* kb:_search_X(match, kind, colw, phrasew, limit) -> iterator over
 * (id, score, name) */
static int search(lua_State *L, search_fn fn) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *match = luaL_checkstring(L, 2);
  const char *kind = luaL_optstring(L, 3, NULL);
  const char *colw = luaL_optstring(L, 4, NULL);
  const char *phrasew = luaL_optstring(L, 5, NULL);
  int limit = (int)luaL_optinteger(L, 6, 100);
  lcursor *cur = lmedkb_newcursor(L, 1, 0);
  if (fn(kb, match, kind, colw, phrasew, limit, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, iter_hits);
}

static int kb_search_documents(lua_State *L) {
  return search(L, medkb_search_documents);
}

static int kb_search_titles(lua_State *L) {
  return search(L, medkb_search_titles);
}

static int kb_search_names(lua_State *L) {
  return search(L, medkb_search_names);
}

/* kb:_snippet(match, doc_id, open, close [, tokens]) -> text, or nil when
 * the document does not match */
static int kb_snippet(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *match = luaL_checkstring(L, 2);
  int64_t id = (int64_t)luaL_checkinteger(L, 3);
  const char *open = luaL_checkstring(L, 4);
  const char *close = luaL_checkstring(L, 5);
  int tokens = (int)luaL_optinteger(L, 6, 24);
  const char *out;
  int rc = medkb_search_snippet(kb, match, id, open, close, tokens, &out);
  if (rc == MEDKB_NOTFOUND) {
    lua_pushnil(L);
    return 1;
  }
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  lua_pushstring(L, out);
  return 1;
}

/* kb:_match_names(text) -> list of {start, stop, entity id}: the entity
 * names and aliases in text, longest first, in the order they stand;
 * start and stop are byte positions as string.find gives them. */
static int kb_match_names(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  medkb_match *found;
  size_t n;
  if (medkb_match_names(kb, text, len, &found, &n) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_createtable(L, 3, 0);
    lua_pushinteger(L, (lua_Integer)found[i].start + 1);
    lua_rawseti(L, -2, 1);
    lua_pushinteger(L, (lua_Integer)found[i].end);
    lua_rawseti(L, -2, 2);
    lua_pushinteger(L, (lua_Integer)found[i].value);
    lua_rawseti(L, -2, 3);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  free(found);
  return 1;
}

/* Adds the search methods to the KB class. */
void lmedkb_open_search(lua_State *L) {
  static const luaL_Reg methods[] = {
    {"_search_documents", kb_search_documents},
    {"_search_titles", kb_search_titles},
    {"_search_names", kb_search_names},
    {"_snippet", kb_snippet},
    {"_match_names", kb_match_names},
    {NULL, NULL}
  };
  luaL_getmetatable(L, KB_MT);
  lua_getfield(L, -1, "methods");
  luaL_setfuncs(L, methods, 0);
  lua_pop(L, 2);
}
