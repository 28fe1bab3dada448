/*
 * document.c -- documents (articles, questions, answers) with their parts
 * (summary, sections, advice, disclaimer), counts (views, replies) and
 * links: to the entities they are about or mention, and to other documents
 * (answer -> question, article -> related article).  A document put with a
 * key is updated in place when put again.  Depends on store.c.
 */
#include <string.h>
#include <time.h>

#include "internal.h"

/* {=== documents */

/* Keys are found through the (kind, key_hash) index; comparing the key
 * too tells a match from a hash collision. */
static const char *const sql_doc_find =
  "SELECT id, kind, key, title, body, source, imported_at FROM document"
  " WHERE kind = ?1 AND key_hash = ?3 AND key = ?2";
/* One statement for a new document; a keyed one that exists is left for
 * the update below. */
static const char *const sql_doc_insert =
  "INSERT INTO document(kind, key, key_hash, title, body, source, imported_at)"
  " VALUES (?1, ?2, ?7, ?3, ?4, ?5, ?6) ON CONFLICT (kind, key_hash) DO NOTHING";
/* Only a change of content touches the row, so putting the same document
 * again -- from another file, say -- keeps its source and import time. */
static const char *const sql_doc_update =
  "UPDATE document SET title = ?2, body = ?3, source = ?4, imported_at = ?5"
  " WHERE id = ?1 AND (title IS NOT ?2 OR body IS NOT ?3)";
static const char *const sql_doc_get =
  "SELECT id, kind, key, title, body, source, imported_at FROM document WHERE id = ?1";
static const char *const sql_doc_delete =
  "DELETE FROM document WHERE id = ?1";
static const char *const sql_doc_count =
  "SELECT count(*) FROM document WHERE kind = ?1";
static const char *const sql_doc_count_all =
  "SELECT count(*) FROM document";
/* +kind: scan the table in id order, streaming, rather than take the rows
 * from the key index and sort them all first */
static const char *const sql_doc_iter =
  "SELECT id, kind, key, title, body, source, imported_at FROM document"
  " WHERE +kind = ?1 ORDER BY id";
static const char *const sql_doc_iter_all =
  "SELECT id, kind, key, title, body, source, imported_at FROM document ORDER BY id";
static const char *const sql_doc_titled =
  "SELECT id, kind, key, title, body, source, imported_at FROM document WHERE title = ?1"
  " ORDER BY id";

static const char *const document_kinds[] = {"article", "question", "answer", NULL};

const char *const *medkb_document_kinds(void) {
  return document_kinds;
}

static int check_doc_kind(medkb *kb, const char *kind) {
  char known[64] = "";
  int i;
  for (i = 0; kind && document_kinds[i]; i++)
    if (strcmp(kind, document_kinds[i]) == 0) return MEDKB_OK;
  for (i = 0; document_kinds[i]; i++) {
    if (i > 0) strcat(known, ", ");
    strcat(known, document_kinds[i]);
  }
  return kb_error(kb, MEDKB_INVALID, "unknown document kind '%s' (%s)",
                  kind ? kind : "(null)", known);
}

static void read_document(sqlite3_stmt *st, medkb_document *out) {
  out->id = sqlite3_column_int64(st, 0);
  out->kind = (const char *)sqlite3_column_text(st, 1);
  out->key = (const char *)sqlite3_column_text(st, 2);
  out->title = (const char *)sqlite3_column_text(st, 3);
  out->body = (const char *)sqlite3_column_text(st, 4);
  out->source = (const char *)sqlite3_column_text(st, 5);
  out->imported_at = sqlite3_column_int64(st, 6);
}

/* Steps a statement expected to yield one document, copies it to scratch
 * and releases the statement. */
