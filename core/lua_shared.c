/*
 * lua_shared.c -- the bottom of the binding: what the classes (lua_kb.c,
 * lua_entity.c, lua_document.c, lua_text.c) share.  Error conventions,
 * attribute values, all-or-nothing writes, lazy cursors, the per-KB object
 * caches, class metatables, and checking and pushing handles, entities
 * and documents (every class hands out entities and documents).  Calls
 * only the medkb C API and Lua.  Depends on Lua 5.4 and the medkb C API.
 */
#include <string.h>

#include "lua_medkb.h"

/* {=== errors */

/* The name scripts see for a storage failure's code. */
static const char *code_name(int code) {
  switch (code) {
    case MEDKB_BUSY: return "busy";
    case MEDKB_NOMEM: return "nomem";
    case MEDKB_READONLY: return "readonly";
    case MEDKB_IO: return "io";
    default: return "error";
  }
}

/* Raises the handle's last error; never returns.  A failure of the
 * storage (medkb_is_storage_error) is raised as a medkb.Error object,
 * {code =, message =}, printing as its message, so that an importer can
 * tell it from a problem with its input; anything else as a string. */
int lmedkb_error(lua_State *L, medkb *kb) {
  if (!medkb_is_storage_error(medkb_errcode(kb))) return luaL_error(L, "%s", medkb_errmsg(kb));
  lmedkb_pusherror(L, kb);
  return lua_error(L);
}

/* Pushes what lmedkb_error raises, for a storage error: the medkb.Error
 * object; anything else: the message, without a position (medkb.open
 * raises it after closing the handle that holds it). */
void lmedkb_pusherror(lua_State *L, medkb *kb) {
  int code = medkb_errcode(kb);
  if (!medkb_is_storage_error(code)) {
    lua_pushstring(L, medkb_errmsg(kb));
    return;
  }
  lua_createtable(L, 0, 2);
  lua_pushstring(L, code_name(code));
  lua_setfield(L, -2, "code");
  lua_pushstring(L, medkb_errmsg(kb));
  lua_setfield(L, -2, "message");
  luaL_setmetatable(L, ERROR_MT);
}

/* The expected-miss convention: returns nil and the message. */
int lmedkb_miss(lua_State *L, medkb *kb) {
  lua_pushnil(L);
  lua_pushstring(L, medkb_errmsg(kb));
  return 2;
}

/* {=== attribute values */

/* Whether the value at idx can be an attribute: nil (which removes one),
 * a boolean, a number or a string. */
int lmedkb_isvalue(lua_State *L, int idx) {
  int t = lua_type(L, idx);
  return t == LUA_TNIL || t == LUA_TBOOLEAN || t == LUA_TNUMBER || t == LUA_TSTRING;
}

/* Converts the value at idx, which lmedkb_isvalue accepts, into *v; the
 * text, if any, points into the Lua string, which stays on the stack.
 * Never raises. */
void lmedkb_tovalue(lua_State *L, int idx, medkb_value *v) {
  memset(v, 0, sizeof *v);
  switch (lua_type(L, idx)) {
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
    default: v->type = MEDKB_NULL; break;
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

/* Whether key is one of the NULL-terminated names in skip (NULL: none). */
static int skipped(const char *key, const char *const *skip) {
  for (; skip && *skip; skip++)
    if (strcmp(key, *skip) == 0) return 1;
  return 0;
}

/* Checks that the table at idx can be written as attributes: string keys
 * (the ones in skip aside) and values lmedkb_isvalue accepts.  Raises,
 * naming the attribute, before anything is written. */
void lmedkb_checkattrs(lua_State *L, int idx, const char *const *skip) {
  idx = lua_absindex(L, idx);
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "bad attribute name (string expected, got %s)", luaL_typename(L, -2));
    if (!lmedkb_isvalue(L, -1) && !skipped(lua_tostring(L, -2), skip))
      luaL_error(L, "bad attribute '%s' (string, number or boolean expected, got %s)",
                 lua_tostring(L, -2), luaL_typename(L, -1));
    lua_pop(L, 1);
  }
}

/* Whether the value at idx is a table with a field not in skip. */
int lmedkb_hasattrs(lua_State *L, int idx, const char *const *skip) {
  if (!lua_istable(L, idx)) return 0;
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING || !skipped(lua_tostring(L, -1), skip)) {
      lua_pop(L, 1);
      return 1;
    }
  }
  return 0;
}

