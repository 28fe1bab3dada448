/*
 * lua_document.c -- the medkb.Document userdata: an article, question or
 * answer.  Fields (title, body, parts, counts, attrs) are read from the
 * knowledge base on access; links go to entities (what the document is
 * about or mentions, who answered) and to other documents (the question an
 * answer answers, related articles); statements are the relations the
 * document states, in its own order.  Calls only lua_shared.c below it.
 * Depends on Lua 5.4 and the medkb C API.
 */
#include <string.h>

#include "lua_medkb.h"

/* {=== reading */

/* Reads the document row; raises if it has been deleted. */
static void load(lua_State *L, medkb *kb, int64_t id, medkb_document *out) {
  if (medkb_document_get(kb, id, out) != MEDKB_OK) lmedkb_error(L, kb);
}

static void push_parts(lua_State *L, int kbidx, medkb *kb, int64_t id) {
  lcursor *cur = lmedkb_newcursor(L, kbidx, 0);
  medkb_part p;
  int rc, i = 0;
  if (medkb_part_iter(kb, id, &cur->c) != MEDKB_OK) lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_part_next(cur->c, &p)) == MEDKB_OK) {
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, (lua_Integer)p.seq);
    lua_setfield(L, -2, "seq");
    lua_pushstring(L, p.name);
    lua_setfield(L, -2, "name");
    if (p.title) {
      lua_pushstring(L, p.title);
      lua_setfield(L, -2, "title");
    }
    lua_pushstring(L, p.text);
    lua_setfield(L, -2, "text");
    lua_rawseti(L, -2, ++i);
  }
  lmedkb_closecursor(cur);
  if (rc != MEDKB_DONE) lmedkb_error(L, kb);
  lua_remove(L, -2);
}

static void push_counts(lua_State *L, int kbidx, medkb *kb, int64_t id) {
  lcursor *cur = lmedkb_newcursor(L, kbidx, 0);
  const char *name;
  int64_t value;
  int rc;
  if (medkb_count_iter(kb, id, &cur->c) != MEDKB_OK) lmedkb_error(L, kb);
  lua_newtable(L);
  while ((rc = medkb_count_next(cur->c, &name, &value)) == MEDKB_OK) {
    lua_pushinteger(L, (lua_Integer)value);
    lua_setfield(L, -2, name);
  }
  lmedkb_closecursor(cur);
  if (rc != MEDKB_DONE) lmedkb_error(L, kb);
  lua_remove(L, -2);
}

/* The fields a document offers: its id, its row (FIRST_ROW to LAST_ROW,
 * in the order of medkb_document), and what other tables hold. */
static const char *const fields[] = {"id", "kind", "key", "title", "body", "source",
                                     "imported_at", "parts", "counts", "attrs", "kb", NULL};
enum { FIRST_ROW = 1, LAST_ROW = 6 };

/* Index in fields of the row field key, or -1. */
static int row_field(const char *key) {
  int i;
  for (i = FIRST_ROW; i <= LAST_ROW; i++)
    if (strcmp(key, fields[i]) == 0) return i;
  return -1;
}

/* Pushes row field i of doc (nil for a missing key or source). */
static void push_row_field(lua_State *L, const medkb_document *doc, int i) {
  switch (i) {
    case 1: lua_pushstring(L, doc->kind); break;
    case 2: lua_pushstring(L, doc->key); break;
    case 3: lua_pushstring(L, doc->title); break;
    case 4: lua_pushstring(L, doc->body); break;
    case 5: lua_pushstring(L, doc->source); break;
    default: lua_pushinteger(L, (lua_Integer)doc->imported_at); break;
  }
}

/* {=== metamethods */

static int document_index(lua_State *L) {
  ldocument *d = luaL_checkudata(L, 1, DOCUMENT_MT);
  const char *key = luaL_checkstring(L, 2);
  medkb_document doc;
  medkb *kb;
  int field, kbidx;
  if (lua_getfield(L, lua_upvalueindex(1), key) != LUA_TNIL) return 1;
  if (strcmp(key, "id") == 0) {
    lua_pushinteger(L, (lua_Integer)d->id);
    return 1;
  }
  lua_getiuservalue(L, 1, 1);
  kbidx = lua_gettop(L);
  if (strcmp(key, "kb") == 0) return 1;
  kb = lmedkb_checkkb(L, kbidx);
  if (strcmp(key, "parts") == 0) {
    push_parts(L, kbidx, kb, d->id);
  } else if (strcmp(key, "counts") == 0) {
    push_counts(L, kbidx, kb, d->id);
  } else if (strcmp(key, "attrs") == 0) {
    lmedkb_pushattrs(L, kbidx, MEDKB_OWNER_DOCUMENT, d->id);
  } else if ((field = row_field(key)) >= 0) {
    load(L, kb, d->id, &doc);
    push_row_field(L, &doc, field);
  } else {
    lua_pushnil(L);
  }
  return 1;
}

