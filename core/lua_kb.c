/*
 * lua_kb.c -- the medkb.KB userdata: opening and closing a knowledge base
 * and the methods that work on it as a whole (put, get, relate, entities,
 * documents, transactions).  Each method checks its arguments, calls the
 * C API and pushes the result.  Depends on Lua 5.4 and the medkb C API.
 */
#include <string.h>

#include "lua_medkb.h"

/* {=== the handle */

static lkb *tokb(lua_State *L, int idx) {
  return luaL_checkudata(L, idx, KB_MT);
}

medkb *lmedkb_checkkb(lua_State *L, int idx) {
  lkb *k = tokb(L, idx);
  if (k->kb == NULL) luaL_error(L, "attempt to use a closed knowledge base");
  return k->kb;
}

/* The open handle of the KB that the userdata at idx keeps in user value
 * uv (entities, documents and cursors keep it in 1). */
medkb *lmedkb_kbof(lua_State *L, int idx, int uv) {
  medkb *kb;
  lua_getiuservalue(L, idx, uv);
  kb = lmedkb_checkkb(L, -1);
  lua_pop(L, 1);
  return kb;
}

/* Pushes a new table with weak keys or values (mode "k" or "v"). */
static void newweak(lua_State *L, const char *mode) {
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushstring(L, mode);
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
}

/* medkb.open([path]) -> KB; raises when the file cannot be opened. */
int lmedkb_kb_open(lua_State *L) {
  const char *path = luaL_optstring(L, 1, ":memory:");
  lkb *k = lua_newuserdatauv(L, sizeof *k, 4);
  medkb *kb;
  k->kb = NULL;
  luaL_setmetatable(L, KB_MT);
  if (medkb_open(path, &kb) != MEDKB_OK) {
    lua_pushstring(L, medkb_errmsg(kb));
    medkb_close(kb);
    return lua_error(L);
  }
  k->kb = kb;
  newweak(L, "v");
  lua_setiuservalue(L, -2, 1);     /* 1: entity cache */
  newweak(L, "v");
  lua_setiuservalue(L, -2, 2);     /* 2: document cache */
  newweak(L, "k");
  lua_setiuservalue(L, -2, 3);     /* 3: open cursors */
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 4);     /* 4: the path, for __tostring */
  return 1;
}

/* Closes the open cursors, then the handle.  Safe to call twice; serves
 * kb:close(), __gc and __close. */
