/*
 * match.c -- finding known names in text: an Aho-Corasick automaton over
 * folded strings (fold.c), so that one pass over a question finds every
 * entity name and alias it contains, whatever their number.  Matches are
 * taken longest first and never overlap (小腿抽筋 rather than 抽筋 in
 * 小腿抽筋怎么办); a name that begins or ends with a letter or digit
 * matches only as a whole word (ARB not inside CARBON).  Positions are
 * byte offsets into the text as given, before folding.
 *
 * The knowledge base keeps one automaton of its names and aliases, built
 * when first asked for and again after any change to the file (its own
 * writes or another connection's).  Depends on fold.c and store.c.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* {=== the automaton */

#define ROOT 0u
#define NONE UINT32_MAX

struct medkb_matcher {
  /* trie nodes */
  uint32_t *fail;        /* longest proper suffix that is a node */
  uint32_t *dict;        /* nearest node on the fail chain that ends patterns */
  uint32_t *first;       /* first pattern ending here (NONE) */
  uint32_t *child;       /* first child, for the breadth-first build */
  uint32_t *sibling;     /* next child of the same parent */
  unsigned char *label;  /* byte on the edge into the node */
  size_t nodes, node_cap;
  /* edges: (node << 8 | byte) + 1 -> child, open addressing */
  uint64_t *ekey;
  uint32_t *eval;
  size_t edges, edge_cap;
  /* patterns */
  size_t *plen;
  int64_t *pvalue;
  uint32_t *pnext;       /* next pattern ending at the same node */
  unsigned char *pword;  /* bit 1: starts with a word character; 2: ends with one */
  size_t patterns, pattern_cap;
  int built;
};

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  size_t n;
  void *q;
  if (need <= *cap) return 0;
  n = *cap ? *cap * 2 : 64;
  while (n < need) n *= 2;
  q = realloc(*p, n * size);
  if (q == NULL) return -1;
  *p = q;
  *cap = n;
  return 0;
}

static size_t edge_slot(const medkb_matcher *m, uint64_t key) {
  uint64_t h = key * 0x9E3779B97F4A7C15ull;
  size_t i = (size_t)(h >> 20) & (m->edge_cap - 1);
  while (m->ekey[i] != 0 && m->ekey[i] != key) i = (i + 1) & (m->edge_cap - 1);
  return i;
}

static uint32_t edge_get(const medkb_matcher *m, uint32_t node, unsigned char b) {
  size_t i;
  if (m->edge_cap == 0) return NONE;
  i = edge_slot(m, ((uint64_t)node << 8 | b) + 1);
  return m->ekey[i] ? m->eval[i] : NONE;
}

static int edge_put(medkb_matcher *m, uint32_t node, unsigned char b, uint32_t to) {
  if ((m->edges + 1) * 2 > m->edge_cap) {
    size_t old_cap = m->edge_cap, cap = old_cap ? old_cap * 2 : 256;
    uint64_t *okey = m->ekey;
    uint32_t *oval = m->eval;
    m->ekey = calloc(cap, sizeof *m->ekey);
    m->eval = malloc(cap * sizeof *m->eval);
    if (m->ekey == NULL || m->eval == NULL) {
      free(m->ekey), free(m->eval);
      m->ekey = okey, m->eval = oval;
      return -1;
    }
    m->edge_cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
      if (okey[i]) {
        size_t j = edge_slot(m, okey[i]);
        m->ekey[j] = okey[i];
        m->eval[j] = oval[i];
      }
    }
    free(okey), free(oval);
  }
  {
    size_t i = edge_slot(m, ((uint64_t)node << 8 | b) + 1);
    m->ekey[i] = ((uint64_t)node << 8 | b) + 1;
    m->eval[i] = to;
    m->edges++;
  }
  return 0;
}

static uint32_t node_new(medkb_matcher *m, uint32_t parent, unsigned char b) {
  size_t cap = m->node_cap;
  uint32_t n;
  if (m->nodes + 1 > cap) {
    size_t c;
    c = cap; if (grow((void **)&m->fail, &c, m->nodes + 1, sizeof *m->fail)) return NONE;
    c = cap; if (grow((void **)&m->dict, &c, m->nodes + 1, sizeof *m->dict)) return NONE;
    c = cap; if (grow((void **)&m->first, &c, m->nodes + 1, sizeof *m->first)) return NONE;
    c = cap; if (grow((void **)&m->child, &c, m->nodes + 1, sizeof *m->child)) return NONE;
    c = cap; if (grow((void **)&m->sibling, &c, m->nodes + 1, sizeof *m->sibling)) return NONE;
    c = cap; if (grow((void **)&m->label, &c, m->nodes + 1, sizeof *m->label)) return NONE;
    m->node_cap = c;
  }
  n = (uint32_t)m->nodes;
  m->fail[n] = ROOT, m->dict[n] = NONE, m->first[n] = NONE, m->child[n] = NONE;
  m->label[n] = b;
  if (n != ROOT) {
    if (edge_put(m, parent, b, n)) return NONE;
    m->sibling[n] = m->child[parent];
    m->child[parent] = n;
  } else {
    m->sibling[n] = NONE;
  }
  m->nodes++;
  return n;
}

