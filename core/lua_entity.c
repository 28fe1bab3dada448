/*
 * lua_entity.c -- the medkb.Entity userdata.  An entity keeps its KB alive
 * and caches its kind and name; attributes, aliases and relations are read
 * from the knowledge base when asked for, so they are never stale.  The KB
 * hands out one userdata per entity id while it is referenced, so entities
 * compare (and key tables) by identity.  Depends on Lua 5.4 and the medkb
 * C API.
 */
#include <string.h>

#include "lua_medkb.h"

/* {=== pushing and checking */

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
  if (kb) *kb = lmedkb_kbof(L, idx, 1);
  return e;
}

static const char *entity_field(lua_State *L, int idx, int uv) {
  lua_getiuservalue(L, idx, uv);
  return lua_tostring(L, -1);
}

/* Pushes the aliases of entity id in the order added: a list of names, or
 * with typed set a list of {name =, type =}. */
static void push_aliases(lua_State *L, medkb *kb, int64_t id, int typed) {
  medkb_cursor *c;
  const char *alias, *type;
  int rc, i = 0;
  if (medkb_alias_iter(kb, id, &c) != MEDKB_OK) lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_alias_next(c, &alias, &type)) == MEDKB_OK) {
    if (typed) {
      lua_createtable(L, 0, 2);
      lua_pushstring(L, alias);
      lua_setfield(L, -2, "name");
      if (type) {
        lua_pushstring(L, type);
        lua_setfield(L, -2, "type");
      }
    } else {
      lua_pushstring(L, alias);
    }
    lua_rawseti(L, -2, ++i);
  }
  medkb_cursor_close(c);
  if (rc != MEDKB_DONE) lmedkb_error(L, kb);
}

/* {=== metamethods */

/* entity.id, .kind, .name, .attrs, .aliases (the fields listed in
 * lmedkb_open_entity), or a method. */
static int entity_index(lua_State *L) {
  lentity *e = luaL_checkudata(L, 1, ENTITY_MT);
  const char *key = luaL_checkstring(L, 2);
  medkb *kb;
  if (lua_getfield(L, lua_upvalueindex(1), key) != LUA_TNIL) return 1;
  if (strcmp(key, "id") == 0) {
    lua_pushinteger(L, (lua_Integer)e->id);
  } else if (strcmp(key, "kind") == 0) {
    lua_getiuservalue(L, 1, 2);
  } else if (strcmp(key, "name") == 0) {
    lua_getiuservalue(L, 1, 3);
  } else if (strcmp(key, "attrs") == 0) {
    kb = lmedkb_kbof(L, 1, 1);
    lmedkb_pushattrs(L, kb, MEDKB_OWNER_ENTITY, e->id);
  } else if (strcmp(key, "aliases") == 0) {
    push_aliases(L, lmedkb_kbof(L, 1, 1), e->id, 0);
  } else {
    lua_pushnil(L);
  }
  return 1;
}

static int entity_newindex(lua_State *L) {
  luaL_checkudata(L, 1, ENTITY_MT);
  return luaL_error(L, "cannot set field '%s' of an entity (use set, rename or add_alias)",
                    luaL_checkstring(L, 2));
}

static int entity_tostring(lua_State *L) {
  const char *kind, *name;
  luaL_checkudata(L, 1, ENTITY_MT);
  kind = entity_field(L, 1, 2);
  name = entity_field(L, 1, 3);
  lua_pushfstring(L, "medkb.Entity %s \"%s\"", kind, name);
  return 1;
}

static int entity_eq(lua_State *L) {
  lentity *a = luaL_checkudata(L, 1, ENTITY_MT);
  lentity *b = luaL_checkudata(L, 2, ENTITY_MT);
  int same;
  lua_getiuservalue(L, 1, 1);
  lua_getiuservalue(L, 2, 1);
  same = a->id == b->id && lua_rawequal(L, -1, -2);
  lua_pushboolean(L, same);
  return 1;
}

/* {=== methods */

/* entity:set(key, value) or entity:set{key = value, ...}; nil removes. */
static int entity_set(lua_State *L) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  if (lua_istable(L, 2)) {
    lmedkb_setattrs(L, kb, MEDKB_OWNER_ENTITY, e->id, 2);
  } else {
    const char *key = luaL_checkstring(L, 2);
    medkb_value v;
    lmedkb_tovalue(L, 3, key, &v);
    if (medkb_attr_set(kb, MEDKB_OWNER_ENTITY, e->id, key, &v) != MEDKB_OK)
      return lmedkb_error(L, kb);
  }
  lua_settop(L, 1);
  return 1;
}

/* entity:add_alias(alias [, "standard" | "colloquial"]) -> entity */
static int entity_add_alias(lua_State *L) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  const char *alias = luaL_checkstring(L, 2);
  const char *type = luaL_optstring(L, 3, NULL);
  if (medkb_alias_add(kb, e->id, alias, type) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_settop(L, 1);
  return 1;
}