/* Sets every field of the table at idx, checked by lmedkb_checkattrs, as
 * an attribute of (owner, id), the ones in skip aside.  Never raises:
 * returns MEDKB_OK or the first error. */
int lmedkb_setattrs(lua_State *L, medkb *kb, medkb_owner owner, int64_t id, int idx,
                    const char *const *skip) {
  medkb_value v;
  int rc = MEDKB_OK;
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    const char *key = lua_tostring(L, -2);
    if (rc == MEDKB_OK && !skipped(key, skip)) {
      lmedkb_tovalue(L, -1, &v);
      rc = medkb_attr_set(kb, owner, id, key, &v);
    }
    lua_pop(L, 1);
  }
  return rc;
}

/* Pushes a new table with every attribute of (owner, id), read from the
 * KB at kbidx. */
void lmedkb_pushattrs(lua_State *L, int kbidx, medkb_owner owner, int64_t id) {
  medkb *kb = lmedkb_checkkb(L, kbidx);
  lcursor *cur = lmedkb_newcursor(L, kbidx, 0);
  medkb_value v;
  const char *key;
  int rc;
  if (medkb_attr_iter(kb, owner, id, &cur->c) != MEDKB_OK) lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_attr_next(cur->c, &key, &v)) == MEDKB_OK) {
    lmedkb_pushvalue(L, &v);
    lua_setfield(L, -2, key);
  }
  lmedkb_closecursor(cur);
  if (rc != MEDKB_DONE) lmedkb_error(L, kb);
  lua_remove(L, -2);
}

/* {=== all-or-nothing writes */

/* A public write of several steps runs them in one savepoint (atomic
 * set): begin it after checking every argument, so that nothing raises
 * between the begin and lmedkb_writes_end.  A single step is atomic by
 * itself and needs none.  Raises if the savepoint cannot begin. */