static int one_document(medkb *kb, int slot, sqlite3_stmt *st, medkb_document *out,
                        const char *missing) {
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    read_document(st, out);
    out->kind = scratch_copy(kb, 0, (const unsigned char *)out->kind, -1);
    out->key = scratch_copy(kb, 1, (const unsigned char *)out->key, -1);
    out->title = scratch_copy(kb, 2, (const unsigned char *)out->title, -1);
    out->body = scratch_copy(kb, 3, (const unsigned char *)out->body, -1);
    out->source = scratch_copy(kb, 4, (const unsigned char *)out->source, -1);
    rc = out->title && out->body ? MEDKB_OK : kb_error(kb, MEDKB_NOMEM, "out of memory");
  } else if (rc == SQLITE_DONE) {
    rc = kb_error(kb, MEDKB_NOTFOUND, "%s", missing);
  } else {
    rc = kb_sqlite_error(kb, "reading a document");
  }
  stmt_release(kb, slot, st);
  return rc;
}

int medkb_document_put(medkb *kb, const medkb_document *doc, int64_t *id, int *created) {
  sqlite3_stmt *st;
  medkb_document old;
  int64_t when = doc->imported_at ? doc->imported_at : (int64_t)time(NULL);
  int rc;
  if (check_doc_kind(kb, doc->kind)) return kb->errcode;
  if (doc->key && doc->key[0] == '\0')
    return kb_error(kb, MEDKB_INVALID, "document key must not be empty");
  if ((st = stmt_acquire(kb, ST_DOC_INSERT, sql_doc_insert)) == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, doc->kind, -1, SQLITE_STATIC);
  if (doc->key) {
    size_t len = strlen(doc->key);
    sqlite3_bind_text(st, 2, doc->key, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, key_hash(doc->key, len));
  }
  sqlite3_bind_text(st, 3, doc->title ? doc->title : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, doc->body ? doc->body : "", -1, SQLITE_STATIC);
  if (doc->source) sqlite3_bind_text(st, 5, doc->source, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 6, when);
  rc = stmt_step_done(kb, ST_DOC_INSERT, st, "adding a document");
  if (rc != MEDKB_OK) return rc;
  if (sqlite3_changes(kb->db) == 1) {
    *id = sqlite3_last_insert_rowid(kb->db);
    if (created) *created = 1;
    return MEDKB_OK;
  }
  /* the key is taken: update that document */
  rc = medkb_document_find(kb, doc->kind, doc->key, &old);
  if (rc == MEDKB_NOTFOUND)
    return kb_error(kb, MEDKB_CONSTRAINT, "document key '%s' has the same hash as the key"
                    " of another %s; choose another key", doc->key, doc->kind);
  if (rc != MEDKB_OK) return rc;
  *id = old.id;
  if (created) *created = 0;
  if ((st = stmt_acquire(kb, ST_DOC_UPDATE, sql_doc_update)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, old.id);
  sqlite3_bind_text(st, 2, doc->title ? doc->title : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, doc->body ? doc->body : "", -1, SQLITE_STATIC);
  if (doc->source) sqlite3_bind_text(st, 4, doc->source, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, when);
  return stmt_step_done(kb, ST_DOC_UPDATE, st, "updating a document");
}

int medkb_document_get(medkb *kb, int64_t id, medkb_document *out) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_DOC_GET, sql_doc_get);
  if (st == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, id);
  return one_document(kb, ST_DOC_GET, st, out, "no document with that id");
}

int medkb_document_find(medkb *kb, const char *kind, const char *key, medkb_document *out) {
  sqlite3_stmt *st;
  if (check_doc_kind(kb, kind) || check_name(kb, "document key", key)) return kb->errcode;
  if ((st = stmt_acquire(kb, ST_DOC_FIND, sql_doc_find)) == NULL) return kb->errcode;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, key_hash(key, strlen(key)));
  return one_document(kb, ST_DOC_FIND, st, out, "no document with that key");
}

int medkb_document_delete(medkb *kb, int64_t id) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_DOC_DELETE, sql_doc_delete);
  int rc;
  if (st == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, id);
  rc = stmt_step_done(kb, ST_DOC_DELETE, st, "deleting a document");
  if (rc == MEDKB_OK && sqlite3_changes(kb->db) == 0)
    return kb_error(kb, MEDKB_NOTFOUND, "no document with id %lld", (long long)id);
  return rc;
}

