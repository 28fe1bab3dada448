/*
 * entity.c -- entity kinds, entities and their aliases.  An entity is named
 * uniquely within its kind; an alias is another name for exactly one entity
 * of that kind, and no alias may shadow an entity's own name.  Every lookup
 * by name also tries the aliases.  Depends on store.c.
 */
#include <string.h>

#include "internal.h"

/* {=== kinds */

static const char *const sql_kind_add =
  "INSERT INTO kind(name) VALUES (?1) ON CONFLICT DO NOTHING";
static const char *const sql_kind_exists =
  "SELECT 1 FROM kind WHERE name = ?1";
static const char *const sql_kind_iter =
  "SELECT k.name, (SELECT count(*) FROM entity e WHERE e.kind = k.name)"
  " FROM kind k ORDER BY k.name";

int medkb_kind_add(medkb *kb, const char *kind) {
  sqlite3_stmt *st;
  const char *p;
  if (check_name(kb, "kind", kind)) return kb->errcode;
  for (p = kind; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (*p >= '0' && *p <= '9')))
      return kb_error(kb, MEDKB_INVALID,
                      "kind '%s' must be lowercase letters, digits and '_'", kind);
  if ((st = stmt_acquire(kb, ST_KIND_ADD, sql_kind_add)) == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  return stmt_step_done(kb, ST_KIND_ADD, st, "adding a kind");
}

int medkb_kind_exists(medkb *kb, const char *kind) {
  sqlite3_stmt *st;
  int rc;
  if ((st = stmt_acquire(kb, ST_KIND_EXISTS, sql_kind_exists)) == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  stmt_release(kb, ST_KIND_EXISTS, st);
  if (rc == SQLITE_ROW) return MEDKB_OK;
  if (rc == SQLITE_DONE) return kb_error(kb, MEDKB_NOTFOUND, "unknown kind '%s'", kind);
  return kb_sqlite_error(kb, "looking up a kind");
}

int medkb_kind_iter(medkb *kb, medkb_cursor **out) {
  sqlite3_stmt *st;
  return cursor_open(kb, ST_KIND_ITER, sql_kind_iter, CUR_KIND, out, &st);
}

int medkb_kind_next(medkb_cursor *c, const char **kind, int64_t *count) {
  int rc = cursor_step(c, CUR_KIND);
  if (rc != MEDKB_OK) return rc;
  *kind = (const char *)sqlite3_column_text(c->st, 0);
  *count = sqlite3_column_int64(c->st, 1);
  return MEDKB_OK;
}

/* {=== entities */

static const char *const sql_entity_find =
  "SELECT id FROM entity WHERE kind = ?1 AND name = ?2";
/* Inserts unless the name is taken, as a name or as an alias; the foreign
 * key on kind refuses unknown kinds.  One statement for the common case
 * of a new entity. */
static const char *const sql_entity_insert =
  "INSERT INTO entity(kind, name) SELECT ?1, ?2"
  " WHERE NOT EXISTS (SELECT 1 FROM alias WHERE kind = ?1 AND alias = ?2)"
  " ON CONFLICT (kind, name) DO NOTHING";
/* by name first, then by alias */
static const char *const sql_entity_get =
  "SELECT id, name FROM entity WHERE kind = ?1 AND name = ?2"
  " UNION ALL "
  "SELECT e.id, e.name FROM alias a JOIN entity e ON e.id = a.entity_id"
  " WHERE a.kind = ?1 AND a.alias = ?2"
  " LIMIT 1";
static const char *const sql_entity_by_id =
  "SELECT id, kind, name FROM entity WHERE id = ?1";
static const char *const sql_entity_rename =
  "UPDATE entity SET name = ?2 WHERE id = ?1";
static const char *const sql_entity_delete =
  "DELETE FROM entity WHERE id = ?1";
static const char *const sql_entity_count =
  "SELECT count(*) FROM entity WHERE kind = ?1";
static const char *const sql_entity_count_all =
  "SELECT count(*) FROM entity";
static const char *const sql_entity_iter =
  "SELECT id, kind, name FROM entity WHERE kind = ?1 ORDER BY id";
static const char *const sql_entity_iter_all =
  "SELECT id, kind, name FROM entity ORDER BY kind, id";
static const char *const sql_alias_find =
  "SELECT e.kind, e.name FROM alias a JOIN entity e ON e.id = a.entity_id"
  " WHERE a.kind = ?1 AND a.alias = ?2";

/* Fills *out from the scratch copies of kind and name. */
static int fill_entity(medkb *kb, medkb_entity *out, int64_t id,
                       const unsigned char *kind, const unsigned char *name) {
  out->id = id;
  out->kind = scratch_copy(kb, 0, kind, -1);
  out->name = scratch_copy(kb, 1, name, -1);
  if (out->kind == NULL || out->name == NULL)
    return kb_error(kb, MEDKB_NOMEM, "out of memory");
  return MEDKB_OK;
}

/* Looks up the entity that owns alias in kind: MEDKB_OK with its name in
 * scratch slot 1, MEDKB_NOTFOUND, or an error. */
static int alias_owner(medkb *kb, const char *kind, const char *alias, const char **owner) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_ALIAS_FIND, sql_alias_find);
  int rc;
  if (st == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, alias, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *owner = scratch_copy(kb, 1, sqlite3_column_text(st, 1), -1);
  stmt_release(kb, ST_ALIAS_FIND, st);
  if (rc == SQLITE_ROW) return MEDKB_OK;
  if (rc == SQLITE_DONE) return MEDKB_NOTFOUND;
  return kb_sqlite_error(kb, "looking up an alias");
}

