/*
 * schema.c -- opening a knowledge base, and its schema and migrations in
 * one place.  The file's PRAGMA user_version says which migrations have
 * run; opening a file for writing runs the missing ones in one
 * transaction.  A file written by a newer medkb is refused rather than
 * guessed at.  Depends on store.c and text.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Migration i brings a file from version i to version i + 1. */
static const char *const migrations[] = {
  /* 0 -> 1: entities, aliases, attributes, relations, documents */
  "CREATE TABLE kind ("
  "  name TEXT PRIMARY KEY"
  ") WITHOUT ROWID;"
  "INSERT INTO kind(name) VALUES ('symptom'), ('cause'), ('drug'), ('treatment'),"
  "  ('food'), ('exam'), ('department'), ('doctor'), ('hospital'), ('tag');"

  "CREATE TABLE entity ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL REFERENCES kind(name),"
  "  name TEXT NOT NULL CHECK (name <> ''),"
  "  UNIQUE (kind, name)"
  ");"

  "CREATE TABLE alias ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  alias TEXT NOT NULL CHECK (alias <> ''),"
  "  entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,"
  "  type TEXT CHECK (type IN ('standard', 'colloquial')),"
  "  UNIQUE (kind, alias)"
  ");"
  "CREATE INDEX alias_entity ON alias(entity_id);"

  /* owner: 1 entity, 2 relation, 3 document (medkb_owner) */
  "CREATE TABLE attr ("
  "  owner INTEGER NOT NULL,"
  "  owner_id INTEGER NOT NULL,"
  "  key TEXT NOT NULL,"
  "  value NOT NULL,"
  "  is_bool INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (owner, owner_id, key)"
  ") WITHOUT ROWID;"

  "CREATE TABLE relation ("
  "  id INTEGER PRIMARY KEY,"
  "  src INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,"
  "  type TEXT NOT NULL CHECK (type <> ''),"
  "  dst INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,"
  "  rank INTEGER NOT NULL,"
  "  UNIQUE (src, type, dst)"
  ");"
  "CREATE INDEX relation_out ON relation(src, type, rank);"
  "CREATE INDEX relation_in ON relation(dst, type, rank);"

  "CREATE TABLE document ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('article', 'question', 'answer')),"
  "  key TEXT,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL DEFAULT '',"
  "  source TEXT,"
  "  imported_at INTEGER NOT NULL,"
  "  UNIQUE (kind, key)"
  ");"
  "CREATE INDEX document_kind ON document(kind, id);"

  "CREATE TABLE part ("
  "  doc_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  title TEXT,"
  "  text TEXT NOT NULL,"
  "  PRIMARY KEY (doc_id, seq)"
  ") WITHOUT ROWID;"

  "CREATE TABLE count ("
  "  doc_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  PRIMARY KEY (doc_id, name)"
  ") WITHOUT ROWID;"

  "CREATE TABLE doc_entity ("
  "  doc_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
  "  type TEXT NOT NULL,"
  "  entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,"
  "  rank INTEGER NOT NULL,"
  "  PRIMARY KEY (doc_id, type, entity_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX doc_entity_in ON doc_entity(entity_id, type);"

  "CREATE TABLE doc_document ("
  "  doc_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
  "  type TEXT NOT NULL,"
  "  other_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
  "  rank INTEGER NOT NULL,"
  "  PRIMARY KEY (doc_id, type, other_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX doc_document_in ON doc_document(other_id, type);"

  /* attributes go with their owner, however it is deleted */
  "CREATE TRIGGER entity_attr_gc AFTER DELETE ON entity BEGIN"
  "  DELETE FROM attr WHERE owner = 1 AND owner_id = old.id; END;"
  "CREATE TRIGGER relation_attr_gc AFTER DELETE ON relation BEGIN"
  "  DELETE FROM attr WHERE owner = 2 AND owner_id = old.id; END;"
  "CREATE TRIGGER document_attr_gc AFTER DELETE ON document BEGIN"
  "  DELETE FROM attr WHERE owner = 3 AND owner_id = old.id; END;",

  /* 1 -> 2: diseases named in cause paragraphs (低钾血症, 腰椎间盘突出) */
  "INSERT INTO kind(name) VALUES ('disease') ON CONFLICT DO NOTHING;",

  /* 2 -> 3: documents are found by a 64-bit hash of their key.  One
   * integer index (kind, key_hash) replaces the text UNIQUE (kind, key)
   * and the (kind, id) index: 8-byte entries instead of text ones, and
   * one index to keep up per document instead of two, which was a large
   * part of the cost of a bulk import.  The key itself stays, to tell a
   * hash collision from a match.  Rebuilt as SQLite's ALTER TABLE page
   * describes, with foreign keys off (schema_migrate) so that the parts
   * and links stay. */
  "CREATE TABLE document_v3 ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('article', 'question', 'answer')),"
  "  key TEXT,"
  "  key_hash INTEGER,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL DEFAULT '',"
  "  source TEXT,"
  "  imported_at INTEGER NOT NULL,"
  "  CHECK ((key IS NULL) = (key_hash IS NULL))"
  ");"
  "INSERT INTO document_v3(id, kind, key, key_hash, title, body, source, imported_at)"
  "  SELECT id, kind, key, medkb_key_hash(key), title, body, source, imported_at"
  "  FROM document;"
  "DROP TABLE document;"
  "ALTER TABLE document_v3 RENAME TO document;"
  "CREATE UNIQUE INDEX document_key ON document(kind, key_hash);"
  "CREATE TRIGGER document_attr_gc AFTER DELETE ON document BEGIN"
  "  DELETE FROM attr WHERE owner = 3 AND owner_id = old.id; END;",

  /* 3 -> 4: facts keep their sources.  A relation is the fact (src, type,
   * dst); its statements say who holds it: a document, with that
   * document's rank and attributes (owner 2 now means a statement), or
   * the user (doc_id NULL).  Each old relation becomes the user's
   * statement of it, with the same id, so its rank and attributes carry
   * over as they are.  A relation goes with its last statement. */
  "CREATE TABLE statement ("
  "  id INTEGER PRIMARY KEY,"
  "  relation_id INTEGER NOT NULL REFERENCES relation(id) ON DELETE CASCADE,"
  "  doc_id INTEGER REFERENCES document(id) ON DELETE CASCADE,"
  "  rank INTEGER NOT NULL"
  ");"
  "INSERT INTO statement(id, relation_id, doc_id, rank)"
  "  SELECT id, id, NULL, rank FROM relation;"
  "CREATE TABLE relation_v4 ("
  "  id INTEGER PRIMARY KEY,"
  "  src INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,"
  "  type TEXT NOT NULL CHECK (type <> ''),"
  "  dst INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,"
  "  UNIQUE (src, type, dst)"
  ");"
  "INSERT INTO relation_v4(id, src, type, dst) SELECT id, src, type, dst FROM relation;"
  "DROP TABLE relation;"
  "ALTER TABLE relation_v4 RENAME TO relation;"
  "CREATE INDEX relation_in ON relation(dst, type);"
  "CREATE INDEX statement_relation ON statement(relation_id);"
  "CREATE UNIQUE INDEX statement_doc ON statement(doc_id, relation_id);"
  "CREATE UNIQUE INDEX statement_user ON statement(relation_id) WHERE doc_id IS NULL;"
  "CREATE TRIGGER statement_gc AFTER DELETE ON statement BEGIN"
  "  DELETE FROM attr WHERE owner = 2 AND owner_id = old.id;"
  "  DELETE FROM relation WHERE id = old.relation_id"
  "    AND NOT EXISTS (SELECT 1 FROM statement WHERE relation_id = old.relation_id); END;",

  /* 4 -> 5: full-text search (core/search.c).  doc_search indexes each
   * document's title and body where they are (external content); its
   * triggers hand it the old text to take out and the new to put in.
   * name_search holds each entity's name (rowid: the entity's id) and
   * each alias (rowid: minus the alias's id), with their pinyin, so that
   * 肌束颤动 and jirou tiaodong find 肌肉跳动.  Inside a medkb transaction
   * (medkb_search_deferred()), what is inserted is listed in
   * search_pending (tab 1: documents, 2: entities, 3: aliases) and indexed
   * all at once when the transaction commits (search_flush): FTS5 writes
   * out what it holds at every savepoint, and an import makes one per
   * record. */
  "CREATE VIRTUAL TABLE doc_search USING fts5(title, body, kind UNINDEXED,"
  "  content='document', content_rowid='id', tokenize='medkb');"
  "INSERT INTO doc_search(doc_search) VALUES ('rebuild');"
  "CREATE VIRTUAL TABLE name_search USING fts5(name, pinyin, letters, kind UNINDEXED,"
  "  entity UNINDEXED, tokenize='medkb');"
  "INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "  SELECT id, name, medkb_pinyin(name), medkb_letters(name), kind, id FROM entity;"
  "INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "  SELECT -id, alias, medkb_pinyin(alias), medkb_letters(alias), kind, entity_id FROM alias;"
  "CREATE TABLE search_pending ("
  "  tab INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (tab, id)) WITHOUT ROWID;"

  "CREATE TRIGGER doc_search_insert AFTER INSERT ON document WHEN NOT medkb_search_deferred()"
  "  BEGIN INSERT INTO doc_search(rowid, title, body, kind)"
  "    VALUES (new.id, new.title, new.body, new.kind); END;"
  "CREATE TRIGGER doc_search_defer AFTER INSERT ON document WHEN medkb_search_deferred()"
  "  BEGIN INSERT INTO search_pending(tab, id) VALUES (1, new.id); END;"
  "CREATE TRIGGER doc_search_update AFTER UPDATE OF title, body, kind ON document"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE tab = 1 AND id = old.id) BEGIN"
  "  INSERT INTO doc_search(doc_search, rowid, title, body, kind)"
  "    VALUES ('delete', old.id, old.title, old.body, old.kind);"
  "  INSERT INTO doc_search(rowid, title, body, kind) VALUES (new.id, new.title, new.body, new.kind);"
  "  END;"
  "CREATE TRIGGER doc_search_delete AFTER DELETE ON document BEGIN"
  "  INSERT INTO doc_search(doc_search, rowid, title, body, kind)"
  "    SELECT 'delete', old.id, old.title, old.body, old.kind"
  "    WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tab = 1 AND id = old.id);"
  "  DELETE FROM search_pending WHERE tab = 1 AND id = old.id; END;"

  "CREATE TRIGGER name_search_entity_insert AFTER INSERT ON entity WHEN NOT medkb_search_deferred()"
  "  BEGIN INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "    VALUES (new.id, new.name, medkb_pinyin(new.name), medkb_letters(new.name), new.kind, new.id);"
  "  END;"
  "CREATE TRIGGER name_search_entity_defer AFTER INSERT ON entity WHEN medkb_search_deferred()"
  "  BEGIN INSERT INTO search_pending(tab, id) VALUES (2, new.id); END;"
  "CREATE TRIGGER name_search_entity_update AFTER UPDATE OF name, kind ON entity"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE tab = 2 AND id = old.id) BEGIN"
  "  DELETE FROM name_search WHERE rowid = old.id;"
  "  INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "    VALUES (new.id, new.name, medkb_pinyin(new.name), medkb_letters(new.name), new.kind, new.id);"
  "  END;"
  "CREATE TRIGGER name_search_entity_delete AFTER DELETE ON entity BEGIN"
  "  DELETE FROM name_search WHERE rowid = old.id;"
  "  DELETE FROM search_pending WHERE tab = 2 AND id = old.id; END;"

  "CREATE TRIGGER name_search_alias_insert AFTER INSERT ON alias WHEN NOT medkb_search_deferred()"
  "  BEGIN INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "    VALUES (-new.id, new.alias, medkb_pinyin(new.alias), medkb_letters(new.alias), new.kind,"
  "            new.entity_id); END;"
  "CREATE TRIGGER name_search_alias_defer AFTER INSERT ON alias WHEN medkb_search_deferred()"
  "  BEGIN INSERT INTO search_pending(tab, id) VALUES (3, new.id); END;"
  "CREATE TRIGGER name_search_alias_update AFTER UPDATE ON alias"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE tab = 3 AND id = old.id) BEGIN"
  "  DELETE FROM name_search WHERE rowid = -old.id;"
  "  INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "    VALUES (-new.id, new.alias, medkb_pinyin(new.alias), medkb_letters(new.alias), new.kind,"
  "            new.entity_id); END;"
  "CREATE TRIGGER name_search_alias_delete AFTER DELETE ON alias BEGIN"
  "  DELETE FROM name_search WHERE rowid = -old.id;"
  "  DELETE FROM search_pending WHERE tab = 3 AND id = old.id; END;",

  /* 5 -> 6: the document index holds up to 64 MB of new terms in memory
   * before it writes them out (FTS5's hashsize; 1 MB by default) and lets
   * more segments wait before it must merge them (crisismerge): a large
   * import writes fewer, larger segments and merges less.  Measured on
   * 100,000 CSV rows: 5.5 s against 4.4-4.7 s, for 75 MB more memory at
   * most. */
  "INSERT INTO doc_search(doc_search, rank) VALUES ('hashsize', 67108864);"
  "INSERT INTO doc_search(doc_search, rank) VALUES ('crisismerge', 64);",

  /* 6 -> 7: titles indexed on their own as well (title_search), so that
   * a query looked for in titles reads only titles' postings: with a
   * character a token, a long run of common characters is found by
   * reading every document that has them all, and in bodies that is most
   * of a large knowledge base (40 ms against 5 ms at 1,000,000 documents).
   * Kept in step as doc_search is: tab 1 of search_pending stands for
   * both. */
  "CREATE VIRTUAL TABLE title_search USING fts5(title, kind UNINDEXED,"
  "  content='document', content_rowid='id', tokenize='medkb');"
  "INSERT INTO title_search(title_search) VALUES ('rebuild');"
  "CREATE TRIGGER title_search_insert AFTER INSERT ON document WHEN NOT medkb_search_deferred()"
  "  BEGIN INSERT INTO title_search(rowid, title, kind) VALUES (new.id, new.title, new.kind); END;"
  "CREATE TRIGGER title_search_update AFTER UPDATE OF title, kind ON document"
  "  WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE tab = 1 AND id = old.id) BEGIN"
  "  INSERT INTO title_search(title_search, rowid, title, kind) VALUES ('delete', old.id, old.title, old.kind);"
  "  INSERT INTO title_search(rowid, title, kind) VALUES (new.id, new.title, new.kind);"
  "  END;"
  /* one trigger takes a document out of both indexes, then out of
   * search_pending, which tells whether it was in them */
  "DROP TRIGGER doc_search_delete;"
  "CREATE TRIGGER doc_search_delete AFTER DELETE ON document BEGIN"
  "  INSERT INTO doc_search(doc_search, rowid, title, body, kind)"
  "    SELECT 'delete', old.id, old.title, old.body, old.kind"
  "    WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tab = 1 AND id = old.id);"
  "  INSERT INTO title_search(title_search, rowid, title, kind)"
  "    SELECT 'delete', old.id, old.title, old.kind"
  "    WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE tab = 1 AND id = old.id);"
  "  DELETE FROM search_pending WHERE tab = 1 AND id = old.id; END;",

  /* 7 -> 8: what waits for the commit to be indexed is told by a mark
   * per table rather than a row per document in search_pending
   * (core/search.c): a row above its table's mark waits, a row at or
   * below it is in the indexes and is kept in step at once.  Outside a
   * transaction every mark is above every id.  Listing each document cost
   * a write per row; on a 1,000,000-row import the list grew to two
   * million rows.  medkb_search_deferred(), which the dropped triggers
   * asked, is no longer registered: no migration writes a document, an
   * entity or an alias while they stand. */
  "DROP TRIGGER doc_search_insert; DROP TRIGGER doc_search_defer;"
  "DROP TRIGGER doc_search_update; DROP TRIGGER doc_search_delete;"
  "DROP TRIGGER title_search_insert; DROP TRIGGER title_search_update;"
  "DROP TRIGGER name_search_entity_insert; DROP TRIGGER name_search_entity_defer;"
  "DROP TRIGGER name_search_entity_update; DROP TRIGGER name_search_entity_delete;"
  "DROP TRIGGER name_search_alias_insert; DROP TRIGGER name_search_alias_defer;"
  "DROP TRIGGER name_search_alias_update; DROP TRIGGER name_search_alias_delete;"
  "DROP TABLE search_pending;"

  "CREATE TRIGGER doc_search_insert AFTER INSERT ON document"
  "  WHEN new.id <= medkb_search_mark(1) BEGIN"
  "  INSERT INTO doc_search(rowid, title, body, kind) VALUES (new.id, new.title, new.body, new.kind);"
  "  INSERT INTO title_search(rowid, title, kind) VALUES (new.id, new.title, new.kind);"
  "  END;"
  "CREATE TRIGGER doc_search_update AFTER UPDATE OF title, body, kind ON document"
  "  WHEN old.id <= medkb_search_mark(1) BEGIN"
  "  INSERT INTO doc_search(doc_search, rowid, title, body, kind)"
  "    VALUES ('delete', old.id, old.title, old.body, old.kind);"
  "  INSERT INTO doc_search(rowid, title, body, kind) VALUES (new.id, new.title, new.body, new.kind);"
  "  END;"
  "CREATE TRIGGER title_search_update AFTER UPDATE OF title, kind ON document"
  "  WHEN old.id <= medkb_search_mark(1) BEGIN"
  "  INSERT INTO title_search(title_search, rowid, title, kind) VALUES ('delete', old.id, old.title, old.kind);"
  "  INSERT INTO title_search(rowid, title, kind) VALUES (new.id, new.title, new.kind);"
  "  END;"
  "CREATE TRIGGER doc_search_delete AFTER DELETE ON document"
  "  WHEN old.id <= medkb_search_mark(1) BEGIN"
  "  INSERT INTO doc_search(doc_search, rowid, title, body, kind)"
  "    VALUES ('delete', old.id, old.title, old.body, old.kind);"
  "  INSERT INTO title_search(title_search, rowid, title, kind) VALUES ('delete', old.id, old.title, old.kind);"
  "  END;"

  "CREATE TRIGGER name_search_entity_insert AFTER INSERT ON entity"
  "  WHEN new.id <= medkb_search_mark(2) BEGIN"
  "  INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "    VALUES (new.id, new.name, medkb_pinyin(new.name), medkb_letters(new.name), new.kind, new.id);"
  "  END;"
  "CREATE TRIGGER name_search_entity_update AFTER UPDATE OF name, kind ON entity"
  "  WHEN old.id <= medkb_search_mark(2) BEGIN"
  "  DELETE FROM name_search WHERE rowid = old.id;"
  "  INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "    VALUES (new.id, new.name, medkb_pinyin(new.name), medkb_letters(new.name), new.kind, new.id);"
  "  END;"
  "CREATE TRIGGER name_search_entity_delete AFTER DELETE ON entity"
  "  WHEN old.id <= medkb_search_mark(2) BEGIN"
  "  DELETE FROM name_search WHERE rowid = old.id; END;"

  "CREATE TRIGGER name_search_alias_insert AFTER INSERT ON alias"
  "  WHEN new.id <= medkb_search_mark(3) BEGIN"
  "  INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "    VALUES (-new.id, new.alias, medkb_pinyin(new.alias), medkb_letters(new.alias), new.kind,"
  "            new.entity_id); END;"
  "CREATE TRIGGER name_search_alias_update AFTER UPDATE ON alias"
  "  WHEN old.id <= medkb_search_mark(3) BEGIN"
  "  DELETE FROM name_search WHERE rowid = -old.id;"
  "  INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "    VALUES (-new.id, new.alias, medkb_pinyin(new.alias), medkb_letters(new.alias), new.kind,"
  "            new.entity_id); END;"
  "CREATE TRIGGER name_search_alias_delete AFTER DELETE ON alias"
  "  WHEN old.id <= medkb_search_mark(3) BEGIN"
  "  DELETE FROM name_search WHERE rowid = -old.id; END;"
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int medkb_schema_current(void) {
  return N_MIGRATIONS;
}

int medkb_schema_found(const medkb *kb) {
  return kb->found_version;
}

int medkb_schema_version(medkb *kb, int *version) {
  sqlite3_stmt *st;
  int rc;
  if (sqlite3_prepare_v2(kb->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "reading the schema version");
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *version = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return kb_sqlite_error(kb, "reading the schema version");
  return MEDKB_OK;
}

/* medkb_key_hash(key): the document key hash, for migrations and for
 * anyone querying the file with SQL. */
static void sql_key_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const unsigned char *key = sqlite3_value_text(argv[0]);
  (void)argc;
  if (key == NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_result_int64(ctx, key_hash((const char *)key, (size_t)sqlite3_value_bytes(argv[0])));
}

/* Runs the migrations from version on, and checks that the rebuilt
 * tables left no link pointing nowhere. */
static int run_migrations(medkb *kb, int version) {
  sqlite3_stmt *st;
  char pragma[48];
  int v, rc;
  for (v = version; v < N_MIGRATIONS; v++) {
    if (sqlite3_exec(kb->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
      char what[64];
      snprintf(what, sizeof what, "migrating schema to version %d", v + 1);
      return kb_sqlite_error(kb, what);
    }
  }
  if (sqlite3_prepare_v2(kb->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "checking links after migrating");
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    rc = kb_error(kb, MEDKB_SCHEMA, "migrating schema to version %d: table %s has a row"
                  " that points nowhere (rowid %lld)", N_MIGRATIONS,
                  (const char *)sqlite3_column_text(st, 0),
                  (long long)sqlite3_column_int64(st, 1));
  else if (rc != SQLITE_DONE)
    rc = kb_sqlite_error(kb, "checking links after migrating");
  else
    rc = MEDKB_OK;
  sqlite3_finalize(st);
  if (rc != MEDKB_OK) return rc;
  snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", N_MIGRATIONS);
  if (sqlite3_exec(kb->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "recording the schema version");
  return MEDKB_OK;
}

/* Brings the schema up to date.  Runs inside its own transaction so that a
 * failed migration leaves the file as it was.  Foreign keys are off while
 * it runs (SQLite ignores the pragma inside a transaction): rebuilding a
 * table drops the old one, which would otherwise delete every row that
 * refers to it.  A handle that may not write only checks the version. */
static int schema_migrate(medkb *kb, int readonly) {
  int version, rc;
  rc = search_register(kb);
  if (rc != MEDKB_OK) return rc;
  if (sqlite3_create_function(kb->db, "medkb_key_hash", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                              sql_key_hash, NULL, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "registering medkb_key_hash");
  rc = medkb_schema_version(kb, &version);
  if (rc != MEDKB_OK) return rc;
  kb->found_version = version;
  if (version > N_MIGRATIONS)
    return kb_error(kb, MEDKB_SCHEMA,
                    "schema version %d is newer than this medkb supports (%d)",
                    version, N_MIGRATIONS);
  if (version == N_MIGRATIONS) return MEDKB_OK;
  if (readonly)
    return kb_error(kb, MEDKB_SCHEMA,
                    "schema version %d is older than this medkb's (%d), and the file"
                    " cannot be written to update it", version, N_MIGRATIONS);
  if (sqlite3_exec(kb->db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "migrating the schema");
  rc = medkb_begin(kb);
  /* another connection may have migrated while we waited for the lock */
  if (rc == MEDKB_OK) rc = medkb_schema_version(kb, &version);
  if (rc == MEDKB_OK) kb->found_version = version;
  if (rc == MEDKB_OK) rc = run_migrations(kb, version);
  if (rc == MEDKB_OK) rc = medkb_commit(kb);
  if (rc != MEDKB_OK && kb->tx_depth > 0) medkb_rollback(kb);
  if (sqlite3_exec(kb->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK &&
      rc == MEDKB_OK)
    rc = kb_sqlite_error(kb, "migrating the schema");
  return rc;
}

/* {=== opening and closing */

/* "file:" URI for path, read-only and immutable: how a WAL file is read
 * where its -shm file cannot be made (a directory we may not write).
 * Returns a malloc'd string or NULL. */
static char *immutable_uri(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path);
  char *uri = malloc(3 * n + 32), *p = uri;
  if (uri == NULL) return NULL;
  p += sprintf(p, "file:");
  for (; *path; path++) {
    unsigned char c = (unsigned char)*path;
    if (c == '%' || c == '?' || c == '#') {
      *p++ = '%';
      *p++ = hex[c >> 4];
      *p++ = hex[c & 15];
    } else {
      *p++ = (char)c;
    }
  }
  strcpy(p, "?mode=ro&immutable=1");
  return uri;
}

/* Opens the SQLite connection: MEDKB_OK, MEDKB_NOTFOUND for a missing file
 * that may not be created, or an error naming the file. */
static int connect(medkb *kb, const char *path, int flags) {
  int sqflags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  int rc;
  if (flags & MEDKB_OPEN_READONLY)
    sqflags |= SQLITE_OPEN_READONLY;
  else
    sqflags |= SQLITE_OPEN_READWRITE | ((flags & MEDKB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
  rc = sqlite3_open_v2(path, &kb->db, sqflags, NULL);
  if (rc == SQLITE_OK) return MEDKB_OK;
  if (kb->db == NULL) return kb_error(kb, MEDKB_NOMEM, "out of memory");
  if ((rc & 0xff) == SQLITE_CANTOPEN && !(sqflags & SQLITE_OPEN_CREATE) &&
      access(path, F_OK) != 0 && errno == ENOENT)
    return kb_error(kb, MEDKB_NOTFOUND, "no knowledge base at '%s'", path);
  return kb_error(kb, MEDKB_IO, "cannot open '%s': %s", path, sqlite3_errmsg(kb->db));
}

/* Sets the connection up.  A handle that may write turns on WAL (readers
 * go on while an import writes); a 32 MB page cache (allocated as used)
 * keeps a long import transaction from spilling pages to the WAL and
 * reading them back.  journal_mode returns a row; the others do not. */
static int configure(medkb *kb, const char *path, int readonly) {
  const char *sql = readonly ? "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;"
                             : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                               "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;";
  int rc;
  sqlite3_extended_result_codes(kb->db, 1);
  sqlite3_busy_timeout(kb->db, 5000);
  if (sqlite3_exec(kb->db, sql, NULL, NULL, NULL) == SQLITE_OK) return MEDKB_OK;
  rc = kb_sqlite_error(kb, "opening");
  if (rc == MEDKB_BUSY) return rc;  /* its message names the file and says who holds it */
  if ((sqlite3_errcode(kb->db) & 0xff) == SQLITE_NOTADB) rc = MEDKB_SCHEMA;
  return kb_error(kb, rc, "cannot open '%s': %s", path, sqlite3_errmsg(kb->db));
}

int medkb_open_with(const char *path, int flags, medkb **out) {
  medkb *kb;
  int rc, readonly;
  *out = kb = calloc(1, sizeof *kb);
  if (kb == NULL) return MEDKB_NOMEM;
  if (path == NULL || path[0] == '\0')
    return kb_error(kb, MEDKB_INVALID, "database path must not be empty");
  if ((rc = connect(kb, path, flags)) != MEDKB_OK) return rc;
  readonly = (flags & MEDKB_OPEN_READONLY) || sqlite3_db_readonly(kb->db, "main") == 1;
  rc = configure(kb, path, readonly);
  if (rc == MEDKB_OK) rc = schema_migrate(kb, readonly);
  if ((rc == MEDKB_IO || rc == MEDKB_READONLY) && readonly) {
    /* a WAL file in a place we may not write: its -shm cannot be made */
    char *uri = immutable_uri(path);
    if (uri == NULL) return kb_error(kb, MEDKB_NOMEM, "out of memory");
    sqlite3_close_v2(kb->db);
    kb->db = NULL;
    rc = connect(kb, uri, MEDKB_OPEN_READONLY);
    free(uri);
    if (rc == MEDKB_OK) rc = configure(kb, path, 1);
    if (rc == MEDKB_OK) rc = schema_migrate(kb, 1);
  }
  if (rc != MEDKB_OK) {
    /* keep the message, prefix the file */
    char msg[sizeof kb->errmsg];
    if (strstr(kb->errmsg, path)) return rc;
    snprintf(msg, sizeof msg, "%s", kb->errmsg);
    return kb_error(kb, rc, "'%s': %s", path, msg);
  }
  if ((kb->path = strdup(path)) == NULL) return kb_error(kb, MEDKB_NOMEM, "out of memory");
  kb_clear_error(kb);
  return MEDKB_OK;
}

int medkb_open(const char *path, medkb **out) {
  return medkb_open_with(path, MEDKB_OPEN_CREATE, out);
}

const char *medkb_path(const medkb *kb) {
  return kb->path;
}

int medkb_readonly(medkb *kb) {
  return sqlite3_db_readonly(kb->db, "main") == 1;
}

void medkb_close(medkb *kb) {
  int i;
  if (kb == NULL) return;
  for (i = 0; i < ST__COUNT; i++) sqlite3_finalize(kb->stmts[i]);
  if (kb->db) sqlite3_close_v2(kb->db);
  for (i = 0; i < SCRATCH_SLOTS; i++) free(kb->scratch[i].p);
  medkb_matcher_free(kb->names);
  free(kb->search_marks);
  sqlite3_free(kb->bulk_sql);
  free(kb->path);
  free(kb);
}
