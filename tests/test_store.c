/*
 * test_store.c -- opening, schema versions, errors, transactions, the
 * statement cache and bulk loading (core/store.c, core/schema.c,
 * core/bulk.c).
 */
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fixture.h"
#include "internal.h"

static char tmpdir[64];

static int make_tmpdir(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/medkb-test-XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state) {
  char cmd[128];
  (void)state;
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static void new_memory_kb_has_current_schema(void **state) {
  medkb *kb = *state;
  int v = -1;
  OK(kb, medkb_schema_version(kb, &v));
  assert_int_equal(v, medkb_schema_current());
  assert_true(v >= 1);
  assert_int_equal(medkb_schema_found(kb), 0);
}

static void file_kb_survives_reopen_in_wal_mode(void **state) {
  char path[128];
  medkb *kb;
  int64_t id, n;
  sqlite3 *db;
  sqlite3_stmt *st;
  (void)state;
  snprintf(path, sizeof path, "%s/kb.db", tmpdir);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  id = put(kb, "symptom", "眼皮跳");
  medkb_close(kb);

  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  OK(kb, medkb_entity_count(kb, NULL, &n));
  assert_int_equal(n, 1);
  assert_int_equal(put(kb, "symptom", "眼皮跳"), id);
  medkb_close(kb);

  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

static void newer_schema_is_refused_with_versions_named(void **state) {
  char path[128];
  medkb *kb;
  sqlite3 *db;
  (void)state;
  snprintf(path, sizeof path, "%s/future.db", tmpdir);
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(medkb_open(path, &kb), MEDKB_SCHEMA);
  assert_non_null(strstr(medkb_errmsg(kb), "99"));
  assert_non_null(strstr(medkb_errmsg(kb), "future.db"));
  medkb_close(kb);
}

static void not_a_database_is_an_error_naming_the_file(void **state) {
  char path[128];
  FILE *f;
  medkb *kb;
  (void)state;
  snprintf(path, sizeof path, "%s/text.db", tmpdir);
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("this is not a database, just some text that is long enough to matter\n", f);
  fclose(f);
  assert_int_not_equal(medkb_open(path, &kb), MEDKB_OK);
  assert_non_null(strstr(medkb_errmsg(kb), "text.db"));
  medkb_close(kb);
}

static void missing_directory_is_an_error(void **state) {
  medkb *kb;
  (void)state;
  assert_int_equal(medkb_open("/nonexistent-dir/kb.db", &kb), MEDKB_IO);
  assert_non_null(strstr(medkb_errmsg(kb), "/nonexistent-dir/kb.db"));
  medkb_close(kb);
  assert_int_equal(medkb_open("", &kb), MEDKB_INVALID);
  medkb_close(kb);
}

/* Runs sql on the file at path, outside medkb. */
static void run_sql(const char *path, const char *sql) {
  sqlite3 *db;
  char *err = NULL;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) fail_msg("%s", err);
  sqlite3_close(db);
}

/* Turns the current file at path back into schema version 3 (relations
 * with a rank each, no statements), as the fixture that the command-line
 * tests use too says. */
static void to_v3(const char *path) {
  static char sql[8192];
  FILE *f = fopen("tests/fixtures/downgrade-to-v3.sql", "rb");
  size_t n;
  if (f == NULL) fail_msg("tests/fixtures/downgrade-to-v3.sql: cannot open (run from the top)");
  n = fread(sql, 1, sizeof sql - 1, f);
  fclose(f);
  sql[n] = '\0';
  run_sql(path, sql);
}

/* A version 3 file keeps every relation, its rank and its attributes:
 * each becomes the user's statement of it. */
static void relations_survive_the_statement_migration(void **state) {
  char path[128];
  medkb *kb;
  medkb_cursor *c;
  medkb_relation r;
  medkb_statement st;
  medkb_value v;
  int64_t s, a, b, n;
  (void)state;
  snprintf(path, sizeof path, "%s/v3.db", tmpdir);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  s = put(kb, "symptom", "小腿肌肉抖动");
  a = put(kb, "cause", "缺钙");
  b = put(kb, "cause", "疲劳");
  medkb_close(kb);
  to_v3(path);
  {
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO relation(id, src, type, dst, rank) VALUES (7, %lld, 'cause', %lld, 2),"
             " (9, %lld, 'cause', %lld, 1);"
             "INSERT INTO attr(owner, owner_id, key, value) VALUES (2, 7, 'text', '乳酸堆积');",
             (long long)s, (long long)b, (long long)s, (long long)a);
    run_sql(path, sql);
  }
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  assert_int_equal(medkb_schema_found(kb), 3);
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 2);
  OK(kb, medkb_relation_iter(kb, s, "cause", MEDKB_OUT, &c));
  OK(kb, medkb_relation_next(c, &r));
  assert_int_equal(r.dst, a);
  assert_int_equal(r.rank, 1);
  assert_int_equal(r.documents, 0);
  OK(kb, medkb_relation_next(c, &r));
  assert_int_equal(r.id, 7);
  assert_int_equal(r.rank, 2);
  medkb_cursor_close(c);
  OK(kb, medkb_statement_iter(kb, 7, &c));
  OK(kb, medkb_statement_next(c, &st));
  assert_int_equal(st.doc, 0);
  assert_int_equal(st.rank, 2);
  OK(kb, medkb_attr_get(kb, MEDKB_OWNER_STATEMENT, st.id, "text", &v));
  assert_string_equal(v.s, "乳酸堆积");
  medkb_cursor_close(c);
  /* the user's statement is the only one: taking it back removes the fact */
  OK(kb, medkb_statement_clear(kb, 0));
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 0);
  medkb_close(kb);
}

