/*
 * lua_kb.c -- the medkb.KB userdata: opening and closing a knowledge base
 * and the methods that work on it as a whole (put, get, relate, entities,
 * documents, transactions).  Each method checks all its arguments, then
 * calls the C API (a write of several steps in one savepoint, so that it
 * happens whole or not at all) and pushes the result.  Calls only
 * lua_shared.c below it.  Depends on Lua 5.4 and the medkb C API.
 */
#include <string.h>

#include "lua_medkb.h"

/* {=== the handle */

/* Reads the optional boolean field `key` of the options table at idx. */
static int opt_bool(lua_State *L, int idx, const char *key, int dflt) {
  int t;
  if (lua_isnoneornil(L, idx)) return dflt;
  luaL_checktype(L, idx, LUA_TTABLE);
  t = lua_getfield(L, idx, key);
  if (t != LUA_TNIL && t != LUA_TBOOLEAN)
    luaL_argerror(L, idx, lua_pushfstring(L, "field '%s' must be a boolean", key));
  if (t == LUA_TBOOLEAN) dflt = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return dflt;
}

/* medkb.open([path [, {create =, readonly =}]]) -> KB; raises when the
 * file cannot be opened.  path defaults to ":memory:"; create (default
 * true) makes a missing file, and without it a missing file is nil and a
 * message; readonly (default false) never writes, so that a knowledge
 * base in a place one may not write can be read. */
int lmedkb_kb_open(lua_State *L) {
  const char *path = luaL_optstring(L, 1, ":memory:");
  int rc;
  int flags = (opt_bool(L, 2, "create", 1) ? MEDKB_OPEN_CREATE : 0) |
              (opt_bool(L, 2, "readonly", 0) ? MEDKB_OPEN_READONLY : 0);
  lkb *k = lua_newuserdatauv(L, sizeof *k, 4);
  medkb *kb;
  k->kb = NULL;
  luaL_setmetatable(L, KB_MT);
  lmedkb_newweak(L, "v");
  lua_setiuservalue(L, -2, CACHE_ENTITY);
  lmedkb_newweak(L, "v");
  lua_setiuservalue(L, -2, CACHE_DOCUMENT);
  lmedkb_newweak(L, "k");
  lua_setiuservalue(L, -2, KB_CURSORS);
  lua_pushstring(L, path);
  lua_setiuservalue(L, -2, KB_PATH);
  rc = medkb_open_with(path, flags, &kb);
  if (rc != MEDKB_OK) {
    lmedkb_pusherror(L, kb);  /* a lock or a disk that failed: a medkb.Error */
    medkb_close(kb);
    if (rc != MEDKB_NOTFOUND) return lua_error(L);
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
  }
  k->kb = kb;
  return 1;
}

/* Closes the open cursors, then the handle.  Safe to call twice; serves
 * kb:close(), __gc and __close. */
