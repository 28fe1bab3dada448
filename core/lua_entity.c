/*
 * lua_entity.c -- the medkb.Entity userdata.  An entity keeps its KB alive
 * and caches its kind and name; attributes, aliases and relations are read
 * from the knowledge base when asked for, so they are never stale.  The KB
 * hands out one userdata per entity id while it is referenced (the cache
 * in lua_shared.c), so entities compare (and key tables) by identity.
 * Relations come merged from their statements, with the sources attached.
 * Calls only lua_shared.c below it.  Depends on Lua 5.4 and the medkb C
 * API.
 */
#include <string.h>

#include "lua_medkb.h"

/* {=== fields */

static const char *entity_field(lua_State *L, int idx, int uv) {
  lua_getiuservalue(L, idx, uv);
  return lua_tostring(L, -1);
}

/* Pushes the aliases of the entity at idx in the order added: a list of
 * names, or with typed set a list of {name =, type =}. */
static void push_aliases(lua_State *L, int idx, int64_t id, int typed) {
  medkb *kb;
  lcursor *cur;
  const char *alias, *type;
  int rc, i = 0, kbidx;
  lua_getiuservalue(L, idx, 1);
  kbidx = lua_gettop(L);
  kb = lmedkb_checkkb(L, kbidx);
  cur = lmedkb_newcursor(L, kbidx, 0);
  if (medkb_alias_iter(kb, id, &cur->c) != MEDKB_OK) lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_alias_next(cur->c, &alias, &type)) == MEDKB_OK) {
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
  lmedkb_closecursor(cur);
  if (rc != MEDKB_DONE) lmedkb_error(L, kb);
  lua_replace(L, kbidx);
  lua_settop(L, kbidx);
}

/* {=== metamethods */

/* entity.id, .kind, .name, .kb (its knowledge base), .attrs, .aliases
 * (the fields listed in lmedkb_open_entity), or a method. */
static int entity_index(lua_State *L) {
  lentity *e = luaL_checkudata(L, 1, ENTITY_MT);
  const char *key = luaL_checkstring(L, 2);
  if (lua_getfield(L, lua_upvalueindex(1), key) != LUA_TNIL) return 1;
  if (strcmp(key, "id") == 0) {
    lua_pushinteger(L, (lua_Integer)e->id);
  } else if (strcmp(key, "kind") == 0) {
    lua_getiuservalue(L, 1, 2);
  } else if (strcmp(key, "name") == 0) {
    lua_getiuservalue(L, 1, 3);
  } else if (strcmp(key, "kb") == 0) {
    lua_getiuservalue(L, 1, 1);
  } else if (strcmp(key, "attrs") == 0) {
    lua_getiuservalue(L, 1, 1);
    lmedkb_pushattrs(L, -1, MEDKB_OWNER_ENTITY, e->id);
  } else if (strcmp(key, "aliases") == 0) {
    push_aliases(L, 1, e->id, 0);
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

/* entity:set(key, value) or entity:set{key = value, ...}; nil removes.
 * A table is set whole or not at all. */
static int entity_set(lua_State *L) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  medkb_value v;
  int atomic, rc;
  if (lua_istable(L, 2)) {
    lmedkb_checkattrs(L, 2, NULL);
    atomic = lmedkb_hasattrs(L, 2, NULL);
    lmedkb_writes_begin(L, kb, atomic);
    lmedkb_writes_end(L, kb, atomic, lmedkb_setattrs(L, kb, MEDKB_OWNER_ENTITY, e->id, 2, NULL));
  } else {
    const char *key = luaL_checkstring(L, 2);
    if (!lmedkb_isvalue(L, 3))
      return luaL_error(L, "bad attribute '%s' (string, number or boolean expected, got %s)",
                        key, luaL_typename(L, 3));
    lmedkb_tovalue(L, 3, &v);
    rc = medkb_attr_set(kb, MEDKB_OWNER_ENTITY, e->id, key, &v);
    if (rc != MEDKB_OK) return lmedkb_error(L, kb);
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
  lentity *e = lmedkb_checkentity(L, 1, NULL);
  push_aliases(L, 1, e->id, 1);
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

/* Pushes the sources of relation r, a list with one table per statement
 * (the user's first, then by rank): its attributes, statement (its id),
 * rank and document (none for the user's).  kbidx is absolute. */
static void push_sources(lua_State *L, int kbidx, medkb *kb, int64_t relation) {
  lcursor *cur = lmedkb_newcursor(L, kbidx, 0);
  medkb_statement s;
  int rc, i = 0;
  if (medkb_statement_iter(kb, relation, &cur->c) != MEDKB_OK) lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_statement_next(cur->c, &s)) == MEDKB_OK) {
    lmedkb_pushattrs(L, kbidx, MEDKB_OWNER_STATEMENT, s.id);
    lua_pushinteger(L, (lua_Integer)s.id);
    lua_setfield(L, -2, "statement");
    lua_pushinteger(L, (lua_Integer)s.rank);
    lua_setfield(L, -2, "rank");
    if (s.doc) {
      lmedkb_pushdocument(L, kbidx, s.doc);
      lua_setfield(L, -2, "document");
    }
    lua_rawseti(L, -2, ++i);
  }
  lmedkb_closecursor(cur);
  if (rc != MEDKB_DONE) lmedkb_error(L, kb);
  lua_remove(L, -2);
}

/* Pushes the merged view of relation r: the attributes of its first
 * source, then id, type, rank (the best), documents (how many state it)
 * and sources (push_sources). */
static void push_relation(lua_State *L, int kbidx, medkb *kb, const medkb_relation *r) {
  push_sources(L, kbidx, kb, r->id);
  lua_newtable(L);
  if (lua_rawgeti(L, -2, 1) == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, -5);
    }
    lua_pushnil(L);
    lua_setfield(L, -3, "statement");
    lua_pushnil(L);
    lua_setfield(L, -3, "document");
  }
  lua_pop(L, 1);
  lua_insert(L, -2);
  lua_setfield(L, -2, "sources");
  lua_pushinteger(L, (lua_Integer)r->id);
  lua_setfield(L, -2, "id");
  lua_pushstring(L, r->type);
  lua_setfield(L, -2, "type");
  lua_pushinteger(L, (lua_Integer)r->rank);
  lua_setfield(L, -2, "rank");
  lua_pushinteger(L, (lua_Integer)r->documents);
  lua_setfield(L, -2, "documents");
}