/* Without MEDKB_OPEN_CREATE a missing file is a miss naming it, and
 * nothing is made. */
static void open_without_create_finds_no_file(void **state) {
  char path[128];
  medkb *kb;
  (void)state;
  snprintf(path, sizeof path, "%s/absent.db", tmpdir);
  assert_int_equal(medkb_open_with(path, 0, &kb), MEDKB_NOTFOUND);
  assert_non_null(strstr(medkb_errmsg(kb), "no knowledge base at"));
  assert_non_null(strstr(medkb_errmsg(kb), "absent.db"));
  medkb_close(kb);
  assert_int_equal(medkb_open_with(path, MEDKB_OPEN_READONLY, &kb), MEDKB_NOTFOUND);
  medkb_close(kb);
  assert_int_equal(access(path, F_OK), -1);
}

/* A read-only handle reads, and a write to it is a storage error that
 * names the database. */
static void readonly_handle_reads_and_refuses_writes(void **state) {
  char path[128];
  medkb *kb;
  int64_t id, n;
  (void)state;
  snprintf(path, sizeof path, "%s/ro.db", tmpdir);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  put(kb, "symptom", "眼皮跳");
  medkb_close(kb);
  assert_int_equal(medkb_open_with(path, MEDKB_OPEN_READONLY, &kb), MEDKB_OK);
  assert_true(medkb_readonly(kb));
  assert_string_equal(medkb_path(kb), path);
  OK(kb, medkb_entity_count(kb, NULL, &n));
  assert_int_equal(n, 1);
  assert_int_equal(medkb_entity_put(kb, "symptom", "耳鸣", &id), MEDKB_READONLY);
  assert_true(medkb_is_storage_error(MEDKB_READONLY));
  assert_non_null(strstr(medkb_errmsg(kb), path));
  medkb_close(kb);
}

/* A full disk and a lock held by another process are storage errors too,
 * and their messages name the database; a lock's says who holds it, not
 * SQLite's "database is locked". */