static int document_newindex(lua_State *L) {
  luaL_checkudata(L, 1, DOCUMENT_MT);
  return luaL_error(L, "cannot set field '%s' of a document (use kb:put_document or set)",
                    luaL_checkstring(L, 2));
}

static int document_tostring(lua_State *L) {
  ldocument *d = luaL_checkudata(L, 1, DOCUMENT_MT);
  medkb_document doc;
  lkb *k;
  lua_getiuservalue(L, 1, 1);
  k = luaL_checkudata(L, -1, KB_MT);
  if (k->kb == NULL || medkb_document_get(k->kb, d->id, &doc) != MEDKB_OK)
    lua_pushfstring(L, "medkb.Document %d", (int)d->id);
  else
    lua_pushfstring(L, "medkb.Document %s \"%s\"", doc.kind, doc.title);
  return 1;
}

static int document_eq(lua_State *L) {
  ldocument *a = luaL_checkudata(L, 1, DOCUMENT_MT);
  ldocument *b = luaL_checkudata(L, 2, DOCUMENT_MT);
  lua_getiuservalue(L, 1, 1);
  lua_getiuservalue(L, 2, 1);
  lua_pushboolean(L, a->id == b->id && lua_rawequal(L, -1, -2));
  return 1;
}

/* {=== methods */

/* doc:fields() -> {id =, kind =, key =, title =, body =, source =,
 * imported_at =}: the whole row from one read, for code that wants more
 * than one field (each doc.title, doc.body ... reads the row again). */
static int document_fields(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  medkb_document doc;
  int i;
  load(L, kb, d->id, &doc);
  lua_createtable(L, 0, 7);
  lua_pushinteger(L, (lua_Integer)d->id);
  lua_setfield(L, -2, "id");
  for (i = FIRST_ROW; i <= LAST_ROW; i++) {
    push_row_field(L, &doc, i);
    lua_setfield(L, -2, fields[i]);
  }
  return 1;
}