/* Iterator step: yields the entity at the other end and the relation.
 * r.type points into the cursor's row, which stays while other
 * statements read the sources. */
static int iter_relations(lua_State *L) {
  lcursor *cur = lmedkb_checkcursor(L, 1);
  medkb_relation r;
  medkb *kb;
  int kbidx, rc = medkb_relation_next(cur->c, &r);
  lua_getiuservalue(L, 1, 1);
  kbidx = lua_gettop(L);
  kb = lmedkb_checkkb(L, kbidx);
  if (rc != MEDKB_OK) return lmedkb_cursor_end(L, cur, kb, rc);
  if (lmedkb_pushentity_id(L, kbidx, kb, cur->dir == MEDKB_OUT ? r.dst : r.src) != 1)
    return luaL_error(L, "%s", lua_tostring(L, -1));
  push_relation(L, kbidx, kb, &r);
  return 2;
}

static int relations(lua_State *L, medkb_direction dir) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  const char *type = luaL_optstring(L, 2, NULL);
  lcursor *cur;
  lua_getiuservalue(L, 1, 1);
  cur = lmedkb_newcursor(L, -1, dir);
  if (medkb_relation_iter(kb, e->id, type, dir, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, iter_relations);
}

/* for target, rel in entity:related([type]) -- outgoing: the relations
 * most documents state first, then by best rank */
static int entity_related(lua_State *L) {
  return relations(L, MEDKB_OUT);
}

/* for source, rel in entity:incoming([type]) -- incoming, in the same
 * order */
static int entity_incoming(lua_State *L) {
  return relations(L, MEDKB_IN);
}

/* for doc, link in entity:documents([type]) -- documents linking here */
static int entity_documents(lua_State *L) {
  medkb *kb;
  lentity *e = lmedkb_checkentity(L, 1, &kb);
  const char *type = luaL_optstring(L, 2, NULL);
  lcursor *cur;
  lua_getiuservalue(L, 1, 1);
  cur = lmedkb_newcursor(L, -1, MEDKB_IN);
  if (medkb_link_entity_iter(kb, e->id, type, MEDKB_IN, &cur->c) != MEDKB_OK)
    return lmedkb_error(L, kb);
  return lmedkb_iterate(L, lmedkb_iter_links);
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
  static const char *const fields[] = {"id", "kind", "name", "kb", "attrs", "aliases", NULL};
  lmedkb_newclass(L, ENTITY_MT, methods, meta);
  lmedkb_setfields(L, ENTITY_MT, fields);
}