static int kb_close(lua_State *L) {
  lkb *k = lmedkb_tokb(L, 1);
  if (k->kb == NULL) return 0;
  if (lua_getiuservalue(L, 1, KB_CURSORS) == LUA_TTABLE) {
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
  lkb *k = lmedkb_tokb(L, 1);
  lua_getiuservalue(L, 1, KB_PATH);
  lua_pushfstring(L, "medkb.KB \"%s\"%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?",
                  k->kb ? "" : " (closed)");
  return 1;
}

static int kb_is_open(lua_State *L) {
  lua_pushboolean(L, lmedkb_tokb(L, 1)->kb != NULL);
  return 1;
}

static int kb_path(lua_State *L) {
  lmedkb_tokb(L, 1);
  lua_getiuservalue(L, 1, KB_PATH);
  return 1;
}

/* kb:readonly() -> whether writes will fail */
static int kb_readonly(lua_State *L) {
  lua_pushboolean(L, medkb_readonly(lmedkb_checkkb(L, 1)));
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
  lmedkb_newweak(L, "v");
  lua_setiuservalue(L, 1, CACHE_ENTITY);
  lmedkb_newweak(L, "v");
  lua_setiuservalue(L, 1, CACHE_DOCUMENT);
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

static int kb_tx_depth(lua_State *L) {
  lua_pushinteger(L, medkb_tx_depth(lmedkb_checkkb(L, 1)));
  return 1;
}

static int kb_read_begin(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  if (medkb_read_begin(kb) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

static int kb_read_end(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  if (medkb_read_end(kb) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

/* kb:reading() -> whether a read (kb:read) is open */
static int kb_reading(lua_State *L) {
  lua_pushboolean(L, medkb_reading(lmedkb_checkkb(L, 1)));
  return 1;
}

static int kb_bulk_begin(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  if (medkb_bulk_begin(kb) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

static int kb_bulk_end(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  if (medkb_bulk_end(kb) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

static int kb_bulk_loading(lua_State *L) {
  lua_pushboolean(L, medkb_bulk_loading(lmedkb_checkkb(L, 1)));
  return 1;
}

static int kb_file_size(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  int64_t bytes;
  if (medkb_file_size(kb, &bytes) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_pushinteger(L, (lua_Integer)bytes);
  return 1;
}

/* {=== entities */

/* The alias at index i of the aliases table at idx, read raw: a name, or a
 * table {name, type =} / {name =, type =}.  Returns the name (NULL if
 * there is none) and sets *type. */
static const char *alias_at(lua_State *L, int idx, lua_Integer i, const char **type) {
  const char *alias = NULL;
  *type = NULL;
  switch (lua_rawgeti(L, idx, i)) {
    case LUA_TSTRING: alias = lua_tostring(L, -1); break;
    case LUA_TTABLE:
      if (lua_rawgeti(L, -1, 1) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushliteral(L, "name");
        lua_rawget(L, -2);
      }
      alias = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
      lua_pop(L, 1);
      lua_pushliteral(L, "type");
      if (lua_rawget(L, -2) == LUA_TSTRING) *type = lua_tostring(L, -1);
      else if (!lua_isnil(L, -1)) alias = NULL;
      lua_pop(L, 1);
      break;
    default: break;
  }
  lua_pop(L, 1);  /* the table at idx keeps the strings alive */
  return alias;
}

/* Checks the aliases table at idx before anything is written. */
static void check_aliases(lua_State *L, int idx) {
  lua_Integer i, n;
  const char *type;
  luaL_checktype(L, idx, LUA_TTABLE);
  n = (lua_Integer)lua_rawlen(L, idx);
  for (i = 1; i <= n; i++)
    if (alias_at(L, idx, i, &type) == NULL)
      luaL_error(L, "bad alias #%d (a name, or {name, type = 'standard'|'colloquial'},"
                 " expected)", (int)i);
}

/* Adds the aliases of the table at idx, checked by check_aliases, to
 * entity id.  Never raises: MEDKB_OK or the first error. */
static int add_aliases(lua_State *L, medkb *kb, int64_t id, int idx) {
  lua_Integer i, n = (lua_Integer)lua_rawlen(L, idx);
  int rc = MEDKB_OK;
  for (i = 1; i <= n && rc == MEDKB_OK; i++) {
    const char *type, *alias = alias_at(L, idx, i, &type);
    rc = medkb_alias_add(kb, id, alias, type);
  }
  return rc;
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
 * finds the existing one, then adds the aliases and sets the attributes:
 * all of it, or (on any error) none of it. */
static int kb_put(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *kind, *name;
  int64_t id = 0;
  int rc, atomic;
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  kind = need_field(L, 2, "kind");
  name = need_field(L, 2, "name");
  if (lua_getfield(L, 2, "aliases") != LUA_TNIL) check_aliases(L, 3);
  if (lua_getfield(L, 2, "attrs") != LUA_TNIL) lmedkb_checkattrs(L, 4, NULL);
  atomic = lmedkb_hasattrs(L, 3, NULL) || lmedkb_hasattrs(L, 4, NULL);
  lmedkb_writes_begin(L, kb, atomic);
  rc = medkb_entity_put(kb, kind, name, &id);
  if (rc == MEDKB_OK && !lua_isnil(L, 3)) rc = add_aliases(L, kb, id, 3);
  if (rc == MEDKB_OK && !lua_isnil(L, 4))
    rc = lmedkb_setattrs(L, kb, MEDKB_OWNER_ENTITY, id, 4, NULL);
  lmedkb_writes_end(L, kb, atomic, rc);
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

/* Iterator step: yields the next Entity. */
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
  lcursor *cur = lmedkb_newcursor(L, 1, 0);
  if (medkb_entity_iter(kb, kind, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, iter_entities);
}

/* Iterator step: yields the next Entity and {alias =, aliases =,
 * relations =}: the alias the prefix matched (if not the name), and how
 * many aliases and relations it has. */
static int iter_list(lua_State *L) {
  lcursor *cur = lmedkb_checkcursor(L, 1);
  medkb_entity_info e;
  int rc = medkb_entity_list_next(cur->c, &e);
  lua_getiuservalue(L, 1, 1);
  if (rc != MEDKB_OK) return lmedkb_cursor_end(L, cur, lmedkb_checkkb(L, -1), rc);
  lua_createtable(L, 0, 3);
  if (e.alias) {
    lua_pushstring(L, e.alias);
    lua_setfield(L, -2, "alias");
  }
  lua_pushinteger(L, (lua_Integer)e.aliases);
  lua_setfield(L, -2, "aliases");
  lua_pushinteger(L, (lua_Integer)e.relations);
  lua_setfield(L, -2, "relations");
  lmedkb_pushentity(L, -2, e.id, e.kind, e.name);
  lua_insert(L, -2);
  return 2;
}

/* kb:list(kind [, prefix]) -> lazy iterator over (Entity, info): the
 * entities of kind whose name or an alias starts with prefix, in name
 * order. */
static int kb_list(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *kind = luaL_checkstring(L, 2);
  const char *prefix = luaL_optstring(L, 3, NULL);
  lcursor *cur = lmedkb_newcursor(L, 1, 0);
  if (medkb_entity_list(kb, kind, prefix, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, iter_list);
}

/* What kb:relate's options table holds besides attributes. */
static const char *const relate_options[] = {"rank", "source", NULL};

/* kb:relate(src, type, dst [, {rank =, source =, ...attrs}]) -> relation
 * id, statement id.  States the relation: by document `source`, or by
 * the user without one; the other fields are attributes of the statement.
 * All of it happens, or (on any error) none of it. */
static int kb_relate(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  lentity *src = lmedkb_checkentity_in(L, 2, 1);
  const char *type = luaL_checkstring(L, 3);
  lentity *dst = lmedkb_checkentity_in(L, 4, 1);
  int64_t rank = 0, rel = 0, sid = 0, doc = 0;
  int has_rank = 0, atomic = 0, rc;
  lua_settop(L, 5);
  if (!lua_isnil(L, 5)) {
    luaL_checktype(L, 5, LUA_TTABLE);
    if (lua_getfield(L, 5, "rank") != LUA_TNIL) {
      if (!lua_isinteger(L, -1)) return luaL_argerror(L, 5, "field 'rank' must be an integer");
      rank = lua_tointeger(L, -1);
      has_rank = 1;
    }
    if (lua_getfield(L, 5, "source") != LUA_TNIL) {
      ldocument *d = luaL_testudata(L, -1, DOCUMENT_MT);
      int same;
      if (d == NULL) return luaL_argerror(L, 5, "field 'source' must be a medkb.Document");
      lua_getiuservalue(L, -1, 1);
      same = lua_rawequal(L, -1, 1);
      lua_pop(L, 1);
      if (!same)
        return luaL_argerror(L, 5, "field 'source': document belongs to another knowledge base");
      doc = d->id;
    }
    lua_pop(L, 2);
    lmedkb_checkattrs(L, 5, relate_options);
    atomic = lmedkb_hasattrs(L, 5, relate_options);
  }
  lmedkb_writes_begin(L, kb, atomic);
  rc = medkb_statement_add(kb, doc, src->id, type, dst->id, has_rank ? &rank : NULL, &rel, &sid);
  if (rc == MEDKB_OK && atomic)
    rc = lmedkb_setattrs(L, kb, MEDKB_OWNER_STATEMENT, sid, 5, relate_options);
  lmedkb_writes_end(L, kb, atomic, rc);
  lua_pushinteger(L, (lua_Integer)rel);
  lua_pushinteger(L, (lua_Integer)sid);
  return 2;
}

/* kb:statements([type]) -> lazy iterator over what the user states (the
 * statements no document makes), in the order stated. */
static int kb_statements(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *type = luaL_optstring(L, 2, NULL);
  lcursor *cur = lmedkb_newcursor(L, 1, 0);
  if (medkb_statement_doc_iter(kb, 0, type, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, lmedkb_iter_statements);
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
  lcursor *cur = lmedkb_newcursor(L, 1, 0);
  const char *kind;
  int64_t n;
  int rc, i = 0;
  if (medkb_kind_iter(kb, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_kind_next(cur->c, &kind, &n)) == MEDKB_OK) {
    lua_createtable(L, 0, 2);
    lua_pushstring(L, kind);
    lua_setfield(L, -2, "kind");
    lua_pushinteger(L, (lua_Integer)n);
    lua_setfield(L, -2, "count");
    lua_rawseti(L, -2, ++i);
  }
  lmedkb_closecursor(cur);
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
  lcursor *cur = lmedkb_newcursor(L, 1, 0);
  if (medkb_document_iter(kb, kind, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, iter_documents);
}

/* kb:titled(title) -> lazy iterator over the Documents with that title. */
static int kb_titled(lua_State *L) {
  medkb *kb = lmedkb_checkkb(L, 1);
  const char *title = luaL_checkstring(L, 2);
  lcursor *cur = lmedkb_newcursor(L, 1, 0);
  if (medkb_document_titled(kb, title, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, iter_documents);
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
    {"readonly", kb_readonly},
    {"put", kb_put},
    {"get", kb_get},
    {"entity", kb_entity},
    {"entities", kb_entities},
    {"list", kb_list},
    {"relate", kb_relate},
    {"statements", kb_statements},
    {"unrelate", kb_unrelate},
    {"add_kind", kb_add_kind},
    {"kinds", kb_kinds},
    {"count", kb_count},
    {"relation_count", kb_relation_count},
    {"schema_version", kb_schema_version},
    {"document", kb_document},
    {"documents", kb_documents},
    {"titled", kb_titled},
    {"document_count", kb_document_count},
    {"_document_put", kb_document_put},
    {"_begin", kb_begin},
    {"_commit", kb_commit},
    {"_rollback", kb_rollback},
    {"_tx_depth", kb_tx_depth},
    {"_read_begin", kb_read_begin},
    {"_read_end", kb_read_end},
    {"reading", kb_reading},
    {"_bulk_begin", kb_bulk_begin},
    {"_bulk_end", kb_bulk_end},
    {"_bulk_loading", kb_bulk_loading},
    {"_file_size", kb_file_size},
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
