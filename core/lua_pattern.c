/*
 * lua_pattern.c -- medkb.core.pattern: find, match, gmatch and gsub with
 * Lua 5.4's patterns, for code run in medkb's sandbox (medkb/sandbox.lua).
 * They give what string.find, string.match, string.gmatch and string.gsub
 * give, take their arguments the same way and raise the same errors; what
 * differs is that the work of matching is counted -- each test of a
 * single-byte item at a position, each nested attempt, each start
 * position passed, each byte of a gsub result -- and charged to the
 * sandbox's instruction budget (lmedkb_charge, lua_sandbox.c) every
 * CHARGE_EVERY units and at the end of each call.  The count hook cannot
 * stop a C function, so without this a pathological pattern would run
 * for minutes in one call to the string library.  A charge may raise, so
 * the matcher never holds memory of its own: its state lives on the C
 * stack, results are built in luaL_Buffers.  Depends on Lua 5.4.
 */
#include <ctype.h>
#include <string.h>

#include "lua_medkb.h"

#define MAX_CAPTURES 32   /* the string library's LUA_MAXCAPTURES */
#define MAX_DEPTH 200     /* nested attempts before "pattern too complex" */
#define CHARGE_EVERY 1024 /* units of work counted between two charges */
#define SET_BYTES 16      /* bytes of a set read for one unit of work */

/* The length of a capture still open, and of a position capture "()". */
#define CAP_OPEN (-1)
#define CAP_POSITION (-2)

typedef struct capture {
  const char *at;
  ptrdiff_t len;              /* bytes, or CAP_OPEN, CAP_POSITION */
} capture;

/* One search of a pattern in a subject. */
typedef struct matcher {
  lua_State *L;
  const char *subj, *subj_end;
  const char *pat_end;
  int depth;                  /* nested attempts under way */
  int ncap;                   /* captures opened (and not undone) */
  long work;                  /* units counted and not yet charged */
  capture cap[MAX_CAPTURES];
} matcher;

static void setup(matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                  size_t lp) {
  m->L = L;
  m->subj = s;
  m->subj_end = s + ls;
  m->pat_end = p + lp;
  m->depth = 0;
  m->ncap = 0;
  m->work = 0;
}

/* {=== counting the work */

/* Charges the work counted so far to the sandbox's budget; may raise
 * its stop (lua_sandbox.c). */
static void settle(matcher *m) {
  long units = m->work;
  m->work = 0;
  if (units > 0) lmedkb_charge(m->L, units);
}

static inline void spend(matcher *m, long units) {
  m->work += units;
  if (m->work >= CHARGE_EVERY) settle(m);
}

/* Raises fmt (with at most one int, n) as the string library words it,
 * after charging the work done.  Never returns; typed so that matching
 * code can `return fail(...)`. */
static const char *fail(matcher *m, const char *fmt, int n) {
  settle(m);
  luaL_error(m->L, fmt, n);
  return NULL;
}

/* {=== single-byte items: '.', a byte, %x, [set] */

/* Whether byte c is in class %cl: a letter names a <ctype.h> class, or
 * %z the NUL byte (deprecated, but still in Lua 5.4); its upper case is
 * the complement; any other byte stands for itself. */
static int in_class(int c, int cl) {
  int yes;
  switch (tolower(cl)) {
  case 'a': yes = isalpha(c); break;
  case 'c': yes = iscntrl(c); break;
  case 'd': yes = isdigit(c); break;
  case 'g': yes = isgraph(c); break;
  case 'l': yes = islower(c); break;
  case 'p': yes = ispunct(c); break;
  case 's': yes = isspace(c); break;
  case 'u': yes = isupper(c); break;
  case 'w': yes = isalnum(c); break;
  case 'x': yes = isxdigit(c); break;
  case 'z': yes = c == 0; break;
  default: return cl == c;
  }
  return isupper(cl) ? !yes : yes != 0;
}

/* Whether byte c is in the set whose text runs from set (its '[') to
 * close (its ']').  Members are classes %x, ranges x-y (a '-' first or
 * last is itself) and single bytes; a '^' first makes it the complement. */
static int in_set(int c, const char *set, const char *close) {
  const char *q = set + 1;
  int found = 1;              /* what finding c among the members means */
  if (*q == '^') {
    found = 0;
    q++;
  }
  while (q < close) {
    int lo = (unsigned char)q[0];
    if (lo == '%') {
      if (in_class(c, (unsigned char)q[1])) return found;
      q += 2;
    } else if (q[1] == '-' && q + 2 < close) {
      if (lo <= c && c <= (unsigned char)q[2]) return found;
      q += 3;
    } else {
      if (lo == c) return found;
      q++;
    }
  }
  return !found;
}