/* doc:_set_part(seq, name, title, text) */
static int document_set_part(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  medkb_part p;
  p.seq = luaL_checkinteger(L, 2);
  p.name = luaL_checkstring(L, 3);
  p.title = luaL_optstring(L, 4, NULL);
  p.text = luaL_checkstring(L, 5);
  if (medkb_part_set(kb, d->id, &p) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

static int document_clear_parts(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  if (medkb_part_clear(kb, d->id) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

/* doc:set_count(name, value) -> doc */
static int document_set_count(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  const char *name = luaL_checkstring(L, 2);
  if (medkb_count_set(kb, d->id, name, luaL_checkinteger(L, 3)) != MEDKB_OK)
    return lmedkb_error(L, kb);
  lua_settop(L, 1);
  return 1;
}

/* doc:count(name) -> value, or nil and a message */
static int document_count(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  int64_t v;
  int rc = medkb_count_get(kb, d->id, luaL_checkstring(L, 2), &v);
  if (rc == MEDKB_NOTFOUND) return lmedkb_miss(L, kb);
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}

/* doc:set(key, value) or doc:set{...} -> doc; a table is set whole or
 * not at all */
static int document_set(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  medkb_value v;
  int atomic;
  if (lua_istable(L, 2)) {
    lmedkb_checkattrs(L, 2, NULL);
    atomic = lmedkb_hasattrs(L, 2, NULL);
    lmedkb_writes_begin(L, kb, atomic);
    lmedkb_writes_end(L, kb, atomic,
                      lmedkb_setattrs(L, kb, MEDKB_OWNER_DOCUMENT, d->id, 2, NULL));
  } else {
    const char *key = luaL_checkstring(L, 2);
    if (!lmedkb_isvalue(L, 3))
      return luaL_error(L, "bad attribute '%s' (string, number or boolean expected, got %s)",
                        key, luaL_typename(L, 3));
    lmedkb_tovalue(L, 3, &v);
    if (medkb_attr_set(kb, MEDKB_OWNER_DOCUMENT, d->id, key, &v) != MEDKB_OK)
      return lmedkb_error(L, kb);
  }
  lua_settop(L, 1);
  return 1;
}

/* doc:link(type, target [, rank]) -> doc; target an Entity or a Document
 * of the same knowledge base */
static int document_link(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  const char *type = luaL_checkstring(L, 2);
  int64_t rank = (int64_t)luaL_optinteger(L, 4, 0);
  const int64_t *prank = lua_isnoneornil(L, 4) ? NULL : &rank;
  int rc, kbidx;
  lua_getiuservalue(L, 1, 1);
  kbidx = lua_gettop(L);
  if (luaL_testudata(L, 3, ENTITY_MT)) {
    lentity *e = lmedkb_checkentity_in(L, 3, kbidx);
    rc = medkb_link_entity(kb, d->id, type, e->id, prank);
  } else if (luaL_testudata(L, 3, DOCUMENT_MT)) {
    ldocument *o = lmedkb_checkdocument_in(L, 3, kbidx);
    rc = medkb_link_document(kb, d->id, type, o->id, prank);
  } else {
    return luaL_typeerror(L, 3, "medkb.Entity or medkb.Document");
  }
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  lua_settop(L, 1);
  return 1;
}

static int document_clear_links(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  if (medkb_link_clear(kb, d->id) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

static int document_delete(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  if (medkb_document_delete(kb, d->id) != MEDKB_OK) return lmedkb_error(L, kb);
  lua_getiuservalue(L, 1, 1);
  lua_pushnil(L);
  lmedkb_cache_set(L, lua_absindex(L, -2), CACHE_DOCUMENT, d->id);
  return 0;
}

static int links(lua_State *L, int entities, medkb_direction dir) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  const char *type = luaL_optstring(L, 2, NULL);
  lcursor *cur;
  int rc;
  lua_getiuservalue(L, 1, 1);
  cur = lmedkb_newcursor(L, -1, (int)dir + (entities ? 2 : 0));
  rc = entities ? medkb_link_entity_iter(kb, d->id, type, dir, &cur->c)
                : medkb_link_document_iter(kb, d->id, type, dir, &cur->c);
  if (rc != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, lmedkb_iter_links);
}

/* for entity, link in doc:entities([type]) */
static int document_entities(lua_State *L) {
  return links(L, 1, MEDKB_OUT);
}

/* for other, link in doc:linked([type]) -- documents this one links to */
static int document_linked(lua_State *L) {
  return links(L, 0, MEDKB_OUT);
}

/* for other, link in doc:referrers([type]) -- documents linking here */
static int document_referrers(lua_State *L) {
  return links(L, 0, MEDKB_IN);
}

/* for st in doc:statements([type]) -- the relations the document states,
 * in its own order: {src =, type =, dst =, rank =, ...attrs} */
static int document_statements(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  const char *type = luaL_optstring(L, 2, NULL);
  lcursor *cur;
  lua_getiuservalue(L, 1, 1);
  cur = lmedkb_newcursor(L, -1, 0);
  if (medkb_statement_doc_iter(kb, d->id, type, &cur->c) != MEDKB_OK) return lmedkb_error(L, kb);
  return lmedkb_iterate(L, lmedkb_iter_statements);
}

/* doc:_clear_statements(): takes back everything the document states */
static int document_clear_statements(lua_State *L) {
  medkb *kb;
  ldocument *d = lmedkb_checkdocument(L, 1, &kb);
  if (medkb_statement_clear(kb, d->id) != MEDKB_OK) return lmedkb_error(L, kb);
  return 0;
}

void lmedkb_open_document(lua_State *L) {
  static const luaL_Reg methods[] = {
    {"set", document_set},
    {"fields", document_fields},
    {"set_count", document_set_count},
    {"count", document_count},
    {"link", document_link},
    {"delete", document_delete},
    {"entities", document_entities},
    {"linked", document_linked},
    {"referrers", document_referrers},
    {"statements", document_statements},
    {"_clear_statements", document_clear_statements},
    {"_set_part", document_set_part},
    {"_clear_parts", document_clear_parts},
    {"_clear_links", document_clear_links},
    {NULL, NULL}
  };
  static const luaL_Reg meta[] = {
    {"__index", document_index},
    {"__newindex", document_newindex},
    {"__tostring", document_tostring},
    {"__eq", document_eq},
    {NULL, NULL}
  };
  lmedkb_newclass(L, DOCUMENT_MT, methods, meta);
  lmedkb_setfields(L, DOCUMENT_MT, fields);
}