medkb_matcher *medkb_matcher_new(void) {
  medkb_matcher *m = calloc(1, sizeof *m);
  if (m == NULL) return NULL;
  if (node_new(m, ROOT, 0) != ROOT) {
    medkb_matcher_free(m);
    return NULL;
  }
  return m;
}

void medkb_matcher_free(medkb_matcher *m) {
  if (m == NULL) return;
  free(m->fail), free(m->dict), free(m->first), free(m->child), free(m->sibling), free(m->label);
  free(m->ekey), free(m->eval);
  free(m->plen), free(m->pvalue), free(m->pnext), free(m->pword);
  free(m);
}

size_t medkb_matcher_count(const medkb_matcher *m) {
  return m ? m->patterns : 0;
}

/* Whether code point c (folded) is a letter or digit of a word. */
static int is_word_cp(uint32_t c) {
  uint32_t cp[MEDKB_FOLD_MAX];
  int cls = MEDKB_CHAR_OTHER;
  medkb_fold_char(c, cp, &cls);
  return cls == MEDKB_CHAR_WORD;
}

/* The code point that starts at s[i] (UTF-8 from fold.c, so valid). */
static uint32_t cp_at(const unsigned char *s, size_t i) {
  unsigned char b = s[i];
  if (b < 0x80) return b;
  if (b < 0xE0) return (uint32_t)(b & 0x1F) << 6 | (s[i + 1] & 0x3F);
  if (b < 0xF0) return (uint32_t)(b & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
  return (uint32_t)(b & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 | (uint32_t)(s[i + 2] & 0x3F) << 6 |
         (s[i + 3] & 0x3F);
}

/* The start of the code point that ends just before s[i]. */
static size_t cp_before(const unsigned char *s, size_t i) {
  do i--; while (i > 0 && (s[i] & 0xC0) == 0x80);
  return i;
}

int medkb_matcher_add(medkb_matcher *m, const char *s, size_t len, int64_t value) {
  size_t flen, p;
  char *f = medkb_fold(s, len, &flen);
  uint32_t node = ROOT;
  const unsigned char *u = (const unsigned char *)f;
  if (f == NULL) return MEDKB_NOMEM;
  if (flen == 0) {
    free(f);
    return MEDKB_INVALID;
  }
  for (size_t i = 0; i < flen; i++) {
    uint32_t next = edge_get(m, node, u[i]);
    if (next == NONE && (next = node_new(m, node, u[i])) == NONE) {
      free(f);
      return MEDKB_NOMEM;
    }
    node = next;
  }
  p = m->patterns;
  if (p + 1 > m->pattern_cap) {
    size_t cap = m->pattern_cap, c;
    c = cap; if (grow((void **)&m->plen, &c, p + 1, sizeof *m->plen)) goto nomem;
    c = cap; if (grow((void **)&m->pvalue, &c, p + 1, sizeof *m->pvalue)) goto nomem;
    c = cap; if (grow((void **)&m->pnext, &c, p + 1, sizeof *m->pnext)) goto nomem;
    c = cap; if (grow((void **)&m->pword, &c, p + 1, sizeof *m->pword)) goto nomem;
    m->pattern_cap = c;
  }
  m->plen[p] = flen;
  m->pvalue[p] = value;
  m->pword[p] = (unsigned char)((is_word_cp(cp_at(u, 0)) ? 1 : 0) |
                                (is_word_cp(cp_at(u, cp_before(u, flen))) ? 2 : 0));
  m->pnext[p] = m->first[node];
  m->first[node] = (uint32_t)p;
  m->patterns++;
  m->built = 0;
  free(f);
  return MEDKB_OK;
nomem:
  free(f);
  return MEDKB_NOMEM;
}

/* Fail and output links, breadth first. */
static int build(medkb_matcher *m) {
  uint32_t *queue = malloc(m->nodes * sizeof *queue);
  size_t head = 0, tail = 0;
  if (queue == NULL) return MEDKB_NOMEM;
  for (uint32_t c = m->child[ROOT]; c != NONE; c = m->sibling[c]) {
    m->fail[c] = ROOT;
    m->dict[c] = NONE;
    queue[tail++] = c;
  }
  while (head < tail) {
    uint32_t u = queue[head++];
    for (uint32_t v = m->child[u]; v != NONE; v = m->sibling[v]) {
      uint32_t f = m->fail[u], to;
      unsigned char b = m->label[v];
      while ((to = edge_get(m, f, b)) == NONE && f != ROOT) f = m->fail[f];
      m->fail[v] = to == NONE ? ROOT : to;
      m->dict[v] = m->first[m->fail[v]] != NONE ? m->fail[v] : m->dict[m->fail[v]];
      queue[tail++] = v;
    }
  }
  free(queue);
  m->built = 1;
  return MEDKB_OK;
}

/* {=== finding */

typedef struct found {
  size_t start, len;  /* in the folded text */
  int64_t value;
} found;

static int longest_first(const void *a, const void *b) {
  const found *x = a, *y = b;
  if (x->len != y->len) return x->len > y->len ? -1 : 1;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return (x->value > y->value) - (x->value < y->value);
}

static int by_start(const void *a, const void *b) {
  const medkb_match *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return (x->value > y->value) - (x->value < y->value);
}

/* text folded, with for each folded byte where its character starts and
 * ends in text */
typedef struct folded {
  unsigned char *s;
  size_t len, *from, *to;
} folded;

static int fold_mapped(const char *text, size_t len, folded *f) {
  size_t cap = len * 2 + 16, pos = 0;
  f->s = malloc(cap);
  f->from = malloc(cap * sizeof *f->from);
  f->to = malloc(cap * sizeof *f->to);
  f->len = 0;
  if (f->s == NULL || f->from == NULL || f->to == NULL) return MEDKB_NOMEM;
  while (pos < len) {
    uint32_t cp[MEDKB_FOLD_MAX];
    int n, cls;
    size_t start = medkb_fold_next(text, len, &pos, cp, &n, &cls);
    if (f->len + 4 * MEDKB_FOLD_MAX > cap) {
      size_t c2 = cap;
      if (grow((void **)&f->s, &c2, f->len + 4 * MEDKB_FOLD_MAX, 1)) return MEDKB_NOMEM;
      c2 = cap;
      if (grow((void **)&f->from, &c2, f->len + 4 * MEDKB_FOLD_MAX, sizeof *f->from)) return MEDKB_NOMEM;
      c2 = cap;
      if (grow((void **)&f->to, &c2, f->len + 4 * MEDKB_FOLD_MAX, sizeof *f->to)) return MEDKB_NOMEM;
      cap = c2;
    }
    for (int k = 0; k < n; k++) {
      size_t w = medkb_utf8_put(cp[k], (char *)f->s + f->len);
      for (size_t j = 0; j < w; j++) {
        f->from[f->len + j] = start;
        f->to[f->len + j] = pos;
      }
      f->len += w;
    }
  }
  return MEDKB_OK;
}

static void folded_free(folded *f) {
  free(f->s), free(f->from), free(f->to);
}

/* Whether a match of pattern p at [start, end) of s stands as a whole
 * word where the pattern begins or ends with a letter or digit. */
static int whole(const medkb_matcher *m, uint32_t p, const unsigned char *s, size_t n, size_t start,
                 size_t end) {
  if ((m->pword[p] & 1) && start > 0 && is_word_cp(cp_at(s, cp_before(s, start)))) return 0;
  if ((m->pword[p] & 2) && end < n && is_word_cp(cp_at(s, end))) return 0;
  return 1;
}

int medkb_matcher_find(medkb_matcher *m, const char *text, size_t len, medkb_match **out, size_t *nout) {
  folded f = { 0 };
  found *all = NULL;
  size_t nall = 0, cap = 0, taken_n = 0;
  unsigned char *used = NULL;
  medkb_match *res = NULL;
  found last = { 0, 0, 0 };
  uint32_t state = ROOT;
  int rc;
  *out = NULL;
  *nout = 0;
  if (!m->built && (rc = build(m)) != MEDKB_OK) return rc;
  if ((rc = fold_mapped(text, len, &f)) != MEDKB_OK) goto done;
  for (size_t i = 0; i < f.len; i++) {
    uint32_t to;
    while ((to = edge_get(m, state, f.s[i])) == NONE && state != ROOT) state = m->fail[state];
    state = to == NONE ? ROOT : to;
    for (uint32_t t = m->first[state] != NONE ? state : m->dict[state]; t != NONE; t = m->dict[t]) {
      for (uint32_t p = m->first[t]; p != NONE; p = m->pnext[p]) {
        size_t start = i + 1 - m->plen[p];
        if (!whole(m, p, f.s, f.len, start, i + 1)) continue;
        if (grow((void **)&all, &cap, nall + 1, sizeof *all)) {
          rc = MEDKB_NOMEM;
          goto done;
        }
        all[nall].start = start;
        all[nall].len = m->plen[p];
        all[nall].value = m->pvalue[p];
        nall++;
      }
    }
  }
  if (nall == 0) goto done;
  qsort(all, nall, sizeof *all, longest_first);
  used = calloc(f.len, 1);
  res = malloc(nall * sizeof *res);
  if (used == NULL || res == NULL) {
    rc = MEDKB_NOMEM;
    goto done;
  }
  for (size_t k = 0; k < nall; k++) {
    const found *a = &all[k];
    /* another value for the span just taken is taken too */
    if (!(taken_n > 0 && last.start == a->start && last.len == a->len)) {
      int free_span = 1;
      for (size_t j = a->start; j < a->start + a->len && free_span; j++) free_span = !used[j];
      if (!free_span) continue;
      memset(used + a->start, 1, a->len);
      last = *a;
    }
    res[taken_n].start = f.from[a->start];
    res[taken_n].end = f.to[a->start + a->len - 1];
    res[taken_n].value = a->value;
    taken_n++;
  }
  qsort(res, taken_n, sizeof *res, by_start);
  *out = res;
  *nout = taken_n;
  res = NULL;
done:
  free(res), free(used), free(all);
  folded_free(&f);
  return rc;
}

/* {=== the knowledge base's names */

/* Where the file stands: kb's matcher is of the file as it is now when
 * no write on this connection (total changes), on another (data_version)
 * and no rollback happened since it was built. */
static int names_stamp(medkb *kb, int64_t stamp[3]) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_DATA_VERSION, "PRAGMA data_version");
  int rc;
  if (st == NULL) return kb_sqlite_error(kb, "reading the data version");
  rc = sqlite3_step(st);
  stamp[0] = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  stamp[1] = sqlite3_total_changes64(kb->db);
  stamp[2] = kb->rollbacks;
  stmt_release(kb, ST_DATA_VERSION, st);
  return rc == SQLITE_ROW ? MEDKB_OK : kb_sqlite_error(kb, "reading the data version");
}