/* MEDKB_OK if name is no alias in kind; MEDKB_CONSTRAINT, naming the
 * entity it belongs to, if it is one; or an error. */
static int not_an_alias(medkb *kb, const char *kind, const char *name) {
  const char *owner;
  int rc = alias_owner(kb, kind, name, &owner);
  if (rc == MEDKB_OK)
    return kb_error(kb, MEDKB_CONSTRAINT, "%s '%s' is already an alias of %s '%s'",
                    kind, name, kind, owner);
  return rc == MEDKB_NOTFOUND ? MEDKB_OK : rc;
}

/* Finds the id of the entity named exactly name (aliases not tried). */
static int entity_find(medkb *kb, const char *kind, const char *name, int64_t *id) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_ENTITY_FIND, sql_entity_find);
  if (st == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  return stmt_step_int(kb, ST_ENTITY_FIND, st, id, "looking up an entity");
}

int medkb_entity_put(medkb *kb, const char *kind, const char *name, int64_t *id) {
  sqlite3_stmt *st;
  int rc, ext;
  if (check_name(kb, "kind", kind) || check_name(kb, "entity name", name)) return kb->errcode;
  if ((st = stmt_acquire(kb, ST_ENTITY_INSERT, sql_entity_insert)) == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  ext = sqlite3_extended_errcode(kb->db);
  stmt_release(kb, ST_ENTITY_INSERT, st);
  if (rc != SQLITE_DONE) {
    if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
      return kb_error(kb, MEDKB_INVALID, "unknown kind '%s'", kind);
    return kb_sqlite_error(kb, "adding an entity");
  }
  if (sqlite3_changes(kb->db) == 1) {
    *id = sqlite3_last_insert_rowid(kb->db);
    return MEDKB_OK;
  }
  /* nothing inserted: the entity exists, or the name is an alias */
  rc = entity_find(kb, kind, name, id);
  if (rc != MEDKB_NOTFOUND) return rc;
  rc = not_an_alias(kb, kind, name);
  return rc == MEDKB_OK ? kb_error(kb, MEDKB_ERROR, "entity not added") : rc;
}

int medkb_entity_get(medkb *kb, const char *kind, const char *name, medkb_entity *out) {
  sqlite3_stmt *st;
  int rc;
  if (kind == NULL || name == NULL)
    return kb_error(kb, MEDKB_INVALID, "kind and name are required");
  if ((st = stmt_acquire(kb, ST_ENTITY_GET, sql_entity_get)) == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    rc = fill_entity(kb, out, sqlite3_column_int64(st, 0), (const unsigned char *)kind,
                     sqlite3_column_text(st, 1));
  else if (rc == SQLITE_DONE)
    rc = kb_error(kb, MEDKB_NOTFOUND, "no %s named '%s'", kind, name);
  else
    rc = kb_sqlite_error(kb, "looking up an entity");
  stmt_release(kb, ST_ENTITY_GET, st);
  return rc;
}

int medkb_alias_resolve(medkb *kb, const char *kind, const char *alias, medkb_entity *out) {
  return medkb_entity_get(kb, kind, alias, out);
}

int medkb_entity_by_id(medkb *kb, int64_t id, medkb_entity *out) {
  sqlite3_stmt *st;
  int rc;
  if ((st = stmt_acquire(kb, ST_ENTITY_BY_ID, sql_entity_by_id)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    rc = fill_entity(kb, out, id, sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
  else if (rc == SQLITE_DONE)
    rc = kb_error(kb, MEDKB_NOTFOUND, "no entity with id %lld", (long long)id);
  else
    rc = kb_sqlite_error(kb, "looking up an entity");
  stmt_release(kb, ST_ENTITY_BY_ID, st);
  return rc;
}

int medkb_entity_rename(medkb *kb, int64_t id, const char *name) {
  medkb_entity e;
  const char *kind;
  sqlite3_stmt *st;
  int rc;
  if (check_name(kb, "entity name", name)) return kb->errcode;
  if ((rc = medkb_entity_by_id(kb, id, &e)) != MEDKB_OK) return rc;
  kind = e.kind;  /* scratch slot 0: alias_owner only writes slot 1 */
  if ((rc = not_an_alias(kb, kind, name)) != MEDKB_OK) return rc;
  if ((st = stmt_acquire(kb, ST_ENTITY_RENAME, sql_entity_rename)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  rc = stmt_step_done(kb, ST_ENTITY_RENAME, st, "renaming an entity");
  if (rc == MEDKB_CONSTRAINT)
    return kb_error(kb, rc, "there is already a %s named '%s'", kind, name);
  return rc;
}

int medkb_entity_delete(medkb *kb, int64_t id) {
  sqlite3_stmt *st;
  int rc;
  if ((st = stmt_acquire(kb, ST_ENTITY_DELETE, sql_entity_delete)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, id);
  rc = stmt_step_done(kb, ST_ENTITY_DELETE, st, "deleting an entity");
  if (rc == MEDKB_OK && sqlite3_changes(kb->db) == 0)
    return kb_error(kb, MEDKB_NOTFOUND, "no entity with id %lld", (long long)id);
  return rc;
}

int medkb_entity_count(medkb *kb, const char *kind, int64_t *count) {
  int slot = kind ? ST_ENTITY_COUNT : ST_ENTITY_COUNT_ALL;
  sqlite3_stmt *st = stmt_acquire(kb, slot, kind ? sql_entity_count : sql_entity_count_all);
  if (st == NULL) return kb->errcode;
  if (kind) sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  return stmt_step_int(kb, slot, st, count, "counting entities");
}

int medkb_entity_iter(medkb *kb, const char *kind, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc = kind ? cursor_open(kb, ST_ENTITY_ITER, sql_entity_iter, CUR_ENTITY, out, &st)
                : cursor_open(kb, ST_ENTITY_ITER_ALL, sql_entity_iter_all, CUR_ENTITY, out, &st);
  if (rc == MEDKB_OK && kind) sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
  return rc;
}

int medkb_entity_next(medkb_cursor *c, medkb_entity *out) {
  int rc = cursor_step(c, CUR_ENTITY);
  if (rc != MEDKB_OK) return rc;
  out->id = sqlite3_column_int64(c->st, 0);
  out->kind = (const char *)sqlite3_column_text(c->st, 1);
  out->name = (const char *)sqlite3_column_text(c->st, 2);
  return MEDKB_OK;
}

/* {=== listing */

/* The entities of a kind whose name or an alias falls in [?2, ?3): the
 * names starting with a prefix.  An entity found by its name shows no
 * alias. */
static const char *const sql_entity_list =
  "SELECT e.id, e.kind, e.name,"
  "  CASE WHEN max(m.alias IS NULL) THEN NULL ELSE min(m.alias) END,"
  "  (SELECT count(*) FROM alias WHERE entity_id = e.id),"
  "  (SELECT count(*) FROM relation WHERE src = e.id)"
  "  + (SELECT count(*) FROM relation WHERE dst = e.id)"
  " FROM (SELECT id, NULL AS alias FROM entity WHERE kind = ?1 AND name >= ?2 AND name < ?3"
  "       UNION ALL"
  "       SELECT entity_id, alias FROM alias WHERE kind = ?1 AND alias >= ?2 AND alias < ?3) m"
  " JOIN entity e ON e.id = m.id"
  " GROUP BY e.id ORDER BY e.name";

int medkb_entity_list(medkb *kb, const char *kind, const char *prefix, medkb_cursor **out) {
  sqlite3_stmt *st;
  size_t n;
  int rc;
  *out = NULL;
  if (check_name(kb, "kind", kind)) return kb->errcode;
  if (prefix == NULL) prefix = "";
  n = strlen(prefix);
  rc = cursor_open(kb, ST_ENTITY_LIST, sql_entity_list, CUR_ENTITY_INFO, out, &st);
  if (rc != MEDKB_OK) return rc;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, prefix, (int)n, SQLITE_TRANSIENT);
  /* every text starting with prefix sorts below prefix .. 0xFF, a byte
   * that UTF-8 never holds */
  {
    char *upper = sqlite3_malloc64(n + 1);
    if (upper == NULL) {
      medkb_cursor_close(*out);
      *out = NULL;
      return kb_error(kb, MEDKB_NOMEM, "out of memory");
    }
    memcpy(upper, prefix, n);
    upper[n] = '\xFF';
    sqlite3_bind_text(st, 3, upper, (int)n + 1, sqlite3_free);
  }
  return MEDKB_OK;
}

int medkb_entity_list_next(medkb_cursor *c, medkb_entity_info *out) {
  int rc = cursor_step(c, CUR_ENTITY_INFO);
  if (rc != MEDKB_OK) return rc;
  out->id = sqlite3_column_int64(c->st, 0);
  out->kind = (const char *)sqlite3_column_text(c->st, 1);
  out->name = (const char *)sqlite3_column_text(c->st, 2);
  out->alias = (const char *)sqlite3_column_text(c->st, 3);
  out->aliases = sqlite3_column_int64(c->st, 4);
  out->relations = sqlite3_column_int64(c->st, 5);
  return MEDKB_OK;
}

/* {=== aliases */

static const char *const sql_alias_add =
  "INSERT INTO alias(kind, alias, entity_id, type) VALUES (?1, ?2, ?3, ?4)"
  " ON CONFLICT (kind, alias) DO UPDATE SET type = excluded.type"
  " WHERE entity_id = excluded.entity_id";
static const char *const sql_alias_remove =
  "DELETE FROM alias WHERE kind = ?1 AND alias = ?2";
static const char *const sql_alias_iter =
  "SELECT alias, type FROM alias WHERE entity_id = ?1 ORDER BY id";

int medkb_alias_add(medkb *kb, int64_t entity, const char *alias, const char *type) {
  medkb_entity e;
  const char *kind, *name, *owner;
  int64_t other;
  sqlite3_stmt *st;
  int rc;
  if (check_name(kb, "alias", alias)) return kb->errcode;
  if (type && strcmp(type, "standard") != 0 && strcmp(type, "colloquial") != 0)
    return kb_error(kb, MEDKB_INVALID,
                    "alias type '%s' must be 'standard' or 'colloquial'", type);
  if ((rc = medkb_entity_by_id(kb, entity, &e)) != MEDKB_OK) return rc;
  /* kind stays in scratch slot 0; alias_owner overwrites slot 1 */
  kind = e.kind;
  name = scratch_copy(kb, 2, (const unsigned char *)e.name, -1);
  if (name == NULL) return kb_error(kb, MEDKB_NOMEM, "out of memory");
  if (strcmp(name, alias) == 0)
    return kb_error(kb, MEDKB_INVALID, "'%s' is already the name of %s '%s'",
                    alias, kind, name);
  rc = entity_find(kb, kind, alias, &other);
  if (rc == MEDKB_OK)
    return kb_error(kb, MEDKB_CONSTRAINT,
                    "alias '%s' for %s '%s' is the name of another %s", alias, kind,
                    name, kind);
  if (rc != MEDKB_NOTFOUND) return rc;
  rc = alias_owner(kb, kind, alias, &owner);
  if (rc == MEDKB_OK && strcmp(owner, name) != 0)
    return kb_error(kb, MEDKB_CONSTRAINT, "alias '%s' already belongs to %s '%s'",
                    alias, kind, owner);
  if (rc != MEDKB_OK && rc != MEDKB_NOTFOUND) return rc;
  if ((st = stmt_acquire(kb, ST_ALIAS_ADD, sql_alias_add)) == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, alias, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, entity);
  if (type) sqlite3_bind_text(st, 4, type, -1, SQLITE_STATIC);
  return stmt_step_done(kb, ST_ALIAS_ADD, st, "adding an alias");
}

int medkb_alias_remove(medkb *kb, const char *kind, const char *alias) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_ALIAS_REMOVE, sql_alias_remove);
  int rc;
  if (st == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, alias, -1, SQLITE_STATIC);
  rc = stmt_step_done(kb, ST_ALIAS_REMOVE, st, "removing an alias");
  if (rc == MEDKB_OK && sqlite3_changes(kb->db) == 0)
    return kb_error(kb, MEDKB_NOTFOUND, "no %s alias '%s'", kind, alias);
  return rc;
}

int medkb_alias_iter(medkb *kb, int64_t entity, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc = cursor_open(kb, ST_ALIAS_ITER, sql_alias_iter, CUR_ALIAS, out, &st);
  if (rc == MEDKB_OK) sqlite3_bind_int64(st, 1, entity);
  return rc;
}

int medkb_alias_next(medkb_cursor *c, const char **alias, const char **type) {
  int rc = cursor_step(c, CUR_ALIAS);
  if (rc != MEDKB_OK) return rc;
  *alias = (const char *)sqlite3_column_text(c->st, 0);
  *type = (const char *)sqlite3_column_text(c->st, 1);
  return MEDKB_OK;
}