/* entity:remove_alias(alias) -> entity */
static int entity_remove_alias(lua_State *L) {
  medkb *kb;
  lmedkb_checkentity(L, 1, &kb);
  const char *alias = luaL_checkstring(L, 2);
  const char *kind = entity_field(L, 1, 2);
  if (medkb_alias_remove(kb, kind, alias) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_settop(L, 1);
  return 1;
}

/* entity:alias_info() -> { {name = , type = }, ... } in the order added. */
static int entity_alias_info(lua_State *L) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  push_aliases(L, kb, e->id, 1);
  return 1;
}

/* entity:rename(name) -> entity */
static int entity_rename(lua_State *L) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  const char *name = luaL_checkstring(L, 2);
  if (medkb_entity_rename(kb, e->id, name) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, 1, 3);
  lua_settop(L, 1);
  return 1;
}

/* entity:delete() -- with its aliases, attributes, relations and links. */
static int entity_delete(lua_State *L) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  if (medkb_entity_delete(kb, e->id) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_getiuservalue(L, 1, 1);
  lua_pushnil(L);
  lmedkb_cache_set(L, lua_absindex(L, -2), CACHE_ENTITY, e->id);
  return 0;
}

/* Pushes the relation table for r: its attributes plus id, type and rank. */
static void push_relation(lua_State *L, medkb *kb, const medkb_relation *r) {
  lmedkb_pushattrs(L, kb, MEDKB_OWNER_RELATION, r->id);
  lua_pushinteger(L, (lua_Integer)r->id);
  lua_setfield(L, -2, "id");
  lua_pushstring(L, r->type);
  lua_setfield(L, -2, "type");
  lua_pushinteger(L, (lua_Integer)r->rank);
  lua_setfield(L, -2, "rank");
}

/* Iterator step: yields the entity at the other end and the relation. */
static int iter_relations(lua_State *L) {
  lcursor *cur = lmedkb_checkcursor(L, 1);
  medkb_relation r;
  medkb *kb;
  int rc = medkb_relation_next(cur->c, &r);
  lua_getiuservalue(L, 1, 1);
  kb = lmedkb_checkkb(L, -1);
  if (rc != MEDKB_OK) return lmedkb_cursor_end(L, cur, kb, rc);
  if (lmedkb_pushentity_id(L, -1, kb, cur->dir == MEDKB_OUT ? r.dst : r.src) != 1)
    return luaL_error(L, "%s", lua_tostring(L, -1));
  push_relation(L, kb, &r);
  return 2;
}

static int relations(lua_State *L, medkb_direction dir) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  const char *type = luaL_optstring(L, 2, NULL);
  medkb_cursor *c;
  if (medkb_relation_iter(kb, e->id, type, dir, &c) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_getiuservalue(L, 1, 1);
  return lmedkb_pushcursor(L, -1, c, dir, iter_relations);
}

/* for target, rel in entity:related([type]) -- outgoing, in rank order */
static int entity_related(lua_State *L) {
  return relations(L, MEDKB_OUT);
}

/* for source, rel in entity:incoming([type]) -- incoming, in rank order */
static int entity_incoming(lua_State *L) {
  return relations(L, MEDKB_IN);
}

/* for doc, link in entity:documents([type]) -- documents linking here */
static int entity_documents(lua_State *L) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  const char *type = luaL_optstring(L, 2, NULL);
  medkb_cursor *c;
  if (medkb_link_entity_iter(kb, e->id, type, MEDKB_IN, &c) != MEDKB_OK)
    return lmedkb_error(L, kb);
  lua_getiuservalue(L, 1, 1);
  return lmedkb_pushcursor(L, -1, c, MEDKB_IN, lmedkb_iter_links);
}

void lmedkb_open_entity(lua_State *L) {
  static const luaL_Reg methods[] = {
    {"set", entity_set},
    {"add_alias", entity_add_alias},
    {"remove_alias", entity_remove_alias},
    {"alias_info", entity_alias_info},
    {"rename", entity_rename},
    {"delete", entity_delete},
    {"related", entity_related},
    {"incoming", entity_incoming},
    {"documents", entity_documents},
    {NULL, NULL}
  };
  static const luaL_Reg meta[] = {
    {"__index", entity_index},
    {"__newindex", entity_newindex},
    {"__tostring", entity_tostring},
    {"__eq", entity_eq},
    {NULL, NULL}
  };
  static const char *const fields[] = {"id", "kind", "name", "attrs", "aliases", NULL};
  lmedkb_newclass(L, ENTITY_MT, methods, meta);
  lmedkb_setfields(L, ENTITY_MT, fields);
}