/* The ']' that closes the set opened at p, or NULL when the pattern ends
 * first.  The first member (after a '^') may be a ']'; a '%' takes the
 * byte after it along, so that "%]" is a member too. */
static const char *set_close(const char *p, const char *end) {
  const char *q = p + 1;
  if (q < end && *q == '^') q++;
  do {
    if (q >= end) return NULL;
    q += (*q == '%' && q + 1 < end) ? 2 : 1;
  } while (q >= end || *q != ']');
  return q;
}

/* The end of the single-byte item at p (p before the pattern's end);
 * raises for a '%' that ends the pattern and for a set without its ']'. */
static const char *item_end(matcher *m, const char *p) {
  const char *close;
  if (*p == '%') {
    if (p + 1 == m->pat_end) return fail(m, "malformed pattern (ends with '%%')", 0);
    return p + 2;
  }
  if (*p != '[') return p + 1;
  close = set_close(p, m->pat_end);
  if (close == NULL) return fail(m, "malformed pattern (missing ']')", 0);
  return close + 1;
}

/* Whether byte c matches the item [p, ep). */
static inline int item_has(int c, const char *p, const char *ep) {
  switch (*p) {
  case '.': return 1;
  case '%': return in_class(c, (unsigned char)p[1]);
  case '[': return in_set(c, p, ep - 1);
  default: return (unsigned char)*p == c;
  }
}

/* The units a test of the item [p, ep) costs: one, and for a long set
 * one more for each SET_BYTES bytes of it, read once to find its end and
 * once to look for the byte, so that a pattern of one huge set pays for
 * reading it again at every position. */
static inline long item_cost(const char *p, const char *ep) {
  return 1 + (long)((ep - p) / SET_BYTES);
}

/* Whether the item [p, ep) matches the byte at s (nothing matches at the
 * subject's end). */
static inline int single(matcher *m, const char *s, const char *p, const char *ep) {
  spend(m, item_cost(p, ep));
  return s < m->subj_end && item_has((unsigned char)*s, p, ep);
}

/* {=== matching */

static const char *walk(matcher *m, const char *s, const char *p);

/* The end of a match of the pattern from p on at s, or NULL.  Every
 * attempt that the rest of the pattern may undo nests one deeper, and a
 * pattern that nests past MAX_DEPTH is "too complex", at the same depth
 * as in the string library. */
static const char *nested(matcher *m, const char *s, const char *p) {
  const char *r;
  if (m->depth >= MAX_DEPTH) return fail(m, "pattern too complex", 0);
  m->depth++;
  spend(m, 1);
  r = walk(m, s, p);
  m->depth--;
  return r;
}

/* Opens capture number ncap at s (kind CAP_OPEN, or CAP_POSITION for
 * "()") and matches the rest of the pattern, p, after it. */
static const char *open_capture(matcher *m, const char *s, const char *p, ptrdiff_t kind) {
  const char *r;
  if (m->ncap >= MAX_CAPTURES) return fail(m, "too many captures", 0);
  m->cap[m->ncap].at = s;
  m->cap[m->ncap].len = kind;
  m->ncap++;
  r = nested(m, s, p);
  if (r == NULL) m->ncap--;
  return r;
}

/* Closes the innermost open capture at s and matches p after it. */
static const char *close_capture(matcher *m, const char *s, const char *p) {
  int i = m->ncap - 1;
  const char *r;
  while (i >= 0 && m->cap[i].len != CAP_OPEN) i--;
  if (i < 0) return fail(m, "invalid pattern capture", 0);
  m->cap[i].len = s - m->cap[i].at;
  r = nested(m, s, p);
  if (r == NULL) m->cap[i].len = CAP_OPEN;
  return r;
}

/* %dig at s: the text of capture dig again.  A position capture has no
 * text, so that it never matches. */
static const char *backref(matcher *m, const char *s, int dig) {
  int i = dig - 1;
  size_t len;
  if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
    return fail(m, "invalid capture index %%%d", dig);
  if (m->cap[i].len == CAP_POSITION) return NULL;
  len = (size_t)m->cap[i].len;
  spend(m, 1 + (long)(len >> 4));
  if ((size_t)(m->subj_end - s) < len || memcmp(m->cap[i].at, s, len) != 0) return NULL;
  return s + len;
}

