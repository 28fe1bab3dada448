/*
 * lua_medkb.h -- what the binding files share: the userdata layouts, their
 * metatable names, and the helpers of lua_shared.c that every class uses
 * (errors, attribute values, cursors, object caches, class creation,
 * checking and pushing handles, entities and documents).  The binding is
 * layered: lua_shared.c at the bottom; one file per class above it
 * (lua_kb.c, lua_entity.c, lua_document.c, lua_text.c), each calling
 * only down, and the sandbox's limits (lua_sandbox.c) with the pattern
 * functions that charge them (lua_pattern.c); lua_medkb.c, the module
 * entry, on top.  Depends on Lua 5.4 and the medkb C API.
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
#define ERROR_MT "medkb.Error"

/* medkb.KB: the handle; NULL once closed.  User values: 1 the entity
 * cache (id -> Entity, weak values), 2 the document cache, 3 the open
 * cursors (weak keys), so that closing the handle can close them first,
 * 4 the path. */
#define CACHE_ENTITY 1
#define CACHE_DOCUMENT 2
#define KB_CURSORS 3
#define KB_PATH 4
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

/* {=== lua_shared.c */

/* errors */
int lmedkb_error(lua_State *L, medkb *kb);
void lmedkb_pusherror(lua_State *L, medkb *kb);
int lmedkb_miss(lua_State *L, medkb *kb);

/* attribute values and attribute tables */
int lmedkb_isvalue(lua_State *L, int idx);
void lmedkb_tovalue(lua_State *L, int idx, medkb_value *v);
void lmedkb_pushvalue(lua_State *L, const medkb_value *v);
void lmedkb_pushattrs(lua_State *L, int kbidx, medkb_owner owner, int64_t id);
void lmedkb_checkattrs(lua_State *L, int idx, const char *const *skip);
int lmedkb_hasattrs(lua_State *L, int idx, const char *const *skip);
int lmedkb_setattrs(lua_State *L, medkb *kb, medkb_owner owner, int64_t id, int idx,
                    const char *const *skip);
int lmedkb_writes_begin(lua_State *L, medkb *kb, int atomic);
int lmedkb_writes_end(lua_State *L, medkb *kb, int atomic, int rc);

/* cursors */
lcursor *lmedkb_newcursor(lua_State *L, int kbidx, int dir);
int lmedkb_iterate(lua_State *L, lua_CFunction iter);
lcursor *lmedkb_checkcursor(lua_State *L, int idx);
void lmedkb_closecursor(lcursor *cur);
int lmedkb_cursor_end(lua_State *L, lcursor *cur, medkb *kb, int rc);

/* object caches and classes */
int lmedkb_cache_get(lua_State *L, int kbidx, int cache, int64_t id);
void lmedkb_cache_set(lua_State *L, int kbidx, int cache, int64_t id);
void lmedkb_newclass(lua_State *L, const char *name, const luaL_Reg *methods,
                     const luaL_Reg *metamethods);
void lmedkb_setfields(lua_State *L, const char *name, const char *const *fields);

/* handles, entities and documents */
lkb *lmedkb_tokb(lua_State *L, int idx);
medkb *lmedkb_checkkb(lua_State *L, int idx);
medkb *lmedkb_kbof(lua_State *L, int idx);
void lmedkb_newweak(lua_State *L, const char *mode);
void lmedkb_pushentity(lua_State *L, int kbidx, int64_t id, const char *kind,
                       const char *name);
int lmedkb_pushentity_id(lua_State *L, int kbidx, medkb *kb, int64_t id);
lentity *lmedkb_checkentity(lua_State *L, int idx, medkb **kb);
lentity *lmedkb_checkentity_in(lua_State *L, int idx, int kbidx);
void lmedkb_pushdocument(lua_State *L, int kbidx, int64_t id);
ldocument *lmedkb_checkdocument(lua_State *L, int idx, medkb **kb);
ldocument *lmedkb_checkdocument_in(lua_State *L, int idx, int kbidx);
int lmedkb_iter_links(lua_State *L);
int lmedkb_iter_statements(lua_State *L);

/* {=== the classes */

void lmedkb_open_kb(lua_State *L);      /* lua_kb.c */
void lmedkb_open_search(lua_State *L);  /* lua_search.c: more KB methods */
int lmedkb_kb_open(lua_State *L);
void lmedkb_open_entity(lua_State *L);  /* lua_entity.c */
void lmedkb_open_document(lua_State *L);/* lua_document.c */
void lmedkb_open_text(lua_State *L);    /* lua_text.c */
void lmedkb_open_sandbox(lua_State *L); /* lua_sandbox.c: memory_cap, limits_* */
void lmedkb_open_pattern(lua_State *L); /* lua_pattern.c: pattern.find, match, gmatch, gsub */
/* lua_sandbox.c: charges steps units of work done in C on the running
 * code's behalf to the sandbox's instruction budget; raises the sandbox's
 * stop when the budget or the time is spent; nothing when no limits are
 * on. */
void lmedkb_charge(lua_State *L, long steps);

/* {=== lua_medkb.c, the module entry */

int luaopen_medkb_core(lua_State *L);
void lmedkb_preload(lua_State *L, const char *scriptdir);

#endif
