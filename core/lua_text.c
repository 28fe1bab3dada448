/*
 * lua_text.c -- medkb.text: the text primitives of core/text.c for the Lua
 * importers.  converter(from, to) makes a medkb.Converter whose
 * feed(chunk [, final]) returns the converted text, or nil, a message and
 * the byte offset (0-based, from the start of the stream) of the bad
 * input; hash(s) gives a 16-digit hex content key; isatty(fd) says whether
 * a standard stream is a terminal.  Depends on Lua 5.4 and core/text.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lua_medkb.h"

#define CONVERTER_MT "medkb.Converter"

typedef struct lconv {
  medkb_conv *c;
} lconv;

static lconv *checkconv(lua_State *L) {
  lconv *k = luaL_checkudata(L, 1, CONVERTER_MT);
  if (k->c == NULL) luaL_error(L, "attempt to use a closed converter");
  return k;
}

/* medkb.text.converter(from, to) -> Converter; raises for an unknown
 * encoding. */
static int text_converter(lua_State *L) {
  const char *from = luaL_checkstring(L, 1);
  const char *to = luaL_checkstring(L, 2);
  lconv *k = lua_newuserdatauv(L, sizeof *k, 0);
  k->c = NULL;
  luaL_setmetatable(L, CONVERTER_MT);
  if (medkb_conv_open(from, to, &k->c) != MEDKB_OK)
    return luaL_error(L, "cannot convert from '%s' to '%s'", from, to);
  return 1;
}

/* conv:feed(chunk [, final]) -> text, or nil, message, offset */
static int conv_feed(lua_State *L) {
  lconv *k = checkconv(L);
  size_t len, outlen;
  const char *in = luaL_checklstring(L, 2, &len);
  int final = lua_toboolean(L, 3);
  const char *out;
  uint64_t bad = 0;
  int rc = medkb_conv_feed(k->c, in, len, final, &out, &outlen, &bad);
  if (rc == MEDKB_OK) {
    lua_pushlstring(L, out, outlen);
    return 1;
  }
  if (rc == MEDKB_NOMEM) return luaL_error(L, "out of memory");
  lua_pushnil(L);
  lua_pushstring(L, final ? "invalid or truncated byte sequence" : "invalid byte sequence");
  lua_pushinteger(L, (lua_Integer)bad);
  return 3;
}

static int conv_close(lua_State *L) {
  lconv *k = luaL_checkudata(L, 1, CONVERTER_MT);
  medkb_conv_close(k->c);
  k->c = NULL;
  return 0;
}

/* medkb.text.hash(s, ...) -> 16 hex digits: the hash of the strings
 * joined by NUL bytes, without making the joined string. */
static int text_hash(lua_State *L) {
  int i, n = lua_gettop(L);
  uint64_t h = medkb_hash64(NULL, 0);
  char hex[17];
  luaL_checkstring(L, 1);
  for (i = 1; i <= n; i++) {
    size_t len;
    const char *s = luaL_checklstring(L, i, &len);
    if (i > 1) h = medkb_hash64_more(h, "", 1);
    h = medkb_hash64_more(h, s, len);
  }
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
  lua_pushstring(L, hex);
  return 1;
}

/* medkb.text.fold(s) -> s folded for matching: NFKC case folding and
 * simplified Han characters (core/fold.c). */
static int text_fold(lua_State *L) {
  size_t len, outlen;
  const char *s = luaL_checklstring(L, 1, &len);
  char *out = medkb_fold(s, len, &outlen);
  if (out == NULL) return luaL_error(L, "out of memory");
  lua_pushlstring(L, out, outlen);
  free(out);
  return 1;
}

/* medkb.text.words(s) -> list of the words of s, by ICU's dictionary for
 * Chinese (spaces and punctuation left out), each as it stands in s. */
static int text_words(lua_State *L) {
  size_t len, *bounds, n;
  const char *s = luaL_checklstring(L, 1, &len);
  int rc = medkb_words(s, len, &bounds, &n);
  if (rc == MEDKB_NOMEM) return luaL_error(L, "out of memory");
  if (rc != MEDKB_OK) return luaL_error(L, "cannot find word boundaries (ICU)");
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushlstring(L, s + bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  free(bounds);
  return 1;
}

/* medkb.text.pinyin(s) -> the pinyin of the Han characters of s, one
 * reading each, separated by spaces ("ji rou tiao dong"); other
 * characters are left out. */
static int text_pinyin(lua_State *L) {
  size_t len, pos = 0;
  const char *s = luaL_checklstring(L, 1, &len);
  luaL_Buffer b;
  int first = 1;
  luaL_buffinit(L, &b);
  while (pos < len) {
    uint32_t cp[MEDKB_FOLD_MAX];
    int n, cls;
    medkb_fold_next(s, len, &pos, cp, &n, &cls);
    for (int k = 0; k < n; k++) {
      const char *py = cls == MEDKB_CHAR_HAN ? medkb_pinyin(cp[k]) : NULL;
      if (py == NULL) continue;
      if (!first) luaL_addchar(&b, ' ');
      luaL_addstring(&b, py);
      first = 0;
    }
  }
  luaL_pushresult(&b);
  return 1;
}

/* medkb.text.isatty(fd) -> boolean */
static int text_isatty(lua_State *L) {
  lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
  return 1;
}

/* Pushes the medkb.text table. */
void lmedkb_open_text(lua_State *L) {
  static const luaL_Reg methods[] = {
    {"feed", conv_feed},
    {"close", conv_close},
    {NULL, NULL}
  };
  static const luaL_Reg meta[] = {
    {"__gc", conv_close},
    {"__close", conv_close},
    {NULL, NULL}
  };
  static const luaL_Reg funcs[] = {
    {"converter", text_converter},
    {"hash", text_hash},
    {"isatty", text_isatty},
    {"fold", text_fold},
    {"words", text_words},
    {"pinyin", text_pinyin},
    {NULL, NULL}
  };
  lmedkb_newclass(L, CONVERTER_MT, methods, meta);
  luaL_newlib(L, funcs);
}