static int kb_close(lua_State *L) {
  lkb *k = tokb(L, 1);
  if (k->kb == NULL) return 0;
  if (lua_getiuservalue(L, 1, 3) == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lcursor *cur = luaL_testudata(L, -2, CURSOR_MT);
      if (cur) lmedkb_closecursor(cur);
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  medkb_close(k->kb);
  k->kb = NULL;
  return 0;
}

static int kb_tostring(lua_State *L) {
  lkb *k = tokb(L, 1);
  lua_getiuservalue(L, 1, 4);
  lua_pushfstring(L, "medkb.KB \"%s\"%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?",
                  k->kb ? "" : " (closed)");
  return 1;
}

static int kb_is_open(lua_State *L) {
  lua_pushboolean(L, tokb(L, 1)->kb != NULL);
  return 1;
}

static int kb_path(lua_State *L) {
  tokb(L, 1);
  lua_getiuservalue(L, 1, 4);
  return 1;
}

/* {=== transactions (kb:transaction is built on these in api.lua) */

static int kb_begin(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  if (medkb_begin(kb) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

static int kb_commit(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  if (medkb_commit(kb) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

/* A rollback hands the undone ids back to SQLite, which gives them to the
 * next inserts; the caches would then return the undone objects for them.
 * So a rollback starts both caches afresh: objects held from before stay
 * valid and still compare equal (by id) through __eq. */
static int kb_rollback(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  int rc = medkb_rollback(kb);
  newweak(L, "v");
  lua_setiuservalue(L, 1, 1);
  newweak(L, "v");
  lua_setiuservalue(L, 1, 2);
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

static int kb_tx_depth(lua_State *L) {
  lua_pushinteger(L, medkb_tx_depth(lmedkb_checkkb(L, 1)));
  return 1;
}

/* {=== entities */

/* Adds the aliases listed in the table at idx: each a name, or a table
 * {name, type = "standard" | "colloquial"}. */
static void add_aliases(lua_State *L, medkb *kb, int64_t id, int idx) {
  lua_Integer i, n;
  int top = lua_gettop(L);
  idx = lua_absindex(L, idx);
  luaL_checktype(L, idx, LUA_TTABLE);
  n = luaL_len(L, idx);
  for (i = 1; i <= n; i++) {
    const char *alias, *type = NULL;
    if (lua_geti(L, idx, i) == LUA_TTABLE) {
      if (lua_geti(L, -1, 1) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_getfield(L, -1, "name");
      }
      lua_getfield(L, -2, "type");
      type = lua_tostring(L, -1);
      alias = lua_tostring(L, -2);
    } else {
      alias = lua_tostring(L, -1);
    }
    if (alias == NULL) luaL_error(L, "bad alias #%d (string expected)", (int)i);
    if (medkb_alias_add(kb, id, alias, type) != MEDKB_OK) lmedkb_error(L, kb);
    lua_settop(L, top);
  }
}

/* Reads the required string field `key` of the table at idx. */
static const char *need_field(lua_State *L, int idx, const char *key) {
  const char *s;
  lua_getfield(L, idx, key);
  s = lua_tostring(L, -1);
  if (s == NULL || lua_type(L, -1) != LUA_TSTRING)
    luaL_error(L, "bad argument #1 to 'put' (field '%s' must be a string)", key);
  lua_pop(L, 1);  /* the table keeps the string alive */
  return s;
}

/* kb:put{kind=, name=, aliases=, attrs=} -> Entity.  Creates the entity or
 * finds the existing one, then adds the aliases and sets the attributes. */
static int kb_put(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *kind, *name;
  int64_t id;
  luaL_checktype(L, 2, LUA_TTABLE);
  kind = need_field(L, 2, "kind");
  name = need_field(L, 2, "name");
  if (medkb_entity_put(kb, kind, name, &id) != MEDKB_OK) return lmedkb_error(L, kb);
  if (lua_getfield(L, 2, "aliases") != LUA_TNIL) add_aliases(L, kb, id, -1);
  lua_pop(L, 1);
  if (lua_getfield(L, 2, "attrs") != LUA_TNIL)
    lmedkb_setattrs(L, kb, MEDKB_OWNER_ENTITY, id, -1);
  lua_pop(L, 1);
  lmedkb_pushentity(L, 1, id, kind, name);
  return 1;
}

/* kb:get(kind, name_or_alias) -> Entity, or nil and a message. */
static int kb_get(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *kind = luaL_checkstring(L, 2);
  const char *name = luaL_checkstring(L, 3);
  medkb_entity e;
  int rc = medkb_entity_get(kb, kind, name, &e);
  if (rc == MEDKB_NOTFOUND) return lmedkb_miss(L, kb);
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  lmedkb_pushentity(L, 1, e.id, e.kind, e.name);
  return 1;
}

/* kb:entity(id) -> Entity, or nil and a message. */
static int kb_entity(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  return lmedkb_pushentity_id(L, 1, kb, luaL_checkinteger(L, 2));
}

static int iter_entities(lua_State *L) {
  lcursor *cur = lmedkb_checkcursor(L, 1);
  medkb_entity e;
  int rc = medkb_entity_next(cur->c, &e);
  lua_getiuservalue(L, 1, 1);
  if (rc == MEDKB_OK) {
    lmedkb_pushentity(L, -1, e.id, e.kind, e.name);
    return 1;
  }
  return lmedkb_cursor_end(L, cur, lmedkb_checkkb(L, -1), rc);
}

/* Reads the optional string field `key` of the optional table at idx. */
static const char *opt_field(lua_State *L, int idx, const char *key) {
  const char *s = NULL;
  if (lua_isnoneornil(L, idx)) return NULL;
  luaL_checktype(L, idx, LUA_TTABLE);
  if (lua_getfield(L, idx, key) != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "bad option '%s' (string expected, got %s)", key, luaL_typename(L, -1));
    s = lua_tostring(L, -1);
  }
  lua_pop(L, 1);
  return s;
}

/* kb:entities{kind=} -> lazy iterator over Entity values. */
static int kb_entities(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *kind = opt_field(L, 2, "kind");
  medkb_cursor *c;
  if (medkb_entity_iter(kb, kind, &c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_pushcursor(L, 1, c, 0, iter_entities);
}

/* kb:relate(src, type, dst [, {rank=, ...attrs}]) -> relation id. */
static int kb_relate(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  lentity *src = lmedkb_checkentity(L, 2, NULL);
  const char *type = luaL_checkstring(L, 3);
  lentity *dst = lmedkb_checkentity(L, 4, NULL);
  int64_t rank, id;
  int has_rank = 0;
  if (!lua_isnoneornil(L, 5)) {
    luaL_checktype(L, 5, LUA_TTABLE);
    if (lua_getfield(L, 5, "rank") != LUA_TNIL) {
      if (!lua_isinteger(L, -1)) return luaL_argerror(L, 5, "field 'rank' must be an integer");
      rank = lua_tointeger(L, -1);
      has_rank = 1;
    }
    lua_pop(L, 1);
  }
  if (medkb_relation_add(kb, src->id, type, dst->id, has_rank ? &rank : NULL, &id) != MEDKB_OK)
    return lmedkb_error(L, kb);
  if (!lua_isnoneornil(L, 5)) {
    /* everything but rank is an attribute of the relation */
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, 5)) {
      if (lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), "rank") == 0) {
        lua_pop(L, 1);
        continue;
      }
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, -4);
    }
    lmedkb_setattrs(L, kb, MEDKB_OWNER_RELATION, id, -1);
    lua_pop(L, 1);
  }
  lua_pushinteger(L, (lua_Integer)id);
  return 1;
}

/* kb:unrelate(relation_id) */
static int kb_unrelate(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  if (medkb_relation_delete(kb, luaL_checkinteger(L, 2)) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

/* kb:add_kind(name) -- lets scripts define entity kinds of their own. */
static int kb_add_kind(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  if (medkb_kind_add(kb, luaL_checkstring(L, 2)) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

/* kb:kinds() -> { {kind = , count = }, ... } in name order. */
static int kb_kinds(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  medkb_cursor *c;
  const char *kind;
  int64_t n;
  int rc, i = 0;
  if (medkb_kind_iter(kb, &c) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_kind_next(c, &kind, &n)) == MEDKB_OK) {
    lua_createtable(L, 0, 2);
    lua_pushstring(L, kind);
    lua_setfield(L, -2, "kind");
    lua_pushinteger(L, (lua_Integer)n);
    lua_setfield(L, -2, "count");
    lua_rawseti(L, -2, ++i);
  }
  medkb_cursor_close(c);
  if (rc != MEDKB_DONE) return lmedkb_error(L, kb);
  return 1;
}

/* kb:count([kind]) -> number of entities (of that kind). */
static int kb_count(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  int64_t n;
  if (medkb_entity_count(kb, luaL_optstring(L, 2, NULL), &n) != MEDKB_OK)
    return lmedkb_error(L, kb);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* kb:relation_count() -> number of relations. */
static int kb_relation_count(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  int64_t n;
  if (medkb_relation_count(kb, &n) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

static int kb_schema_version(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  int v;
  if (medkb_schema_version(kb, &v) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_pushinteger(L, v);
  lua_pushinteger(L, medkb_schema_found(kb));
  return 2;
}

/* {=== documents */

/* kb:_document_put(kind, key, title, body, source, imported_at) -> Document,
 * created (false when a document with that key was updated).
 * The table form, with parts, counts and links, is kb:put_document in
 * api.lua. */
static int kb_document_put(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  medkb_document d;
  int64_t id;
  int created;
  d.kind = luaL_checkstring(L, 2);
  d.key = luaL_optstring(L, 3, NULL);
  d.title = luaL_optstring(L, 4, "");
  d.body = luaL_optstring(L, 5, "");
  d.source = luaL_optstring(L, 6, NULL);
  d.imported_at = (int64_t)luaL_optinteger(L, 7, 0);
  if (medkb_document_put(kb, &d, &id, &created) != MEDKB_OK) return lmedkb_error(L, kb);
  lmedkb_pushdocument(L, 1, id);
  lua_pushboolean(L, created);
  return 2;
}

/* kb:document(id) or kb:document(kind, key) -> Document, or nil and a
 * message. */
static int kb_document(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  medkb_document d;
  int rc;
  if (lua_isinteger(L, 2))
    rc = medkb_document_get(kb, lua_tointeger(L, 2), &d);
  else
    rc = medkb_document_find(kb, luaL_checkstring(L, 2), luaL_checkstring(L, 3), &d);
  if (rc == MEDKB_NOTFOUND) return lmedkb_miss(L, kb);
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  lmedkb_pushdocument(L, 1, d.id);
  return 1;
}

static int iter_documents(lua_State *L) {
  lcursor *cur = lmedkb_checkcursor(L, 1);
  medkb_document d;
  int rc = medkb_document_next(cur->c, &d);
  lua_getiuservalue(L, 1, 1);
  if (rc == MEDKB_OK) {
    lmedkb_pushdocument(L, -1, d.id);
    return 1;
  }
  return lmedkb_cursor_end(L, cur, lmedkb_checkkb(L, -1), rc);
}

/* kb:documents{kind=} -> lazy iterator over Document values. */
static int kb_documents(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *kind = opt_field(L, 2, "kind");
  medkb_cursor *c;
  if (medkb_document_iter(kb, kind, &c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_pushcursor(L, 1, c, 0, iter_documents);
}

/* kb:document_count([kind]) -> number of documents (of that kind). */
static int kb_document_count(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  int64_t n;
  if (medkb_document_count(kb, luaL_optstring(L, 2, NULL), &n) != MEDKB_OK)
    return lmedkb_error(L, kb);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

void lmedkb_open_kb(lua_State *L) {
  static const luaL_Reg methods[] = {
    {"close", kb_close},
    {"is_open", kb_is_open},
    {"path", kb_path},
    {"put", kb_put},
    {"get", kb_get},
    {"entity", kb_entity},
    {"entities", kb_entities},
    {"relate", kb_relate},
    {"unrelate", kb_unrelate},
    {"add_kind", kb_add_kind},
    {"kinds", kb_kinds},
    {"count", kb_count},
    {"relation_count", kb_relation_count},
    {"schema_version", kb_schema_version},
    {"document", kb_document},
    {"documents", kb_documents},
    {"document_count", kb_document_count},
    {"_document_put", kb_document_put},
    {"_begin", kb_begin},
    {"_commit", kb_commit},
    {"_rollback", kb_rollback},
    {"_tx_depth", kb_tx_depth},
    {NULL, NULL}
  };
  static const luaL_Reg meta[] = {
    {"__gc", kb_close},
    {"__close", kb_close},
    {"__tostring", kb_tostring},
    {NULL, NULL}
  };
  lmedkb_newclass(L, KB_MT, methods, meta);
}