int medkb_document_count(medkb *kb, const char *kind, int64_t *count) {
  int slot = kind ? ST_DOC_COUNT : ST_DOC_COUNT_ALL;
  sqlite3_stmt *st = stmt_acquire(kb, slot, kind ? sql_doc_count : sql_doc_count_all);
  if (st == NULL) return kb->errcode;
  if (kind) sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  return stmt_step_int(kb, slot, st, count, "counting documents");
}

int medkb_document_iter(medkb *kb, const char *kind, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc;
  *out = NULL;
  if (kind && check_doc_kind(kb, kind)) return kb->errcode;
  rc = kind ? cursor_open(kb, ST_DOC_ITER, sql_doc_iter, CUR_DOCUMENT, out, &st)
            : cursor_open(kb, ST_DOC_ITER_ALL, sql_doc_iter_all, CUR_DOCUMENT, out, &st);
  if (rc == MEDKB_OK && kind) sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
  return rc;
}

int medkb_document_titled(medkb *kb, const char *title, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc;
  *out = NULL;
  if (check_name(kb, "title", title)) return kb->errcode;
  rc = cursor_open(kb, ST_DOC_TITLED, sql_doc_titled, CUR_DOCUMENT, out, &st);
  if (rc == MEDKB_OK) sqlite3_bind_text(st, 1, title, -1, SQLITE_TRANSIENT);
  return rc;
}

int medkb_document_next(medkb_cursor *c, medkb_document *out) {
  int rc = cursor_step(c, CUR_DOCUMENT);
  if (rc == MEDKB_OK) read_document(c->st, out);
  return rc;
}

/* {=== parts */

static const char *const sql_part_set =
  "INSERT INTO part(doc_id, seq, name, title, text) VALUES (?1, ?2, ?3, ?4, ?5)"
  " ON CONFLICT (doc_id, seq) DO UPDATE"
  " SET name = excluded.name, title = excluded.title, text = excluded.text";
static const char *const sql_part_clear =
  "DELETE FROM part WHERE doc_id = ?1";
static const char *const sql_part_iter =
  "SELECT seq, name, title, text FROM part WHERE doc_id = ?1 ORDER BY seq";

int medkb_part_set(medkb *kb, int64_t doc, const medkb_part *part) {
  sqlite3_stmt *st;
  int rc;
  if (check_name(kb, "part name", part->name)) return kb->errcode;
  if ((st = stmt_acquire(kb, ST_PART_SET, sql_part_set)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, doc);
  sqlite3_bind_int64(st, 2, part->seq);
  sqlite3_bind_text(st, 3, part->name, -1, SQLITE_STATIC);
  if (part->title) sqlite3_bind_text(st, 4, part->title, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, part->text ? part->text : "", -1, SQLITE_STATIC);
  rc = stmt_step_done(kb, ST_PART_SET, st, "setting a document part");
  if (rc == MEDKB_CONSTRAINT)
    return kb_error(kb, rc, "no document with id %lld", (long long)doc);
  return rc;
}

int medkb_part_clear(medkb *kb, int64_t doc) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_PART_CLEAR, sql_part_clear);
  if (st == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, doc);
  return stmt_step_done(kb, ST_PART_CLEAR, st, "clearing document parts");
}

int medkb_part_iter(medkb *kb, int64_t doc, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc = cursor_open(kb, ST_PART_ITER, sql_part_iter, CUR_PART, out, &st);
  if (rc == MEDKB_OK) sqlite3_bind_int64(st, 1, doc);
  return rc;
}

int medkb_part_next(medkb_cursor *c, medkb_part *out) {
  int rc = cursor_step(c, CUR_PART);
  if (rc != MEDKB_OK) return rc;
  out->seq = sqlite3_column_int64(c->st, 0);
  out->name = (const char *)sqlite3_column_text(c->st, 1);
  out->title = (const char *)sqlite3_column_text(c->st, 2);
  out->text = (const char *)sqlite3_column_text(c->st, 3);
  return MEDKB_OK;
}

/* {=== counts */

static const char *const sql_count_set =
  "INSERT INTO count(doc_id, name, value) VALUES (?1, ?2, ?3)"
  " ON CONFLICT (doc_id, name) DO UPDATE SET value = excluded.value";