int lmedkb_writes_begin(lua_State *L, medkb *kb, int atomic) {
  if (atomic && medkb_begin(kb) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

/* Ends the writes begun by lmedkb_writes_begin, whose steps ended with
 * rc: keeps them when rc is MEDKB_OK, else undoes them all and raises
 * rc's error. */
int lmedkb_writes_end(lua_State *L, medkb *kb, int atomic, int rc) {
  if (atomic && rc == MEDKB_OK) rc = medkb_commit(kb);
  if (rc == MEDKB_OK) return 0;
  /* a rollback that works keeps rc's message */
  if (atomic) medkb_rollback(kb);
  return lmedkb_error(L, kb);
}

/* {=== cursors */

/* Pushes a new cursor userdata, bound to the KB at kbidx (which keeps it
 * alive) and registered with it, so that kb:close() closes it first.  It
 * is made empty: the caller opens the C cursor into ->c, so that a memory
 * error in making the userdata leaks nothing, and a Lua error while the
 * cursor is open leaves it to be closed by __gc. */
lcursor *lmedkb_newcursor(lua_State *L, int kbidx, int dir) {
  lcursor *cur;
  kbidx = lua_absindex(L, kbidx);
  cur = lua_newuserdatauv(L, sizeof *cur, 1);
  cur->c = NULL;
  cur->dir = dir;
  luaL_setmetatable(L, CURSOR_MT);
  lua_pushvalue(L, kbidx);
  lua_setiuservalue(L, -2, 1);
  lua_getiuservalue(L, kbidx, KB_CURSORS);
  lua_pushvalue(L, -2);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  return cur;
}

/* With an open cursor on top of the stack, returns the four values of a
 * generic for: iter, cursor, nil, cursor (the last one closes the cursor
 * when the loop is left by break). */
int lmedkb_iterate(lua_State *L, lua_CFunction iter) {
  lua_pushcfunction(L, iter);
  lua_insert(L, -2);
  lua_pushnil(L);
  lua_pushvalue(L, -2);
  return 4;
}

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
 * also kept as the metatable's `methods` field: the REPL completes from
 * it, and medkb/init.lua adds the methods written in Lua to it. */
void lmedkb_newclass(lua_State *L, const char *name, const luaL_Reg *methods,
                     const luaL_Reg *metamethods) {
  if (!luaL_newmetatable(L, name)) {
    /* opened again (a second require after package.loaded was cleared):
     * the class keeps its methods table, which init.lua has extended and
     * which is every object's __index */
    if (lua_getfield(L, -1, "methods") == LUA_TTABLE) {
      luaL_setfuncs(L, methods, 0);
      luaL_setfuncs(L, metamethods, 1);  /* into mt, methods the upvalue */
      lua_pop(L, 1);
      return;
    }
    lua_pop(L, 1);
  }
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

/* {=== handles */

lkb *lmedkb_tokb(lua_State *L, int idx) {
  return luaL_checkudata(L, idx, KB_MT);
}

medkb *lmedkb_checkkb(lua_State *L, int idx) {
  lkb *k = lmedkb_tokb(L, idx);
  if (k->kb == NULL) luaL_error(L, "attempt to use a closed knowledge base");
  return k->kb;
}

/* The open handle of the KB that the entity, document or cursor at idx
 * keeps in its first user value. */
medkb *lmedkb_kbof(lua_State *L, int idx) {
  medkb *kb;
  lua_getiuservalue(L, idx, 1);
  kb = lmedkb_checkkb(L, -1);
  lua_pop(L, 1);
  return kb;
}

/* Pushes a new table with weak keys or values (mode "k" or "v"). */
void lmedkb_newweak(lua_State *L, const char *mode) {
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushstring(L, mode);
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
}

/* Raises, for argument idx, unless the object there belongs to the KB at
 * kbidx: an object names its KB by id, so another KB's would stand for
 * whatever has that id here. */
static void check_same_kb(lua_State *L, int idx, int kbidx, const char *what) {
  int same;
  lua_getiuservalue(L, idx, 1);
  same = lua_rawequal(L, -1, kbidx);
  lua_pop(L, 1);
  if (!same)
    luaL_argerror(L, idx, lua_pushfstring(L, "%s belongs to another knowledge base", what));
}

/* {=== entities */

/* Pushes the Entity for id, reusing the cached userdata when there is one.
 * kbidx is the KB's stack index. */
void lmedkb_pushentity(lua_State *L, int kbidx, int64_t id, const char *kind,
                       const char *name) {
  lentity *e;
  kbidx = lua_absindex(L, kbidx);
  if (lmedkb_cache_get(L, kbidx, CACHE_ENTITY, id)) return;
  e = lua_newuserdatauv(L, sizeof *e, 3);
  e->id = id;
  luaL_setmetatable(L, ENTITY_MT);
  lua_pushvalue(L, kbidx);
  lua_setiuservalue(L, -2, 1);
  lua_pushstring(L, kind);
  lua_setiuservalue(L, -2, 2);
  lua_pushstring(L, name);
  lua_setiuservalue(L, -2, 3);
  lmedkb_cache_set(L, kbidx, CACHE_ENTITY, id);
}

/* Pushes the Entity with this id (1 result), or nil and a message (2). */
int lmedkb_pushentity_id(lua_State *L, int kbidx, medkb *kb, int64_t id) {
  medkb_entity e;
  int rc;
  kbidx = lua_absindex(L, kbidx);
  if (lmedkb_cache_get(L, kbidx, CACHE_ENTITY, id)) return 1;
  rc = medkb_entity_by_id(kb, id, &e);
  if (rc == MEDKB_NOTFOUND) return lmedkb_miss(L, kb);
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  lmedkb_pushentity(L, kbidx, e.id, e.kind, e.name);
  return 1;
}

/* Checks that idx is an Entity; with kb non-NULL also that its knowledge
 * base is open, returning the handle there. */
lentity *lmedkb_checkentity(lua_State *L, int idx, medkb **kb) {
  lentity *e = luaL_checkudata(L, idx, ENTITY_MT);
  if (kb) *kb = lmedkb_kbof(L, idx);
  return e;
}

/* Checks that idx is an Entity of the KB at kbidx. */
lentity *lmedkb_checkentity_in(lua_State *L, int idx, int kbidx) {
  lentity *e = luaL_checkudata(L, idx, ENTITY_MT);
  check_same_kb(L, lua_absindex(L, idx), lua_absindex(L, kbidx), "entity");
  return e;
}

/* {=== documents */

void lmedkb_pushdocument(lua_State *L, int kbidx, int64_t id) {
  ldocument *d;
  kbidx = lua_absindex(L, kbidx);
  if (lmedkb_cache_get(L, kbidx, CACHE_DOCUMENT, id)) return;
  d = lua_newuserdatauv(L, sizeof *d, 1);
  d->id = id;
  luaL_setmetatable(L, DOCUMENT_MT);
  lua_pushvalue(L, kbidx);
  lua_setiuservalue(L, -2, 1);
  lmedkb_cache_set(L, kbidx, CACHE_DOCUMENT, id);
}

ldocument *lmedkb_checkdocument(lua_State *L, int idx, medkb **kb) {
  ldocument *d = luaL_checkudata(L, idx, DOCUMENT_MT);
  if (kb) *kb = lmedkb_kbof(L, idx);
  return d;
}

/* Checks that idx is a Document of the KB at kbidx. */
ldocument *lmedkb_checkdocument_in(lua_State *L, int idx, int kbidx) {
  ldocument *d = luaL_checkudata(L, idx, DOCUMENT_MT);
  check_same_kb(L, lua_absindex(L, idx), lua_absindex(L, kbidx), "document");
  return d;
}

/* Iterator step over links: yields the entity or document at the other
 * end and {type, rank}.  cur->dir is MEDKB_IN for the documents that link
 * to something (a document or an entity), MEDKB_OUT for the documents a
 * document links to, MEDKB_OUT + 2 for the entities it links to. */
int lmedkb_iter_links(lua_State *L) {
  lcursor *cur = lmedkb_checkcursor(L, 1);
  medkb_link l;
  medkb *kb;
  int rc = medkb_link_next(cur->c, &l);
  lua_getiuservalue(L, 1, 1);
  kb = lmedkb_checkkb(L, -1);
  if (rc != MEDKB_OK) return lmedkb_cursor_end(L, cur, kb, rc);
  if (cur->dir >= 2) {
    if (lmedkb_pushentity_id(L, -1, kb, l.target) != 1)
      return luaL_error(L, "%s", lua_tostring(L, -1));
  } else {
    lmedkb_pushdocument(L, -1, cur->dir == MEDKB_IN ? l.doc : l.target);
  }
  lua_createtable(L, 0, 2);
  lua_pushstring(L, l.type);
  lua_setfield(L, -2, "type");
  lua_pushinteger(L, (lua_Integer)l.rank);
  lua_setfield(L, -2, "rank");
  return 2;
}

/* Iterator step over statements (kb:statements, doc:statements): yields
 * one table per statement, its attributes and id, relation, type, rank,
 * src and dst (entities) and the document that states it (none for the
 * user's).  The row is copied before anything else reads the KB. */
int lmedkb_iter_statements(lua_State *L) {
  lcursor *cur = lmedkb_checkcursor(L, 1);
  medkb_statement s;
  medkb *kb;
  int kbidx, rc = medkb_statement_next(cur->c, &s);
  lua_getiuservalue(L, 1, 1);
  kbidx = lua_gettop(L);
  kb = lmedkb_checkkb(L, kbidx);
  if (rc != MEDKB_OK) return lmedkb_cursor_end(L, cur, kb, rc);
  lua_pushstring(L, s.type);
  lmedkb_pushattrs(L, kbidx, MEDKB_OWNER_STATEMENT, s.id);
  lua_insert(L, -2);
  lua_setfield(L, -2, "type");
  lua_pushinteger(L, (lua_Integer)s.id);
  lua_setfield(L, -2, "id");
  lua_pushinteger(L, (lua_Integer)s.relation);
  lua_setfield(L, -2, "relation");
  lua_pushinteger(L, (lua_Integer)s.rank);
  lua_setfield(L, -2, "rank");
  if (s.doc) {
    lmedkb_pushdocument(L, kbidx, s.doc);
    lua_setfield(L, -2, "document");
  }
  if (lmedkb_pushentity_id(L, kbidx, kb, s.src) != 1) return luaL_error(L, "%s", lua_tostring(L, -1));
  lua_setfield(L, -2, "src");
  if (lmedkb_pushentity_id(L, kbidx, kb, s.dst) != 1) return luaL_error(L, "%s", lua_tostring(L, -1));
  lua_setfield(L, -2, "dst");
  return 1;
}