static int names_build(medkb *kb, medkb_matcher **out) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_MATCH_NAMES,
    "SELECT id, name FROM entity UNION ALL SELECT entity_id, alias FROM alias");
  medkb_matcher *m = medkb_matcher_new();
  int rc = MEDKB_OK, step;
  *out = NULL;
  if (st == NULL) {
    medkb_matcher_free(m);
    return kb_sqlite_error(kb, "reading the names");
  }
  if (m == NULL) {
    stmt_release(kb, ST_MATCH_NAMES, st);
    return kb_error(kb, MEDKB_NOMEM, "out of memory");
  }
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 1);
    int r = medkb_matcher_add(m, name, (size_t)sqlite3_column_bytes(st, 1), sqlite3_column_int64(st, 0));
    if (r == MEDKB_NOMEM) {
      rc = kb_error(kb, MEDKB_NOMEM, "out of memory");
      break;
    }
  }
  if (rc == MEDKB_OK && step != SQLITE_DONE) rc = kb_sqlite_error(kb, "reading the names");
  stmt_release(kb, ST_MATCH_NAMES, st);
  if (rc == MEDKB_OK && build(m) != MEDKB_OK) rc = kb_error(kb, MEDKB_NOMEM, "out of memory");
  if (rc != MEDKB_OK) {
    medkb_matcher_free(m);
    return rc;
  }
  *out = m;
  return MEDKB_OK;
}

int medkb_match_names(medkb *kb, const char *text, size_t len, medkb_match **out, size_t *n) {
  int64_t stamp[3] = { 0, 0, 0 };
  int rc;
  *out = NULL;
  *n = 0;
  if ((rc = names_stamp(kb, stamp)) != MEDKB_OK) return rc;
  if (kb->names == NULL || memcmp(stamp, kb->names_stamp, sizeof stamp) != 0) {
    medkb_matcher *m;
    if ((rc = names_build(kb, &m)) != MEDKB_OK) return rc;
    medkb_matcher_free(kb->names);
    kb->names = m;
    memcpy(kb->names_stamp, stamp, sizeof stamp);
  }
  rc = medkb_matcher_find(kb->names, text, len, out, n);
  return rc == MEDKB_OK ? MEDKB_OK : kb_error(kb, rc, "out of memory");
}
