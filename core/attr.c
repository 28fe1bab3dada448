/*
 * attr.c -- attributes: flat key/value pairs on entities, relations and
 * documents (a doctor's title and hospital, a relation's explanation text).
 * Values are integers, reals, text or booleans; booleans are stored as
 * integers with a flag so they come back as booleans.  Depends on store.c.
 */
#include "internal.h"

static const char *const sql_attr_set =
  "INSERT INTO attr(owner, owner_id, key, value, is_bool) VALUES (?1, ?2, ?3, ?4, ?5)"
  " ON CONFLICT (owner, owner_id, key) DO UPDATE"
  " SET value = excluded.value, is_bool = excluded.is_bool";
static const char *const sql_attr_del =
  "DELETE FROM attr WHERE owner = ?1 AND owner_id = ?2 AND key = ?3";
static const char *const sql_attr_get =
  "SELECT value, is_bool FROM attr WHERE owner = ?1 AND owner_id = ?2 AND key = ?3";
static const char *const sql_attr_clear =
  "DELETE FROM attr WHERE owner = ?1 AND owner_id = ?2";
static const char *const sql_attr_iter =
  "SELECT key, value, is_bool FROM attr WHERE owner = ?1 AND owner_id = ?2 ORDER BY key";

static int check_owner(medkb *kb, medkb_owner owner) {
  if (owner != MEDKB_OWNER_ENTITY && owner != MEDKB_OWNER_STATEMENT &&
      owner != MEDKB_OWNER_DOCUMENT)
    return kb_error(kb, MEDKB_INVALID, "unknown attribute owner %d", (int)owner);
  return MEDKB_OK;
}

/* Reads column col of st (with the boolean flag in col + 1) into *out. */
static void read_value(sqlite3_stmt *st, int col, medkb_value *out) {
  out->i = 0;
  out->d = 0;
  out->s = NULL;
  out->len = 0;
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
      out->i = sqlite3_column_int64(st, col);
      out->type = sqlite3_column_int(st, col + 1) ? MEDKB_BOOL : MEDKB_INT;
      break;
    case SQLITE_FLOAT:
      out->type = MEDKB_REAL;
      out->d = sqlite3_column_double(st, col);
      break;
    case SQLITE_NULL:
      out->type = MEDKB_NULL;
      break;
    default:
      out->type = MEDKB_TEXT;
      out->s = (const char *)sqlite3_column_text(st, col);
      out->len = (size_t)sqlite3_column_bytes(st, col);
      break;
  }
}

int medkb_attr_set(medkb *kb, medkb_owner owner, int64_t id, const char *key,
                   const medkb_value *v) {
  sqlite3_stmt *st;
  int del = v == NULL || v->type == MEDKB_NULL;
  int slot = del ? ST_ATTR_DEL : ST_ATTR_SET;
  if (check_owner(kb, owner) || check_name(kb, "attribute name", key)) return kb->errcode;
  if ((st = stmt_acquire(kb, slot, del ? sql_attr_del : sql_attr_set)) == NULL)
    return kb->errcode;
  sqlite3_bind_int(st, 1, (int)owner);
  sqlite3_bind_int64(st, 2, id);
  sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
  if (!del) {
    switch (v->type) {
      case MEDKB_INT: sqlite3_bind_int64(st, 4, v->i); break;
      case MEDKB_BOOL: sqlite3_bind_int64(st, 4, v->i != 0); break;
      case MEDKB_REAL: sqlite3_bind_double(st, 4, v->d); break;
      default: sqlite3_bind_text64(st, 4, v->s, v->len, SQLITE_STATIC, SQLITE_UTF8); break;
    }
    sqlite3_bind_int(st, 5, v->type == MEDKB_BOOL);
  }
  return stmt_step_done(kb, slot, st, "setting an attribute");
}

/* On success the text of a MEDKB_TEXT value is in scratch slot 3. */
int medkb_attr_get(medkb *kb, medkb_owner owner, int64_t id, const char *key,
                   medkb_value *out) {
  sqlite3_stmt *st;
  int rc;
  if (check_owner(kb, owner)) return kb->errcode;
  if ((st = stmt_acquire(kb, ST_ATTR_GET, sql_attr_get)) == NULL) return kb->errcode;
  sqlite3_bind_int(st, 1, (int)owner);
  sqlite3_bind_int64(st, 2, id);
  sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    read_value(st, 0, out);
    if (out->type == MEDKB_TEXT)
      out->s = scratch_copy(kb, 3, (const unsigned char *)out->s, (int)out->len);
    rc = MEDKB_OK;
  } else if (rc == SQLITE_DONE) {
    rc = kb_error(kb, MEDKB_NOTFOUND, "no attribute '%s'", key);
  } else {
    rc = kb_sqlite_error(kb, "reading an attribute");
  }
  stmt_release(kb, ST_ATTR_GET, st);
  return rc;
}

int medkb_attr_clear(medkb *kb, medkb_owner owner, int64_t id) {
  sqlite3_stmt *st;
  if (check_owner(kb, owner)) return kb->errcode;
  if ((st = stmt_acquire(kb, ST_ATTR_CLEAR, sql_attr_clear)) == NULL) return kb->errcode;
  sqlite3_bind_int(st, 1, (int)owner);
  sqlite3_bind_int64(st, 2, id);
  return stmt_step_done(kb, ST_ATTR_CLEAR, st, "clearing attributes");
}

int medkb_attr_iter(medkb *kb, medkb_owner owner, int64_t id, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc;
  *out = NULL;
  if (check_owner(kb, owner)) return kb->errcode;
  rc = cursor_open(kb, ST_ATTR_ITER, sql_attr_iter, CUR_ATTR, out, &st);
  if (rc == MEDKB_OK) {
    sqlite3_bind_int(st, 1, (int)owner);
    sqlite3_bind_int64(st, 2, id);
  }
  return rc;
}

int medkb_attr_next(medkb_cursor *c, const char **key, medkb_value *out) {
  int rc = cursor_step(c, CUR_ATTR);
  if (rc != MEDKB_OK) return rc;
  *key = (const char *)sqlite3_column_text(c->st, 0);
  read_value(c->st, 1, out);
  return MEDKB_OK;
}