/* %bxy at s (p at x): from an x at s to the y that balances it. */
static const char *balanced(matcher *m, const char *s, const char *p) {
  int open, close, level = 1;
  if (p + 1 >= m->pat_end)
    return fail(m, "malformed pattern (missing arguments to '%%b')", 0);
  open = (unsigned char)p[0];
  close = (unsigned char)p[1];
  if (s >= m->subj_end || (unsigned char)*s != open) return NULL;
  while (++s < m->subj_end) {
    int c = (unsigned char)*s;
    spend(m, 1);
    if (c == close) {
      if (--level == 0) return s + 1;
    } else if (c == open) {
      level++;
    }
  }
  return NULL;
}

/* The item [p, ep) as many times as it matches from s on, then one time
 * fewer at each failure of the rest of the pattern, down to the position
 * least (s itself, or s less one for '*', whose first time matched). */
static const char *greedy(matcher *m, const char *least, const char *s, const char *p,
                          const char *ep) {
  const char *e = s;
  if (*p == '.') {              /* matches up to the end: no need to test */
    spend(m, (long)(m->subj_end - s));
    e = m->subj_end;
  } else {
    while (single(m, e, p, ep)) e++;
  }
  for (;;) {
    const char *r = nested(m, e, ep + 1);
    if (r != NULL || e == least) return r;
    e--;
  }
}

/* The item [p, ep) as few times as the rest of the pattern allows. */
static const char *lazy(matcher *m, const char *s, const char *p, const char *ep) {
  for (;;) {
    const char *r = nested(m, s, ep + 1);
    if (r != NULL) return r;
    if (!single(m, s, p, ep)) return NULL;
    s++;
  }
}

/* Frontier %f[set] at s (set at its '['): the byte before s (a NUL at the
 * subject's start) is not in the set and the byte at s (a NUL at its end)
 * is.  The pattern's rest at *rest. */
static int frontier(matcher *m, const char *s, const char *set, const char **rest) {
  const char *ep;
  int before, here;
  if (set >= m->pat_end || *set != '[') {
    fail(m, "missing '[' after '%%f' in pattern", 0);
    return 0;
  }
  ep = item_end(m, set);
  before = s > m->subj ? (unsigned char)s[-1] : 0;
  here = s < m->subj_end ? (unsigned char)*s : 0;
  spend(m, 2 * item_cost(set, ep));
  *rest = ep;
  return !in_set(before, set, ep - 1) && in_set(here, set, ep - 1);
}

/* Matches the pattern from p on at s: the end of the match, or NULL.
 * Items that cannot be undone (a byte with no quantifier, %b, %f, a
 * back-reference) go on in this call; every choice is tried in a nested
 * one. */
static const char *walk(matcher *m, const char *s, const char *p) {
  const char *end = m->pat_end;
  while (p < end) {
    const char *ep;
    int quant;
    switch (*p) {
    case '(':
      if (p + 1 < end && p[1] == ')') return open_capture(m, s, p + 2, CAP_POSITION);
      return open_capture(m, s, p + 1, CAP_OPEN);
    case ')':
      return close_capture(m, s, p + 1);
    case '$':
      if (p + 1 == end) return s == m->subj_end ? s : NULL;
      break;                    /* elsewhere, a '$' is itself */
    case '%':
      if (p + 1 == end) break;  /* item_end raises */
      if (p[1] == 'b') {
        s = balanced(m, s, p + 2);
        if (s == NULL) return NULL;
        p += 4;
        continue;
      }
      if (p[1] == 'f') {
        if (!frontier(m, s, p + 2, &p)) return NULL;
        continue;
      }
      if (p[1] >= '0' && p[1] <= '9') {
        s = backref(m, s, p[1] - '0');
        if (s == NULL) return NULL;
        p += 2;
        continue;
      }
      break;
    default:
      break;
    }
    /* a single-byte item, and the quantifier after it if any */
    ep = item_end(m, p);
    quant = ep < end ? *ep : 0;
    if (!single(m, s, p, ep)) {
      if (quant != '*' && quant != '?' && quant != '-') return NULL;
      p = ep + 1;               /* none of it */
      continue;
    }
    switch (quant) {
    case '?': {
      const char *r = nested(m, s + 1, ep + 1);
      if (r != NULL) return r;
      p = ep + 1;
      continue;
    }
    case '*': return greedy(m, s, s + 1, p, ep);
    case '+': return greedy(m, s + 1, s + 1, p, ep);
    case '-': return lazy(m, s, p, ep);
    default:
      s++;
      p = ep;
      continue;
    }
  }
  return s;
}

