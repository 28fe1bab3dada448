/*
 * relation.c -- typed relations between entities (symptom -> cause,
 * cause -> drug, doctor -> hospital, any type a script defines) and the
 * statements of them.  A relation is a fact: a pair of entities has at
 * most one relation of each type.  Who holds the fact are its statements:
 * each document that states it, with that document's own rank (and
 * attributes, attr.c's owner MEDKB_OWNER_STATEMENT), or the user, who
 * states facts with no document.  A second source adds a statement and
 * never overwrites another's; a relation goes with its last statement
 * (the schema's statement_gc trigger).  Listing an entity's relations
 * merges the statements: most documents first, then best rank.  Depends
 * on store.c.
 */
#include "internal.h"

/* {=== SQL */

static const char *const sql_rel_find =
  "SELECT id FROM relation WHERE src = ?1 AND type = ?2 AND dst = ?3";
static const char *const sql_rel_insert =
  "INSERT INTO relation(src, type, dst) VALUES (?1, ?2, ?3)";
static const char *const sql_rel_delete =
  "DELETE FROM relation WHERE id = ?1";
static const char *const sql_rel_count =
  "SELECT count(*) FROM relation";

/* A relation with its statements merged: the best rank, and how many
 * documents state it. */
#define REL_MERGED(where, order)                                               \
  "SELECT r.id, r.src, r.dst, r.type, min(s.rank), count(s.doc_id)"            \
  " FROM relation r JOIN statement s ON s.relation_id = r.id"                  \
  " WHERE " where " GROUP BY r.id ORDER BY " order
static const char *const sql_rel_get =
  REL_MERGED("r.id = ?1", "r.id");
static const char *const sql_rel_out =
  REL_MERGED("r.src = ?1", "r.type, count(s.doc_id) DESC, min(s.rank), r.id");
static const char *const sql_rel_out_type =
  REL_MERGED("r.src = ?1 AND r.type = ?2", "count(s.doc_id) DESC, min(s.rank), r.id");
static const char *const sql_rel_in =
  REL_MERGED("r.dst = ?1", "r.type, count(s.doc_id) DESC, min(s.rank), r.id");
static const char *const sql_rel_in_type =
  REL_MERGED("r.dst = ?1 AND r.type = ?2", "count(s.doc_id) DESC, min(s.rank), r.id");

/* ?3 is the document, NULL for the user: `IS` matches both. */
static const char *const sql_stmt_find =
  "SELECT id FROM statement WHERE relation_id = ?1 AND doc_id IS ?2";
static const char *const sql_stmt_insert =
  "INSERT INTO statement(relation_id, doc_id, rank) VALUES (?1, ?2, ?3)";
static const char *const sql_stmt_update =
  "UPDATE statement SET rank = ?2 WHERE id = ?1";
/* What one source already states of a type from src, for appending. */
static const char *const sql_stmt_nextrank =
  "SELECT coalesce(max(s.rank), 0) + 1 FROM relation r"
  " JOIN statement s ON s.relation_id = r.id"
  " WHERE r.src = ?1 AND r.type = ?2 AND s.doc_id IS ?3";
static const char *const sql_stmt_delete =
  "DELETE FROM statement WHERE id = ?1";
static const char *const sql_stmt_clear =
  "DELETE FROM statement WHERE doc_id IS ?1";

#define STMT_SELECT                                                           \
  "SELECT s.id, s.relation_id, coalesce(s.doc_id, 0), r.src, r.dst, r.type, s.rank" \
  " FROM statement s JOIN relation r ON r.id = s.relation_id"
static const char *const sql_stmt_of_relation =
  STMT_SELECT " WHERE s.relation_id = ?1 ORDER BY s.doc_id IS NOT NULL, s.rank, s.doc_id";
static const char *const sql_stmt_of_doc =
  STMT_SELECT " WHERE s.doc_id IS ?1 ORDER BY s.id";
static const char *const sql_stmt_of_doc_type =
  STMT_SELECT " WHERE s.doc_id IS ?1 AND r.type = ?2 ORDER BY s.id";

/* {=== helpers */

/* Binds document doc (0: the user, NULL) to parameter i. */
static void bind_doc(sqlite3_stmt *st, int i, int64_t doc) {
  if (doc) sqlite3_bind_int64(st, i, doc);
  else sqlite3_bind_null(st, i);
}

/* Runs a one-row, one-integer query with parameters (a, text b, doc c),
 * the first nargs of them bound: MEDKB_OK with *out, MEDKB_NOTFOUND
 * without a row, or an error. */
static int query_int(medkb *kb, int slot, const char *sql, int64_t a, const char *b,
                     int64_t c, int nargs, int64_t *out) {
  sqlite3_stmt *st = stmt_acquire(kb, slot, sql);
  if (st == NULL) return kb->errcode;
  if (nargs >= 1) sqlite3_bind_int64(st, 1, a);
  if (nargs >= 2) sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
  if (nargs >= 3) bind_doc(st, 3, c);
  return stmt_step_int(kb, slot, st, out, "reading relations");
}

/* The id of relation (src, type, dst), made if there is none (*made
 * says so). */
static int relation_ensure(medkb *kb, int64_t src, const char *type, int64_t dst,
                           int64_t *id, int *made) {
  sqlite3_stmt *st;
  int rc;
  *made = 0;
  if ((st = stmt_acquire(kb, ST_REL_FIND, sql_rel_find)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, src);
  sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, dst);
  rc = stmt_step_int(kb, ST_REL_FIND, st, id, "reading relations");
  if (rc != MEDKB_NOTFOUND) return rc;
  if ((st = stmt_acquire(kb, ST_REL_INSERT, sql_rel_insert)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, src);
  sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, dst);
  rc = stmt_step_done(kb, ST_REL_INSERT, st, "adding a relation");
  if (rc == MEDKB_CONSTRAINT)
    return kb_error(kb, rc, "cannot relate entity %lld to %lld: no such entity",
                    (long long)src, (long long)dst);
  if (rc == MEDKB_OK) {
    *id = sqlite3_last_insert_rowid(kb->db);
    *made = 1;
  }
  return rc;
}

