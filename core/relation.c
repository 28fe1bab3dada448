/*
 * relation.c -- typed, ranked relations between entities: symptom -> cause,
 * cause -> drug, doctor -> hospital, and any type a script defines.  A pair
 * of entities has at most one relation of each type; ranks order the
 * relations of one type from one entity.  Depends on store.c.
 */
#include "internal.h"

static const char *const sql_rel_find =
  "SELECT id FROM relation WHERE src = ?1 AND type = ?2 AND dst = ?3";
static const char *const sql_rel_insert =
  "INSERT INTO relation(src, type, dst, rank) VALUES (?1, ?2, ?3, ?4)";
static const char *const sql_rel_update =
  "UPDATE relation SET rank = ?2 WHERE id = ?1";
static const char *const sql_rel_nextrank =
  "SELECT coalesce(max(rank), 0) + 1 FROM relation WHERE src = ?1 AND type = ?2";
static const char *const sql_rel_get =
  "SELECT id, src, dst, type, rank FROM relation WHERE id = ?1";
static const char *const sql_rel_delete =
  "DELETE FROM relation WHERE id = ?1";
static const char *const sql_rel_count =
  "SELECT count(*) FROM relation";
static const char *const sql_rel_out =
  "SELECT id, src, dst, type, rank FROM relation WHERE src = ?1 ORDER BY type, rank, id";
static const char *const sql_rel_out_type =
  "SELECT id, src, dst, type, rank FROM relation WHERE src = ?1 AND type = ?2"
  " ORDER BY rank, id";
static const char *const sql_rel_in =
  "SELECT id, src, dst, type, rank FROM relation WHERE dst = ?1 ORDER BY type, rank, id";
static const char *const sql_rel_in_type =
  "SELECT id, src, dst, type, rank FROM relation WHERE dst = ?1 AND type = ?2"
  " ORDER BY rank, id";

/* Runs a one-row, one-integer query whose first nargs parameters are
 * bound to (a, text b, c): MEDKB_OK with *out, MEDKB_NOTFOUND without a
 * row, or an error. */
static int query_int(medkb *kb, int slot, const char *sql, int64_t a, const char *b,
                     int64_t c, int nargs, int64_t *out) {
  sqlite3_stmt *st = stmt_acquire(kb, slot, sql);
  if (st == NULL) return kb->errcode;
  if (nargs >= 1) sqlite3_bind_int64(st, 1, a);
  if (nargs >= 2) sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
  if (nargs >= 3) sqlite3_bind_int64(st, 3, c);
  return stmt_step_int(kb, slot, st, out, "reading relations");
}

int medkb_relation_add(medkb *kb, int64_t src, const char *type, int64_t dst,
                       const int64_t *rank, int64_t *id) {
  sqlite3_stmt *st;
  int64_t r;
  int rc;
  if (check_name(kb, "relation type", type)) return kb->errcode;
  rc = query_int(kb, ST_REL_FIND, sql_rel_find, src, type, dst, 3, id);
  if (rc == MEDKB_OK) {
    if (rank == NULL) return MEDKB_OK;
    if ((st = stmt_acquire(kb, ST_REL_UPDATE, sql_rel_update)) == NULL) return kb->errcode;
    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_int64(st, 2, *rank);
    return stmt_step_done(kb, ST_REL_UPDATE, st, "updating a relation");
  }
  if (rc != MEDKB_NOTFOUND) return rc;
  if (rank) {
    r = *rank;
  } else if ((rc = query_int(kb, ST_REL_NEXTRANK, sql_rel_nextrank, src, type, 0, 2, &r))) {
    return rc;
  }
  if ((st = stmt_acquire(kb, ST_REL_INSERT, sql_rel_insert)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, src);
  sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, dst);
  sqlite3_bind_int64(st, 4, r);
  rc = stmt_step_done(kb, ST_REL_INSERT, st, "adding a relation");
  if (rc == MEDKB_CONSTRAINT)
    return kb_error(kb, rc, "cannot relate entity %lld to %lld: no such entity",
                    (long long)src, (long long)dst);
  if (rc == MEDKB_OK) *id = sqlite3_last_insert_rowid(kb->db);
  return rc;
}

static void read_relation(sqlite3_stmt *st, medkb_relation *out) {
  out->id = sqlite3_column_int64(st, 0);
  out->src = sqlite3_column_int64(st, 1);
  out->dst = sqlite3_column_int64(st, 2);
  out->type = (const char *)sqlite3_column_text(st, 3);
  out->rank = sqlite3_column_int64(st, 4);
}

int medkb_relation_get(medkb *kb, int64_t id, medkb_relation *out) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_REL_GET, sql_rel_get);
  int rc;
  if (st == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    read_relation(st, out);
    out->type = scratch_copy(kb, 4, (const unsigned char *)out->type, -1);
    rc = MEDKB_OK;
  } else if (rc == SQLITE_DONE) {
    rc = kb_error(kb, MEDKB_NOTFOUND, "no relation with id %lld", (long long)id);
  } else {
    rc = kb_sqlite_error(kb, "reading a relation");
  }
  stmt_release(kb, ST_REL_GET, st);
  return rc;
}

int medkb_relation_delete(medkb *kb, int64_t id) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_REL_DELETE, sql_rel_delete);
  int rc;
  if (st == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, id);
  rc = stmt_step_done(kb, ST_REL_DELETE, st, "deleting a relation");
  if (rc == MEDKB_OK && sqlite3_changes(kb->db) == 0)
    return kb_error(kb, MEDKB_NOTFOUND, "no relation with id %lld", (long long)id);
  return rc;
}

int medkb_relation_count(medkb *kb, int64_t *count) {
  return query_int(kb, ST_REL_COUNT, sql_rel_count, 0, NULL, 0, 0, count);
}

int medkb_relation_iter(medkb *kb, int64_t entity, const char *type,
                        medkb_direction dir, medkb_cursor **out) {
  sqlite3_stmt *st;
  int slot, rc;
  const char *sql;
  if (dir == MEDKB_OUT) {
    slot = type ? ST_REL_OUT_TYPE : ST_REL_OUT;
    sql = type ? sql_rel_out_type : sql_rel_out;
  } else {
    slot = type ? ST_REL_IN_TYPE : ST_REL_IN;
    sql = type ? sql_rel_in_type : sql_rel_in;
  }
  rc = cursor_open(kb, slot, sql, CUR_RELATION, out, &st);
  if (rc == MEDKB_OK) {
    sqlite3_bind_int64(st, 1, entity);
    if (type) sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
  }
  return rc;
}

int medkb_relation_next(medkb_cursor *c, medkb_relation *out) {
  int rc = cursor_step(c, CUR_RELATION);
  if (rc == MEDKB_OK) read_relation(c->st, out);
  return rc;
}