/* The end of a match of the pattern p at s, or NULL: a fresh attempt,
 * with no captures. */
static const char *match_at(matcher *m, const char *s, const char *p) {
  m->ncap = 0;
  m->depth = 0;
  return nested(m, s, p);
}

/* {=== searching */

/* A pattern's lead: its first item, when it is a single byte that every
 * match begins with (no '*', '-' or '?' after it).  A search passes over
 * the positions whose byte it does not match without attempting a match
 * there: the attempt would fail on that item, raising nothing. */
typedef struct lead {
  const char *p, *ep;
} lead;

/* Whether the pattern p (its end in m) has a lead; puts it in ld. */
static int find_lead(const matcher *m, const char *p, lead *ld) {
  const char *end = m->pat_end, *ep;
  if (p >= end) return 0;
  switch (*p) {
  case '(':
  case ')':
    return 0;
  case '$':
    if (p + 1 == end) return 0;
    ep = p + 1;
    break;
  case '%':
    if (p + 1 == end || p[1] == 'b' || p[1] == 'f' || (p[1] >= '0' && p[1] <= '9')) return 0;
    ep = p + 2;
    break;
  case '[':
    ep = set_close(p, end);
    if (ep == NULL) return 0;
    ep++;
    break;
  default:
    ep = p + 1;
    break;
  }
  if (ep < end && (*ep == '*' || *ep == '?' || *ep == '-')) return 0;
  ld->p = p;
  ld->ep = ep;
  return 1;
}

/* The first position from s on whose byte the lead matches, or the
 * subject's end: a test's units for each position passed over (a byte's
 * search by memchr, one). */
static const char *to_lead(matcher *m, const char *s, const lead *ld) {
  const char *from = s, *end = m->subj_end;
  int c = (unsigned char)*ld->p;
  if (c != '.' && c != '%' && c != '[') {
    s = memchr(s, c, (size_t)(end - s));
    if (s == NULL) s = end;
  } else {
    long cost = item_cost(ld->p, ld->ep);
    for (; s < end && !item_has((unsigned char)*s, ld->p, ld->ep); s++) spend(m, cost);
    return s;
  }
  spend(m, (long)(s - from));
  return s;
}

/* The 0-based offset where a search from Lua position pos begins in a
 * subject of len bytes: a negative pos counts from the end, one before
 * the start (or 0) is the start.  May be past the end. */
static size_t start_offset(lua_Integer pos, size_t len) {
  if (pos > 0) return (size_t)pos - 1;
  if (pos == 0 || pos < -(lua_Integer)len) return 0;
  return len - (size_t)(-pos);
}

/* Whether p has a byte that makes it a pattern rather than plain text. */
static int has_specials(const char *p, size_t lp) {
  for (size_t i = 0; i < lp; i++) {
    switch (p[i]) {
    case '^': case '$': case '*': case '+': case '?':
    case '.': case '(': case '[': case '%': case '-':
      return 1;
    default:
      break;
    }
  }
  return 0;
}

/* Capture i of a match [s, e): its text (length in *len), or NULL for a
 * position capture.  Capture 0 of a pattern without captures is the
 * whole match; raises for a capture the pattern does not have and for
 * one never closed. */
static const char *capture_text(matcher *m, int i, const char *s, const char *e, size_t *len) {
  if (i >= m->ncap) {
    if (i > 0) return fail(m, "invalid capture index %%%d", i + 1);
    *len = (size_t)(e - s);
    return s;
  }
  if (m->cap[i].len == CAP_OPEN) return fail(m, "unfinished capture", 0);
  if (m->cap[i].len == CAP_POSITION) return NULL;
  *len = (size_t)m->cap[i].len;
  return m->cap[i].at;
}

/* Pushes capture i of the match [s, e): a string, or a position. */
static void push_capture(matcher *m, int i, const char *s, const char *e) {
  size_t len = 0;
  const char *text = capture_text(m, i, s, e, &len);
  if (text != NULL) lua_pushlstring(m->L, text, len);
  else lua_pushinteger(m->L, m->cap[i].at - m->subj + 1);
}

/* Pushes the captures of the match [s, e), or the match itself when the
 * pattern has none and whole is set; returns how many it pushed. */
