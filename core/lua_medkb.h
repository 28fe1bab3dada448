/*
 * lua_medkb.h -- what the binding files (lua_medkb.c, lua_kb.c,
 * lua_entity.c, lua_document.c) share: the userdata layouts, their
 * metatable names and the helpers that push and check them.  Depends on
 * Lua 5.4 and the medkb C API.
 */
#ifndef MEDKB_LUA_MEDKB_H
#define MEDKB_LUA_MEDKB_H

#include <lauxlib.h>
#include <lua.h>

#include "medkb.h"

#define KB_MT "medkb.KB"
#define ENTITY_MT "medkb.Entity"
#define DOCUMENT_MT "medkb.Document"
#define CURSOR_MT "medkb.Cursor"

/* medkb.KB: the handle; NULL once closed.  User values: 1 the entity
 * cache (id -> Entity, weak values), 2 the document cache, 3 the open
 * cursors (weak keys), so that closing the handle can close them first. */
#define CACHE_ENTITY 1
#define CACHE_DOCUMENT 2
typedef struct lkb {
  medkb *kb;
} lkb;

/* medkb.Entity: user values 1 the KB, 2 kind, 3 name. */
typedef struct lentity {
  int64_t id;
} lentity;

/* medkb.Document: user value 1 the KB. */
typedef struct ldocument {
  int64_t id;
} ldocument;

/* medkb.Cursor: a lazy iteration; user value 1 the KB.  dir records the
 * direction of relation and link cursors. */
typedef struct lcursor {
  medkb_cursor *c;
  int dir;
} lcursor;

/* lua_medkb.c */
int lmedkb_error(lua_State *L, medkb *kb);
int lmedkb_miss(lua_State *L, medkb *kb);
void lmedkb_tovalue(lua_State *L, int idx, const char *key, medkb_value *v);
void lmedkb_pushvalue(lua_State *L, const medkb_value *v);
void lmedkb_pushattrs(lua_State *L, medkb *kb, medkb_owner owner, int64_t id);
void lmedkb_setattrs(lua_State *L, medkb *kb, medkb_owner owner, int64_t id, int idx);
int lmedkb_pushcursor(lua_State *L, int kbidx, medkb_cursor *c, int dir, lua_CFunction iter);
lcursor *lmedkb_checkcursor(lua_State *L, int idx);
void lmedkb_closecursor(lcursor *cur);
int lmedkb_cursor_end(lua_State *L, lcursor *cur, medkb *kb, int rc);
int lmedkb_cache_get(lua_State *L, int kbidx, int cache, int64_t id);
void lmedkb_cache_set(lua_State *L, int kbidx, int cache, int64_t id);
void lmedkb_setfields(lua_State *L, const char *name, const char *const *fields);
void lmedkb_newclass(lua_State *L, const char *name, const luaL_Reg *methods,
                     const luaL_Reg *metamethods);

/* lua_kb.c */
medkb *lmedkb_checkkb(lua_State *L, int idx);
medkb *lmedkb_kbof(lua_State *L, int idx, int uv);
void lmedkb_open_kb(lua_State *L);
int lmedkb_kb_open(lua_State *L);

/* lua_entity.c */
void lmedkb_pushentity(lua_State *L, int kbidx, int64_t id, const char *kind,
                       const char *name);
int lmedkb_pushentity_id(lua_State *L, int kbidx, medkb *kb, int64_t id);
lentity *lmedkb_checkentity(lua_State *L, int idx, medkb **kb);
void lmedkb_open_entity(lua_State *L);

/* lua_text.c */
void lmedkb_open_text(lua_State *L);

/* lua_document.c */
void lmedkb_pushdocument(lua_State *L, int kbidx, int64_t id);
ldocument *lmedkb_checkdocument(lua_State *L, int idx, medkb **kb);
int lmedkb_iter_links(lua_State *L);
void lmedkb_open_document(lua_State *L);

#endif