static const char *const sql_count_get =
  "SELECT value FROM count WHERE doc_id = ?1 AND name = ?2";
static const char *const sql_count_iter =
  "SELECT name, value FROM count WHERE doc_id = ?1 ORDER BY name";

int medkb_count_set(medkb *kb, int64_t doc, const char *name, int64_t value) {
  sqlite3_stmt *st;
  int rc;
  if (check_name(kb, "count name", name)) return kb->errcode;
  if ((st = stmt_acquire(kb, ST_COUNT_SET, sql_count_set)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, doc);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, value);
  rc = stmt_step_done(kb, ST_COUNT_SET, st, "setting a count");
  if (rc == MEDKB_CONSTRAINT)
    return kb_error(kb, rc, "no document with id %lld", (long long)doc);
  return rc;
}

int medkb_count_get(medkb *kb, int64_t doc, const char *name, int64_t *value) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_COUNT_GET, sql_count_get);
  int rc;
  if (st == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, doc);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  rc = stmt_step_int(kb, ST_COUNT_GET, st, value, "reading a count");
  if (rc == MEDKB_NOTFOUND) return kb_error(kb, rc, "no count '%s'", name);
  return rc;
}

int medkb_count_iter(medkb *kb, int64_t doc, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc = cursor_open(kb, ST_COUNT_ITER, sql_count_iter, CUR_COUNT, out, &st);
  if (rc == MEDKB_OK) sqlite3_bind_int64(st, 1, doc);
  return rc;
}

int medkb_count_next(medkb_cursor *c, const char **name, int64_t *value) {
  int rc = cursor_step(c, CUR_COUNT);
  if (rc != MEDKB_OK) return rc;
  *name = (const char *)sqlite3_column_text(c->st, 0);
  *value = sqlite3_column_int64(c->st, 1);
  return MEDKB_OK;
}

/* {=== links */

/* A NULL rank appends a new link and leaves an existing one where it is. */
static const char *const sql_linke_add =
  "INSERT INTO doc_entity(doc_id, type, entity_id, rank) VALUES (?1, ?2, ?3,"
  " coalesce(?4, (SELECT coalesce(max(rank), 0) + 1 FROM doc_entity"
  "               WHERE doc_id = ?1 AND type = ?2)))"
  " ON CONFLICT (doc_id, type, entity_id) DO UPDATE SET rank = coalesce(?4, rank)";
static const char *const sql_linkd_add =
  "INSERT INTO doc_document(doc_id, type, other_id, rank) VALUES (?1, ?2, ?3,"
  " coalesce(?4, (SELECT coalesce(max(rank), 0) + 1 FROM doc_document"
  "               WHERE doc_id = ?1 AND type = ?2)))"
  " ON CONFLICT (doc_id, type, other_id) DO UPDATE SET rank = coalesce(?4, rank)";
static const char *const sql_linke_clear =
  "DELETE FROM doc_entity WHERE doc_id = ?1";
static const char *const sql_linkd_clear =
  "DELETE FROM doc_document WHERE doc_id = ?1";

#define LINK_SELECT(table, col) \
  "SELECT doc_id, " col ", type, rank FROM " table
static const char *const sql_linke_out =
  LINK_SELECT("doc_entity", "entity_id") " WHERE doc_id = ?1 ORDER BY type, rank";
static const char *const sql_linke_out_type =
  LINK_SELECT("doc_entity", "entity_id") " WHERE doc_id = ?1 AND type = ?2 ORDER BY rank";
static const char *const sql_linke_in =
  LINK_SELECT("doc_entity", "entity_id") " WHERE entity_id = ?1 ORDER BY type, doc_id";
static const char *const sql_linke_in_type =
  LINK_SELECT("doc_entity", "entity_id") " WHERE entity_id = ?1 AND type = ?2 ORDER BY doc_id";
static const char *const sql_linkd_out =
  LINK_SELECT("doc_document", "other_id") " WHERE doc_id = ?1 ORDER BY type, rank";