static int push_captures(matcher *m, const char *s, const char *e, int whole) {
  int n = (m->ncap == 0 && whole) ? 1 : m->ncap;
  luaL_checkstack(m->L, n, "too many captures");
  for (int i = 0; i < n; i++) push_capture(m, i, s, e);
  return n;
}

/* find(s, p) with p as plain text, from offset init (at most ls). */
static int plain_find(lua_State *L, const char *s, size_t ls, size_t init, const char *p,
                      size_t lp) {
  matcher m;
  const char *at = s + init, *found = NULL;
  setup(&m, L, s, ls, p, lp);
  if (lp == 0) {
    found = at;
  } else if (lp <= ls - init) {
    const char *last = s + ls - lp;   /* the last position p fits at */
    while (at <= last) {
      const char *c = memchr(at, *p, (size_t)(last - at) + 1);
      if (c == NULL) break;
      spend(&m, 1 + (long)(lp >> 6));
      if (memcmp(c + 1, p + 1, lp - 1) == 0) {
        found = c;
        break;
      }
      at = c + 1;
    }
  }
  settle(&m);
  if (found == NULL) {
    luaL_pushfail(L);
    return 1;
  }
  lua_pushinteger(L, found - s + 1);
  lua_pushinteger(L, (lua_Integer)(found - s) + (lua_Integer)lp);
  return 2;
}

/* find(s, p [, init [, plain]]) -> start, end, captures...; or nil.
 * match(s, p [, init]) -> captures (or the match); or nil. */
static int find_or_match(lua_State *L, int find) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
  int anchored, has_lead;
  const char *at;
  matcher m;
  lead ld;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || !has_specials(p, lp)))
    return plain_find(L, s, ls, init, p, lp);
  anchored = lp > 0 && *p == '^';
  if (anchored) {
    p++;
    lp--;
  }
  setup(&m, L, s, ls, p, lp);
  has_lead = !anchored && find_lead(&m, p, &ld);
  for (at = s + init;; at++) {
    const char *e;
    if (has_lead) at = to_lead(&m, at, &ld);
    e = match_at(&m, at, p);
    if (e != NULL) {
      int n;
      if (find) {
        lua_pushinteger(L, at - s + 1);
        lua_pushinteger(L, e - s);
        n = 2 + push_captures(&m, NULL, NULL, 0);
      } else {
        n = push_captures(&m, at, e, 1);
      }
      settle(&m);
      return n;
    }
    if (anchored || at >= m.subj_end) break;
  }
  settle(&m);
  luaL_pushfail(L);
  return 1;
}

static int l_find(lua_State *L) {
  return find_or_match(L, 1);
}

static int l_match(lua_State *L) {
  return find_or_match(L, 0);
}

/* {=== gmatch */

/* Where an iteration stands, as offsets into its subject. */
typedef struct gmatch_state {
  size_t next;                /* where the next search begins; past the end when done */
  size_t last;                /* where the last match ended, or (size_t)-1 */
} gmatch_state;

/* The iterator: the next match's captures (or the match), or nothing.
 * Upvalues: the subject, the pattern, the gmatch_state.  An empty match
 * where the last match ended is passed over. */
static int gmatch_next(lua_State *L) {
  size_t ls, lp;
  const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
  matcher m;
  lead ld;
  int has_lead;
  setup(&m, L, s, ls, p, lp);
  has_lead = find_lead(&m, p, &ld);
  for (size_t i = g->next; i <= ls; i++) {
    const char *e;
    if (has_lead) i = (size_t)(to_lead(&m, s + i, &ld) - s);
    e = match_at(&m, s + i, p);
    if (e != NULL && (size_t)(e - s) != g->last) {
      int n;
      g->next = g->last = (size_t)(e - s);
      n = push_captures(&m, s + i, e, 1);
      settle(&m);
      return n;
    }
  }
  settle(&m);
  return 0;
}

/* gmatch(s, p [, init]) -> an iterator over the matches of p in s from
 * init on.  A '^' at the start of p is itself, not an anchor. */
static int l_gmatch(lua_State *L) {
  size_t ls, lp;
  gmatch_state *g;
  size_t init;
  luaL_checklstring(L, 1, &ls);
  luaL_checklstring(L, 2, &lp);
  init = start_offset(luaL_optinteger(L, 3, 1), ls);
  lua_settop(L, 2);
  g = lua_newuserdatauv(L, sizeof *g, 0);
  g->next = init > ls ? ls + 1 : init;
  g->last = (size_t)-1;
  lua_pushcclosure(L, gmatch_next, 3);
  return 1;
}