/* {=== statements */

int medkb_statement_add(medkb *kb, int64_t doc, int64_t src, const char *type, int64_t dst,
                        const int64_t *rank, int64_t *relation, int64_t *statement) {
  sqlite3_stmt *st;
  int64_t rel, sid, r;
  int rc, made;
  if (check_name(kb, "relation type", type)) return kb->errcode;
  if ((rc = relation_ensure(kb, src, type, dst, &rel, &made)) != MEDKB_OK) return rc;
  if (relation) *relation = rel;
  if ((st = stmt_acquire(kb, ST_STMT_FIND, sql_stmt_find)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, rel);
  bind_doc(st, 2, doc);
  rc = stmt_step_int(kb, ST_STMT_FIND, st, &sid, "reading statements");
  if (rc == MEDKB_OK) {
    if (statement) *statement = sid;
    if (rank == NULL) return MEDKB_OK;
    if ((st = stmt_acquire(kb, ST_STMT_UPDATE, sql_stmt_update)) == NULL) return kb->errcode;
    sqlite3_bind_int64(st, 1, sid);
    sqlite3_bind_int64(st, 2, *rank);
    return stmt_step_done(kb, ST_STMT_UPDATE, st, "updating a statement");
  }
  if (rc != MEDKB_NOTFOUND) return rc;
  if (rank) {
    r = *rank;
  } else if ((rc = query_int(kb, ST_STMT_NEXTRANK, sql_stmt_nextrank, src, type, doc, 3, &r))) {
    return rc;
  }
  if ((st = stmt_acquire(kb, ST_STMT_INSERT, sql_stmt_insert)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, rel);
  bind_doc(st, 2, doc);
  sqlite3_bind_int64(st, 3, r);
  rc = stmt_step_done(kb, ST_STMT_INSERT, st, "adding a statement");
  if (rc == MEDKB_OK) {
    if (statement) *statement = sqlite3_last_insert_rowid(kb->db);
    return rc;
  }
  if (rc == MEDKB_CONSTRAINT)
    kb_error(kb, rc, "cannot state a relation in document %lld: no such document",
             (long long)doc);
  /* a relation no one states is not kept: undo the one just made (the
   * message stays, a delete that works sets none) */
  if (made) medkb_relation_delete(kb, rel);
  return rc;
}

int medkb_statement_delete(medkb *kb, int64_t id) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_STMT_DELETE, sql_stmt_delete);
  int rc;
  if (st == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, id);
  rc = stmt_step_done(kb, ST_STMT_DELETE, st, "deleting a statement");
  if (rc == MEDKB_OK && sqlite3_changes(kb->db) == 0)
    return kb_error(kb, MEDKB_NOTFOUND, "no statement with id %lld", (long long)id);
  return rc;
}

int medkb_statement_clear(medkb *kb, int64_t doc) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_STMT_CLEAR, sql_stmt_clear);
  if (st == NULL) return kb->errcode;
  bind_doc(st, 1, doc);
  return stmt_step_done(kb, ST_STMT_CLEAR, st, "clearing statements");
}

int medkb_statement_iter(medkb *kb, int64_t relation, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc = cursor_open(kb, ST_STMT_OF_REL, sql_stmt_of_relation, CUR_STATEMENT, out, &st);
  if (rc == MEDKB_OK) sqlite3_bind_int64(st, 1, relation);
  return rc;
}

int medkb_statement_doc_iter(medkb *kb, int64_t doc, const char *type, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc = type ? cursor_open(kb, ST_STMT_OF_DOC_TYPE, sql_stmt_of_doc_type, CUR_STATEMENT,
                              out, &st)
                : cursor_open(kb, ST_STMT_OF_DOC, sql_stmt_of_doc, CUR_STATEMENT, out, &st);
  if (rc == MEDKB_OK) {
    bind_doc(st, 1, doc);
    if (type) sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
  }
  return rc;
}

int medkb_statement_next(medkb_cursor *c, medkb_statement *out) {
  int rc = cursor_step(c, CUR_STATEMENT);
  if (rc != MEDKB_OK) return rc;
  out->id = sqlite3_column_int64(c->st, 0);
  out->relation = sqlite3_column_int64(c->st, 1);
  out->doc = sqlite3_column_int64(c->st, 2);
  out->src = sqlite3_column_int64(c->st, 3);
  out->dst = sqlite3_column_int64(c->st, 4);
  out->type = (const char *)sqlite3_column_text(c->st, 5);
  out->rank = sqlite3_column_int64(c->st, 6);
  return MEDKB_OK;
}

/* {=== relations */

int medkb_relation_add(medkb *kb, int64_t src, const char *type, int64_t dst,
                       const int64_t *rank, int64_t *id) {
  return medkb_statement_add(kb, 0, src, type, dst, rank, id, NULL);
}

static void read_relation(sqlite3_stmt *st, medkb_relation *out) {
  out->id = sqlite3_column_int64(st, 0);
  out->src = sqlite3_column_int64(st, 1);
  out->dst = sqlite3_column_int64(st, 2);
  out->type = (const char *)sqlite3_column_text(st, 3);
  out->rank = sqlite3_column_int64(st, 4);
  out->documents = sqlite3_column_int64(st, 5);
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