static void full_and_locked_name_the_database(void **state) {
  char path[128];
  medkb *kb;
  sqlite3 *other;
  medkb_document d = { 0, "article", NULL, "长文", NULL, NULL, 0 };
  static char body[200000];
  int64_t id;
  int rc;
  (void)state;
  snprintf(path, sizeof path, "%s/full.db", tmpdir);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  memset(body, 'x', sizeof body - 1);
  d.body = body;
  /* SQLite's own cap on the file's size stands in for a full disk */
  assert_int_equal(sqlite3_exec(kb->db, "PRAGMA max_page_count = 40", NULL, NULL, NULL),
                   SQLITE_OK);
  rc = medkb_document_put(kb, &d, &id, NULL);
  assert_int_equal(rc, MEDKB_IO);
  assert_true(medkb_is_storage_error(rc));
  assert_non_null(strstr(medkb_errmsg(kb), path));
  assert_non_null(strstr(medkb_errmsg(kb), "full"));

  assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
  assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_busy_timeout(kb->db, 20);
  rc = medkb_begin(kb);
  assert_int_equal(rc, MEDKB_BUSY);
  assert_non_null(strstr(medkb_errmsg(kb), path));
  assert_non_null(strstr(medkb_errmsg(kb), "another import or writer"));
  assert_null(strstr(medkb_errmsg(kb), "locked"));
  sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(other);
  assert_false(medkb_is_storage_error(MEDKB_CONSTRAINT));
  medkb_close(kb);
}

/* A file made by the first schema version is migrated on open. */
static void old_schema_is_migrated(void **state) {
  char path[128];
  medkb *kb;
  sqlite3 *db;
  int v;
  int64_t id;
  (void)state;
  snprintf(path, sizeof path, "%s/v1.db", tmpdir);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  medkb_close(kb);
  to_v3(path);
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "DELETE FROM kind WHERE name = 'disease';"
                                    "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  OK(kb, medkb_schema_version(kb, &v));
  assert_int_equal(v, medkb_schema_current());
  OK(kb, medkb_entity_put(kb, "disease", "低钾血症", &id));
  medkb_close(kb);
}

/* Turns a current file's document table back into its version 2 form:
 * text UNIQUE (kind, key), a (kind, id) index, no key_hash. */
static const char *const to_v2 =
  "PRAGMA foreign_keys=OFF; BEGIN;"
  "CREATE TABLE document_v2 (id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('article', 'question', 'answer')), key TEXT,"
  "  title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', source TEXT,"
  "  imported_at INTEGER NOT NULL, UNIQUE (kind, key));"
  "INSERT INTO document_v2 SELECT id, kind, key, title, body, source, imported_at FROM document;"
  "DROP TABLE document; ALTER TABLE document_v2 RENAME TO document;"
  "CREATE INDEX document_kind ON document(kind, id);"
  "CREATE TRIGGER document_attr_gc AFTER DELETE ON document BEGIN"
  "  DELETE FROM attr WHERE owner = 3 AND owner_id = old.id; END;"
  "PRAGMA user_version = 2; COMMIT;";

/* Version 3 rebuilds the document table: documents keep their ids, keys,
 * parts and links, and keys still find them. */
static void documents_survive_the_key_hash_migration(void **state) {
  char path[128];
  medkb *kb;
  medkb_document d = { 0, "question", "csv:1", "眼皮跳", "左眼皮跳了三天", "a.csv", 0 };
  medkb_document found;
  medkb_part part = { 1, "summary", NULL, "多为疲劳所致" };
  medkb_part got;
  medkb_cursor *c;
  medkb_link link;
  int64_t id, again, dept, n;
  int v, created;
  (void)state;
  snprintf(path, sizeof path, "%s/v2.db", tmpdir);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  OK(kb, medkb_document_put(kb, &d, &id, &created));
  OK(kb, medkb_part_set(kb, id, &part));
  dept = put(kb, "department", "眼科");
  OK(kb, medkb_link_entity(kb, id, "department", dept, NULL));
  medkb_close(kb);
  to_v3(path);
  run_sql(path, to_v2);

  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  assert_int_equal(medkb_schema_found(kb), 2);
  OK(kb, medkb_schema_version(kb, &v));
  assert_int_equal(v, medkb_schema_current());
  OK(kb, medkb_document_find(kb, "question", "csv:1", &found));
  assert_int_equal(found.id, id);
  assert_string_equal(found.body, "左眼皮跳了三天");
  OK(kb, medkb_document_put(kb, &d, &again, &created));
  assert_int_equal(again, id);
  assert_false(created);
  OK(kb, medkb_document_count(kb, "question", &n));
  assert_int_equal(n, 1);
  OK(kb, medkb_part_iter(kb, id, &c));
  OK(kb, medkb_part_next(c, &got));
  assert_string_equal(got.text, "多为疲劳所致");
  medkb_cursor_close(c);
  OK(kb, medkb_link_entity_iter(kb, id, NULL, MEDKB_OUT, &c));
  OK(kb, medkb_link_next(c, &link));
  assert_int_equal(link.target, dept);
  medkb_cursor_close(c);
  /* foreign keys are back on: a link to no document is refused */
  assert_int_equal(medkb_link_entity(kb, id + 100, "department", dept, NULL), MEDKB_CONSTRAINT);
  medkb_close(kb);
}