/* {=== gsub */

/* Adds len bytes at text to the result: a unit of work each. */
static void emit(matcher *m, luaL_Buffer *b, const char *text, size_t len) {
  luaL_addlstring(b, text, len);
  spend(m, (long)len);
}

/* Adds the replacement string (argument 3) for the match [s, e): %0 is
 * the match, %1-%9 a capture, %% a '%'. */
static void add_template(matcher *m, luaL_Buffer *b, const char *s, const char *e) {
  size_t lt;
  const char *t = lua_tolstring(m->L, 3, &lt), *tend = t + lt, *pct;
  while ((pct = memchr(t, '%', (size_t)(tend - t))) != NULL) {
    int c = pct + 1 < tend ? (unsigned char)pct[1] : -1;
    emit(m, b, t, (size_t)(pct - t));
    if (c == '%') {
      emit(m, b, "%", 1);
    } else if (c == '0') {
      emit(m, b, s, (size_t)(e - s));
    } else if (c >= '1' && c <= '9') {
      size_t len = 0;
      const char *text = capture_text(m, c - '1', s, e, &len);
      if (text != NULL) {
        emit(m, b, text, len);
      } else {
        lua_pushinteger(m->L, m->cap[c - '1'].at - m->subj + 1);
        spend(m, 1);
        luaL_addvalue(b);
      }
    } else {
      fail(m, "invalid use of '%c' in replacement string", '%');
    }
    t = pct + 2;
  }
  emit(m, b, t, (size_t)(tend - t));
}

/* Adds the replacement for the match [s, e) as the type of argument 3,
 * tr, says: the string with its %-escapes, the value of the table at the
 * first capture, what the function returns given the captures.  A false
 * or nil value keeps the match.  Returns whether the result changed. */
static int replace(matcher *m, luaL_Buffer *b, const char *s, const char *e, int tr) {
  lua_State *L = m->L;
  size_t len;
  if (tr == LUA_TFUNCTION) {
    int n;
    lua_pushvalue(L, 3);
    n = push_captures(m, s, e, 1);
    settle(m);
    lua_call(L, n, 1);
  } else if (tr == LUA_TTABLE) {
    push_capture(m, 0, s, e);
    lua_gettable(L, 3);
  } else {
    add_template(m, b, s, e);
    return 1;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    emit(m, b, s, (size_t)(e - s));
    return 0;
  }
  if (!lua_isstring(L, -1))
    return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  lua_tolstring(L, -1, &len);
  spend(m, (long)len);
  luaL_addvalue(b);
  return 1;
}

/* gsub(s, p, repl [, n]) -> the string with the first n (all) matches of
 * p replaced, the number of matches.  An empty match where the last
 * match ended is not one. */
static int l_gsub(lua_State *L) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  int tr = lua_type(L, 3);
  lua_Integer most = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
  int anchored = lp > 0 && *p == '^', changed = 0, has_lead;
  const char *at = s, *last = NULL;
  matcher m;
  luaL_Buffer b;
  lead ld;
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
                   tr == LUA_TTABLE, 3, "string/function/table");
  luaL_buffinit(L, &b);
  if (anchored) {
    p++;
    lp--;
  }
  setup(&m, L, s, ls, p, lp);
  has_lead = !anchored && find_lead(&m, p, &ld);
  while (n < most) {
    const char *e;
    if (has_lead) {
      const char *to = to_lead(&m, at, &ld);
      emit(&m, &b, at, (size_t)(to - at));
      at = to;
    }
    e = match_at(&m, at, p);
    if (e != NULL && e != last) {
      n++;
      changed |= replace(&m, &b, at, e, tr);
      at = last = e;
    } else if (at < m.subj_end) {
      luaL_addchar(&b, *at++);
      spend(&m, 1);
    } else {
      break;
    }
    if (anchored) break;
  }
  if (changed) {
    emit(&m, &b, at, (size_t)(m.subj_end - at));
    luaL_pushresult(&b);
  } else {
    lua_pushvalue(L, 1);
  }
  lua_pushinteger(L, n);
  settle(&m);
  return 2;
}

/* {=== the module */

/* Sets field "pattern" of the table on top to {find, match, gmatch, gsub}. */
void lmedkb_open_pattern(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"find", l_find},
    {"match", l_match},
    {"gmatch", l_gmatch},
    {"gsub", l_gsub},
    {NULL, NULL}
  };
  luaL_newlib(L, funcs);
  lua_setfield(L, -2, "pattern");
}