static const char *const sql_linkd_out_type =
  LINK_SELECT("doc_document", "other_id") " WHERE doc_id = ?1 AND type = ?2 ORDER BY rank";
static const char *const sql_linkd_in =
  LINK_SELECT("doc_document", "other_id") " WHERE other_id = ?1 ORDER BY type, doc_id";
static const char *const sql_linkd_in_type =
  LINK_SELECT("doc_document", "other_id") " WHERE other_id = ?1 AND type = ?2 ORDER BY doc_id";

static int link_add(medkb *kb, int slot, const char *sql, int64_t doc, const char *type,
                    int64_t target, const int64_t *rank) {
  sqlite3_stmt *st;
  int rc;
  if (check_name(kb, "link type", type)) return kb->errcode;
  if ((st = stmt_acquire(kb, slot, sql)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, doc);
  sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, target);
  if (rank) sqlite3_bind_int64(st, 4, *rank);
  rc = stmt_step_done(kb, slot, st, "adding a link");
  if (rc == MEDKB_CONSTRAINT)
    return kb_error(kb, rc, "cannot link document %lld to %lld: no such %s",
                    (long long)doc, (long long)target,
                    slot == ST_LINKE_ADD ? "document or entity" : "document");
  return rc;
}

int medkb_link_entity(medkb *kb, int64_t doc, const char *type, int64_t entity,
                      const int64_t *rank) {
  return link_add(kb, ST_LINKE_ADD, sql_linke_add, doc, type, entity, rank);
}

int medkb_link_document(medkb *kb, int64_t doc, const char *type, int64_t other,
                        const int64_t *rank) {
  return link_add(kb, ST_LINKD_ADD, sql_linkd_add, doc, type, other, rank);
}

int medkb_link_clear(medkb *kb, int64_t doc) {
  sqlite3_stmt *st;
  int rc;
  if ((st = stmt_acquire(kb, ST_LINKE_CLEAR, sql_linke_clear)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, doc);
  if ((rc = stmt_step_done(kb, ST_LINKE_CLEAR, st, "clearing links"))) return rc;
  if ((st = stmt_acquire(kb, ST_LINKD_CLEAR, sql_linkd_clear)) == NULL) return kb->errcode;
  sqlite3_bind_int64(st, 1, doc);
  return stmt_step_done(kb, ST_LINKD_CLEAR, st, "clearing links");
}

/* Opens a link cursor; slots come in (out, out_type, in, in_type) order. */
static int link_iter(medkb *kb, int first_slot, const char *const sqls[4], int64_t id,
                     const char *type, medkb_direction dir, medkb_cursor **out) {
  int k = (dir == MEDKB_IN ? 2 : 0) + (type != NULL);
  sqlite3_stmt *st;
  int rc = cursor_open(kb, first_slot + k, sqls[k], CUR_LINK, out, &st);
  if (rc == MEDKB_OK) {
    sqlite3_bind_int64(st, 1, id);
    if (type) sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
  }
  return rc;
}

int medkb_link_entity_iter(medkb *kb, int64_t id, const char *type, medkb_direction dir,
                           medkb_cursor **out) {
  const char *const texts[4] = {
    sql_linke_out, sql_linke_out_type, sql_linke_in, sql_linke_in_type};
  return link_iter(kb, ST_LINKE_OUT, texts, id, type, dir, out);
}

int medkb_link_document_iter(medkb *kb, int64_t id, const char *type, medkb_direction dir,
                             medkb_cursor **out) {
  const char *const texts[4] = {
    sql_linkd_out, sql_linkd_out_type, sql_linkd_in, sql_linkd_in_type};
  return link_iter(kb, ST_LINKD_OUT, texts, id, type, dir, out);
}

int medkb_link_next(medkb_cursor *c, medkb_link *out) {
  int rc = cursor_step(c, CUR_LINK);
  if (rc != MEDKB_OK) return rc;
  out->doc = sqlite3_column_int64(c->st, 0);
  out->target = sqlite3_column_int64(c->st, 1);
  out->type = (const char *)sqlite3_column_text(c->st, 2);
  out->rank = sqlite3_column_int64(c->st, 3);
  return MEDKB_OK;
}