/* A migration that fails is undone whole: the file keeps its version and
 * what it held. */
static void failed_migration_leaves_the_file_as_it_was(void **state) {
  char path[128];
  medkb *kb;
  sqlite3 *db;
  sqlite3_stmt *st;
  (void)state;
  snprintf(path, sizeof path, "%s/broken.db", tmpdir);
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  /* version 2 in name only: there is no document table to rebuild */
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE note (text TEXT);"
                                    "INSERT INTO note VALUES ('keep me');"
                                    "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(medkb_open(path, &kb), MEDKB_ERROR);
  assert_non_null(strstr(medkb_errmsg(kb), "broken.db"));
  assert_non_null(strstr(medkb_errmsg(kb), "version 3"));
  medkb_close(kb);
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version),"
                                          " (SELECT text FROM note),"
                                          " (SELECT count(*) FROM sqlite_schema)",
                                      -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 2);
  assert_string_equal((const char *)sqlite3_column_text(st, 1), "keep me");
  assert_int_equal(sqlite3_column_int(st, 2), 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

/* Two keys with one hash are two documents: the second is refused, not
 * merged into the first.  (The collision is made by hand.) */
static void key_hash_collision_is_refused(void **state) {
  char path[128], sql[128];
  medkb *kb;
  sqlite3 *db;
  medkb_document a = { 0, "article", "key-a", "甲", "", NULL, 0 };
  medkb_document b = { 0, "article", "key-b", "乙", "", NULL, 0 };
  medkb_document found;
  int64_t id;
  (void)state;
  snprintf(path, sizeof path, "%s/collide.db", tmpdir);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  OK(kb, medkb_document_put(kb, &a, &id, NULL));
  medkb_close(kb);
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  snprintf(sql, sizeof sql, "UPDATE document SET key_hash = %lld",
           (long long)medkb_hash64("key-b", 5));
  assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(medkb_open(path, &kb), MEDKB_OK);
  assert_int_equal(medkb_document_put(kb, &b, &id, NULL), MEDKB_CONSTRAINT);
  assert_non_null(strstr(medkb_errmsg(kb), "key-b"));
  assert_non_null(strstr(medkb_errmsg(kb), "same hash"));
  assert_int_equal(medkb_document_find(kb, "article", "key-b", &found), MEDKB_NOTFOUND);
  medkb_close(kb);
}

static void rollback_undoes_and_commit_keeps(void **state) {
  medkb *kb = *state;
  medkb_entity e;
  OK(kb, medkb_begin(kb));
  put(kb, "drug", "甲钴胺片");
  OK(kb, medkb_rollback(kb));
  assert_int_equal(medkb_entity_get(kb, "drug", "甲钴胺片", &e), MEDKB_NOTFOUND);
  OK(kb, medkb_begin(kb));
  put(kb, "drug", "甲钴胺片");
  OK(kb, medkb_commit(kb));
  OK(kb, medkb_entity_get(kb, "drug", "甲钴胺片", &e));
  assert_int_equal(medkb_tx_depth(kb), 0);
}

static void nested_rollback_keeps_the_outer_work(void **state) {
  medkb *kb = *state;
  medkb_entity e;
  OK(kb, medkb_begin(kb));
  put(kb, "food", "牛奶");
  OK(kb, medkb_begin(kb));
  assert_int_equal(medkb_tx_depth(kb), 2);
  put(kb, "food", "豆腐");
  OK(kb, medkb_rollback(kb));
  OK(kb, medkb_commit(kb));
  OK(kb, medkb_entity_get(kb, "food", "牛奶", &e));
  assert_int_equal(medkb_entity_get(kb, "food", "豆腐", &e), MEDKB_NOTFOUND);
}

static void commit_without_begin_is_misuse(void **state) {
  medkb *kb = *state;
  assert_int_equal(medkb_commit(kb), MEDKB_MISUSE);
  assert_non_null(strstr(medkb_errmsg(kb), "commit"));
  assert_int_equal(medkb_rollback(kb), MEDKB_MISUSE);
}

/* A read sees one snapshot: what another handle commits after it began
 * is seen only once it ends; inside it, writes fail and leave nothing. */
static void a_read_sees_one_snapshot_and_writes_nothing(void **state) {
  char path[128];
  medkb *reader, *writer;
  int64_t id, n;
  (void)state;
  snprintf(path, sizeof path, "%s/read.db", tmpdir);
  assert_int_equal(medkb_open(path, &writer), MEDKB_OK);
  put(writer, "symptom", "眼皮跳");
  assert_int_equal(medkb_open_with(path, 0, &reader), MEDKB_OK);

  OK(reader, medkb_read_begin(reader));
  assert_true(medkb_reading(reader));
  OK(reader, medkb_read_begin(reader));  /* reads nest */
  put(writer, "symptom", "耳鸣");
  OK(reader, medkb_entity_count(reader, NULL, &n));
  assert_int_equal(n, 1);
  assert_int_equal(medkb_entity_put(reader, "symptom", "头晕", &id), MEDKB_READONLY);
  assert_non_null(strstr(medkb_errmsg(reader), "inside a read"));
  assert_int_equal(medkb_begin(reader), MEDKB_MISUSE);
  assert_non_null(strstr(medkb_errmsg(reader), "inside a read"));
  OK(reader, medkb_read_end(reader));
  OK(reader, medkb_entity_count(reader, NULL, &n));
  assert_int_equal(n, 1);
  OK(reader, medkb_read_end(reader));
  assert_false(medkb_reading(reader));
  OK(reader, medkb_entity_count(reader, NULL, &n));
  assert_int_equal(n, 2);
  assert_int_equal(medkb_read_end(reader), MEDKB_MISUSE);

  /* after the read, the handle writes again */
  put(reader, "symptom", "头晕");
  OK(writer, medkb_entity_count(writer, NULL, &n));
  assert_int_equal(n, 3);
  medkb_close(reader);
  medkb_close(writer);
}

/* A handle still reading an older state (a cursor open) cannot write
 * after another handle has committed, and says why in its own words. */
static void a_write_behind_another_commit_says_why(void **state) {
  char path[128];
  medkb *a, *b;
  medkb_cursor *c;
  medkb_entity e;
  int64_t id;
  (void)state;
  snprintf(path, sizeof path, "%s/stale.db", tmpdir);
  assert_int_equal(medkb_open(path, &a), MEDKB_OK);
  assert_int_equal(medkb_open(path, &b), MEDKB_OK);
  put(a, "tag", "甲");
  put(a, "tag", "乙");
  OK(a, medkb_entity_iter(a, "tag", &c));
  assert_int_equal(medkb_entity_next(c, &e), MEDKB_OK);
  put(b, "tag", "丙");
  assert_int_equal(medkb_entity_put(a, "tag", "丁", &id), MEDKB_ERROR);
  assert_non_null(strstr(medkb_errmsg(a), "changed since this handle began reading"));
  assert_null(strstr(medkb_errmsg(a), "another import"));
  medkb_cursor_close(c);
  put(a, "tag", "丁");
  medkb_close(a);
  medkb_close(b);
}

/* Inside a write transaction a read is that transaction's view: it sees
 * the transaction's own writes, search included, writes nothing itself,
 * and the transaction writes on after it. */
static void a_read_inside_a_write_sees_its_writes(void **state) {
  medkb *kb = *state;
  medkb_document d = { 0, "article", "k", "牛奶补钙", "喝牛奶可以补钙。", NULL, 0 };
  medkb_cursor *c;
  medkb_hit hit;
  int64_t n, id;
  OK(kb, medkb_begin(kb));
  put(kb, "food", "牛奶");
  OK(kb, medkb_document_put(kb, &d, &id, NULL));
  OK(kb, medkb_read_begin(kb));
  OK(kb, medkb_entity_count(kb, NULL, &n));
  assert_int_equal(n, 1);
  OK(kb, medkb_search_documents(kb, "\"牛奶\"", NULL, NULL, NULL, 10, &c));
  assert_int_equal(medkb_search_next(c, &hit), MEDKB_OK);
  assert_int_equal(hit.id, id);
  medkb_cursor_close(c);
  assert_int_equal(medkb_entity_put(kb, "food", "豆浆", &id), MEDKB_READONLY);
  assert_non_null(strstr(medkb_errmsg(kb), "inside a read"));
  assert_int_equal(medkb_begin(kb), MEDKB_MISUSE);
  OK(kb, medkb_read_end(kb));
  put(kb, "food", "豆腐");
  OK(kb, medkb_commit(kb));
  OK(kb, medkb_entity_count(kb, NULL, &n));
  assert_int_equal(n, 2);
}

/* Two cursors over the same cached statement: the second gets its own. */
static void nested_cursors_over_one_statement(void **state) {
  medkb *kb = *state;
  medkb_cursor *outer, *inner;
  medkb_entity a, b;
  int pairs = 0;
  put(kb, "tag", "甲");
  put(kb, "tag", "乙");
  put(kb, "tag", "丙");
  OK(kb, medkb_entity_iter(kb, "tag", &outer));
  while (medkb_entity_next(outer, &a) == MEDKB_OK) {
    OK(kb, medkb_entity_iter(kb, "tag", &inner));
    while (medkb_entity_next(inner, &b) == MEDKB_OK) pairs++;
    medkb_cursor_close(inner);
  }
  medkb_cursor_close(outer);
  assert_int_equal(pairs, 9);
}

static void cursor_type_is_checked(void **state) {
  medkb *kb = *state;
  medkb_cursor *c;
  medkb_document d;
  put(kb, "tag", "甲");
  OK(kb, medkb_entity_iter(kb, NULL, &c));
  assert_int_equal(medkb_document_next(c, &d), MEDKB_MISUSE);
  medkb_cursor_close(c);
}

static void strcode_names_every_code(void **state) {
  int code;
  (void)state;
  for (code = MEDKB_OK; code <= MEDKB_ERROR; code++)
    assert_true(strlen(medkb_strcode(code)) > 0);
}

/* {=== bulk loading */

/* How many indexes the knowledge base has, and how many are not UNIQUE. */
static void count_indexes(medkb *kb, int *all, int *lookup) {
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(kb->db,
    "SELECT count(*), count(*) FILTER (WHERE sql NOT LIKE 'CREATE UNIQUE %')"
    " FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  *all = sqlite3_column_int(st, 0);
  *lookup = sqlite3_column_int(st, 1);
  sqlite3_finalize(st);
}

static void bulk_loading_drops_the_lookup_indexes_and_makes_them_again(void **state) {
  medkb *kb = *state;
  int all0, lookup0, all, lookup;
  int64_t a, b, rel;
  char integrity[16] = "";
  sqlite3_stmt *st;
  count_indexes(kb, &all0, &lookup0);
  assert_true(lookup0 > 0);
  OK(kb, medkb_begin(kb));
  OK(kb, medkb_bulk_begin(kb));
  assert_true(medkb_bulk_loading(kb));
  count_indexes(kb, &all, &lookup);
  assert_int_equal(lookup, 0);
  assert_int_equal(all, all0 - lookup0);  /* the UNIQUE ones stay */
  /* writes go on, and a key still cannot repeat */
  a = put(kb, "symptom", "头痛");
  b = put(kb, "cause", "睡眠不足");
  assert_int_equal(put(kb, "symptom", "头痛"), a);
  OK(kb, medkb_relation_add(kb, a, "caused_by", b, NULL, &rel));
  OK(kb, medkb_bulk_end(kb));
  assert_false(medkb_bulk_loading(kb));
  count_indexes(kb, &all, &lookup);
  assert_int_equal(all, all0);
  assert_int_equal(lookup, lookup0);
  OK(kb, medkb_commit(kb));
  assert_int_equal(sqlite3_prepare_v2(kb->db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  snprintf(integrity, sizeof integrity, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  assert_string_equal(integrity, "ok");
}

static void a_rollback_brings_the_indexes_back_and_a_commit_makes_them(void **state) {
  medkb *kb = *state;
  int all0, lookup0, all, lookup;
  count_indexes(kb, &all0, &lookup0);
  /* rolled back: the indexes are as they were, and a new bulk load may begin */
  OK(kb, medkb_begin(kb));
  OK(kb, medkb_bulk_begin(kb));
  put(kb, "symptom", "咳嗽");
  OK(kb, medkb_rollback(kb));
  assert_false(medkb_bulk_loading(kb));
  count_indexes(kb, &all, &lookup);
  assert_int_equal(all, all0);
  /* committed without bulk_end: the commit makes them first */
  OK(kb, medkb_begin(kb));
  OK(kb, medkb_bulk_begin(kb));
  put(kb, "symptom", "发热");
  OK(kb, medkb_commit(kb));
  assert_false(medkb_bulk_loading(kb));
  count_indexes(kb, &all, &lookup);
  assert_int_equal(all, all0);
  assert_int_equal(lookup, lookup0);
}

static void bulk_loading_is_misuse_outside_a_transaction_or_twice(void **state) {
  medkb *kb = *state;
  int64_t bytes = 0;
  assert_int_equal(medkb_bulk_begin(kb), MEDKB_MISUSE);
  assert_int_equal(medkb_bulk_end(kb), MEDKB_MISUSE);
  OK(kb, medkb_begin(kb));
  OK(kb, medkb_bulk_begin(kb));
  assert_int_equal(medkb_bulk_begin(kb), MEDKB_MISUSE);
  assert_non_null(strstr(medkb_errmsg(kb), "begun already"));
  OK(kb, medkb_bulk_end(kb));
  assert_int_equal(medkb_bulk_end(kb), MEDKB_MISUSE);
  OK(kb, medkb_commit(kb));
  OK(kb, medkb_file_size(kb, &bytes));
  assert_true(bytes > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    KB_TEST(new_memory_kb_has_current_schema),
    cmocka_unit_test(file_kb_survives_reopen_in_wal_mode),
    cmocka_unit_test(newer_schema_is_refused_with_versions_named),
    cmocka_unit_test(not_a_database_is_an_error_naming_the_file),
    cmocka_unit_test(missing_directory_is_an_error),
    cmocka_unit_test(open_without_create_finds_no_file),
    cmocka_unit_test(readonly_handle_reads_and_refuses_writes),
    cmocka_unit_test(full_and_locked_name_the_database),
    cmocka_unit_test(relations_survive_the_statement_migration),
    cmocka_unit_test(old_schema_is_migrated),
    cmocka_unit_test(documents_survive_the_key_hash_migration),
    cmocka_unit_test(key_hash_collision_is_refused),
    cmocka_unit_test(failed_migration_leaves_the_file_as_it_was),
    KB_TEST(rollback_undoes_and_commit_keeps),
    KB_TEST(nested_rollback_keeps_the_outer_work),
    KB_TEST(commit_without_begin_is_misuse),
    cmocka_unit_test(a_read_sees_one_snapshot_and_writes_nothing),
    KB_TEST(a_read_inside_a_write_sees_its_writes),
    cmocka_unit_test(a_write_behind_another_commit_says_why),
    KB_TEST(nested_cursors_over_one_statement),
    KB_TEST(cursor_type_is_checked),
    KB_TEST(bulk_loading_drops_the_lookup_indexes_and_makes_them_again),
    KB_TEST(a_rollback_brings_the_indexes_back_and_a_commit_makes_them),
    KB_TEST(bulk_loading_is_misuse_outside_a_transaction_or_twice),
    cmocka_unit_test(strcode_names_every_code),
  };
  return cmocka_run_group_tests_name("store", tests, make_tmpdir, remove_tmpdir);
}
