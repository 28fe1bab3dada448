/*
 * repl.c -- the read-eval-print loop of `medkb repl`, after lua.c: each
 * chunk runs under lua_pcall with a traceback handler and a SIGINT hook
 * that interrupts the chunk, not the process; a line is first tried as
 * `return <line>`; a syntax error ending in <eof> reads another line.
 * Ctrl-C while a line is typed discards it (and any lines of the chunk
 * before it) and gives a new prompt, as Python and psql do; Ctrl-D on an
 * empty line leaves.  Reading goes through one function, with readline
 * (editing, history, completion) when stdin is a terminal and plain stdio
 * when it is not, so that tests can drive it.  Formatting results and
 * finding completions are Lua (scripts/medkb/repl.lua), passed in as
 * helpers.  Depends on Lua 5.4 and GNU readline.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "repl.h"

#define PROMPT "medkb> "
#define PROMPT2 ">> "
#define EOFMARK "<eof>"

/* Stack slots of repl_run's fixed arguments. */
enum { ENV = 1, HELPERS = 2 };

static lua_State *globalL;     /* the state a SIGINT interrupts */
static volatile sig_atomic_t line_interrupted;  /* SIGINT while a line is typed */
static int tracebacks;         /* helpers.traceback: full tracebacks on errors */
static lua_State *completeL;   /* the state completion runs in */

/* {=== interruption (as in lua.c) */

static void lstop(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

static void laction(int sig) {
  int flag = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
  signal(sig, SIG_DFL);
  lua_sethook(globalL, lstop, flag, 1);
}

static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  if (tracebacks) luaL_traceback(L, L, msg, 1);
  else lua_pushstring(L, msg);
  return 1;
}

/* Calls the function below its nargs arguments with the traceback handler
 * and the SIGINT hook in place; leaves the results or the message. */
static int docall(lua_State *L, int nargs, int nres) {
  int base = lua_gettop(L) - nargs;
  int status;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  globalL = L;
  signal(SIGINT, laction);
  status = lua_pcall(L, nargs, nres, base);
  signal(SIGINT, SIG_DFL);
  lua_remove(L, base);
  return status;
}

/* {=== reading */

/* Results of read_line. */
enum { READ_EOF = 0, READ_LINE = 1, READ_INTERRUPTED = 2 };

static void on_sigint(int sig) {
  (void)sig;
  line_interrupted = 1;
}

/* The terminal opened a second time, non-blocking (an open file
 * description of its own, so that the shell's stays as it is), or -1. */
static int tty_nonblock = -1;

/* readline's way of reading a key: SIGINT (Ctrl-C) ends the line as if
 * Return were pressed on an empty one, and read_line, seeing
 * line_interrupted, discards it.  SIGINT is blocked but while pselect
 * waits, so that one arriving between the check and the wait is not
 * missed; and the key is read without blocking, because Ctrl-C also
 * flushes what was typed ahead, so that input pselect saw may be gone. */
static int getc_interruptible(FILE *f) {
  sigset_t block, orig;
  int fd = fileno(f), c = EOF;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &orig);
  for (;;) {
    fd_set in;
    if (line_interrupted) {
      fputs("^C", rl_outstream ? rl_outstream : stdout);
      rl_replace_line("", 0);
      c = '\n';
      break;
    }
    FD_ZERO(&in);
    FD_SET(fd, &in);
    if (pselect(fd + 1, &in, NULL, NULL, NULL, &orig) > 0) {
      unsigned char ch;
      ssize_t n = read(tty_nonblock >= 0 ? tty_nonblock : fd, &ch, 1);
      if (n == 1) {
        c = ch;
        break;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
      break;
    }
    if (errno != EINTR) break;
  }
  sigprocmask(SIG_SETMASK, &orig, NULL);
  return c;
}

/* Pushes the next line without its newline: READ_LINE; READ_EOF (nothing
 * pushed) at end of input; READ_INTERRUPTED (nothing pushed) when Ctrl-C
 * discarded the line being typed. */
static int read_line(lua_State *L, const char *prompt, int tty) {
  if (tty) {
    struct sigaction sa, old;
    char *line;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;  /* no SA_RESTART: the read must return */
    sigemptyset(&sa.sa_mask);
    line_interrupted = 0;
    sigaction(SIGINT, &sa, &old);
    line = readline(prompt);
    sigaction(SIGINT, &old, NULL);
    if (line_interrupted) {
      free(line);
      return READ_INTERRUPTED;
    }
    if (line == NULL) return READ_EOF;
    lua_pushstring(L, line);
    free(line);
    return READ_LINE;
  } else {
    luaL_Buffer b;
    char buf[4096];
    int got = 0;
    luaL_buffinit(L, &b);
    while (fgets(buf, sizeof buf, stdin) != NULL) {
      size_t n = strlen(buf);
      got = 1;
      if (n > 0 && buf[n - 1] == '\n') {
        luaL_addlstring(&b, buf, n - 1);
        break;
      }
      luaL_addlstring(&b, buf, n);
    }
    luaL_pushresult(&b);
    if (!got) {
      lua_pop(L, 1);
      return READ_EOF;
    }
    return READ_LINE;
  }
}

static int incomplete(lua_State *L, int status) {
  size_t len;
  const char *msg;
  if (status != LUA_ERRSYNTAX) return 0;
  msg = lua_tolstring(L, -1, &len);
  return len >= sizeof(EOFMARK) - 1 &&
         strcmp(msg + len - (sizeof(EOFMARK) - 1), EOFMARK) == 0;
}

/* Load status of a chunk that Ctrl-C discarded while it was typed. */
#define LOAD_DISCARDED (-1)

/* Compiles the chunk on top of the stack (replacing it with the function)
 * as `return <chunk>`, or as statements.  An incomplete statement reads
 * more lines.  Returns the load status, or LOAD_DISCARDED with the chunk
 * popped; the chunk text is otherwise left below. */
static int load_chunk(lua_State *L, int tty) {
  size_t len;
  const char *chunk = lua_tolstring(L, -1, &len);
  const char *ret = lua_pushfstring(L, "return %s", chunk);
  int status = luaL_loadbuffer(L, ret, strlen(ret), "=stdin");
  if (status == LUA_OK) {
    lua_remove(L, -2);
    return status;
  }
  lua_pop(L, 2);
  for (;;) {
    int got;
    chunk = lua_tolstring(L, -1, &len);
    status = luaL_loadbuffer(L, chunk, len, "=stdin");
    if (!incomplete(L, status)) return status;
    got = read_line(L, PROMPT2, tty);
    if (got == READ_EOF) return status;  /* the message stays */
    if (got == READ_INTERRUPTED) {
      lua_pop(L, 2);
      return LOAD_DISCARDED;
    }
    lua_remove(L, -2);
    lua_pushliteral(L, "\n");
    lua_insert(L, -2);
    lua_concat(L, 3);
  }
}

/* {=== printing */

/* Prints the values above base through helpers.format, tab-separated. */
static void print_results(lua_State *L, int base) {
  int n = lua_gettop(L) - base, i;
  if (n == 0) return;
  for (i = 1; i <= n; i++) {
    lua_getfield(L, HELPERS, "format");
    lua_pushvalue(L, base + i);
    if (docall(L, 1, 1) != LUA_OK) {
      fprintf(stderr, "error formatting a result: %s\n", lua_tostring(L, -1));
      lua_pop(L, 1);
      return;
    }
    fputs(lua_tostring(L, -1) ? lua_tostring(L, -1) : "?", stdout);
    fputs(i < n ? "\t" : "\n", stdout);
    lua_pop(L, 1);
  }
  fflush(stdout);
}

static void print_error(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "%s\n", msg ? msg : "(error object is not a string)");
  fflush(stderr);
  lua_pop(L, 1);
}

/* {=== completion */

static char *complete_next(const char *text, int state) {
  static int i;
  const char *s;
  lua_State *L = completeL;
  if (state == 0) {
    lua_settop(L, HELPERS);
    lua_getfield(L, HELPERS, "complete");
    lua_pushvalue(L, ENV);
    lua_pushstring(L, text);
    if (lua_pcall(L, 2, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
      lua_settop(L, HELPERS);
      return NULL;
    }
    i = 0;
  }
  if (lua_gettop(L) <= HELPERS || !lua_istable(L, -1)) return NULL;
  lua_rawgeti(L, -1, ++i);
  s = lua_tostring(L, -1);
  if (s == NULL) {
    lua_settop(L, HELPERS);
    return NULL;
  }
  s = strdup(s);
  lua_pop(L, 1);
  return (char *)s;
}

static char **complete(const char *text, int start, int end) {
  (void)start;
  (void)end;
  rl_attempted_completion_over = 1;  /* no file names */
  rl_completion_append_character = '\0';  /* "kb:get" is followed by "(", not " " */
  return rl_completion_matches(text, complete_next);
}

/* {=== the loop */

static int dot_command(lua_State *L, const char *line) {
  if (strcmp(line, ".quit") == 0 || strcmp(line, ".exit") == 0) return 0;
  if (strcmp(line, ".help") == 0) {
    lua_getfield(L, HELPERS, "help");
    fputs(lua_tostring(L, -1) ? lua_tostring(L, -1) : "", stdout);
    fflush(stdout);
    lua_pop(L, 1);
  } else {
    fprintf(stderr, "unknown command '%s' (try .help)\n", line);
  }
  return 1;
}

/* replcore.run(env, helpers) -> the number of chunks that failed.  Reads,
 * evaluates and prints until end of input or .quit.  helpers: format(v)
 * -> string, complete(env, text) -> {candidates}, help (text for .help),
 * history (file name or nil), traceback (true for full tracebacks on
 * errors). */
static int repl_run(lua_State *L) {
  int tty = isatty(STDIN_FILENO);
  lua_Integer failed = 0;
  const char *history;
  luaL_checktype(L, ENV, LUA_TTABLE);
  luaL_checktype(L, HELPERS, LUA_TTABLE);
  lua_settop(L, HELPERS);
  lua_getfield(L, HELPERS, "history");
  history = lua_tostring(L, -1);  /* kept alive by the helpers table */
  lua_getfield(L, HELPERS, "traceback");
  tracebacks = lua_toboolean(L, -1);
  lua_pop(L, 2);
  if (tty) {
    completeL = L;
    rl_readline_name = "medkb";
    rl_catch_signals = 0;  /* SIGINT is read_line's to handle */
    rl_getc_function = getc_interruptible;
    if (ttyname(STDIN_FILENO))
      tty_nonblock = open(ttyname(STDIN_FILENO), O_RDONLY | O_NONBLOCK | O_NOCTTY);
    rl_attempted_completion_function = complete;
    rl_completer_word_break_characters = " \t\n\"\\'`@$><=;|&{(,+-*/%^~#[]";
    /* append_history needs the file to exist */
    if (history && read_history(history) != 0) write_history(history);
  }
  for (;;) {
    int status, got;
    const char *line;
    lua_settop(L, HELPERS);
    got = read_line(L, PROMPT, tty);
    if (got == READ_EOF) break;
    if (got == READ_INTERRUPTED) continue;
    line = lua_tostring(L, -1);
    if (line[strspn(line, " \t")] == '\0') continue;
    if (line[0] == '.') {
      if (!dot_command(L, line)) break;
      continue;
    }
    status = load_chunk(L, tty);
    if (status == LOAD_DISCARDED) continue;
    if (tty) {
      add_history(lua_tostring(L, -2));
      if (history) append_history(1, history);
    }
    if (status == LUA_OK) {
      lua_pushvalue(L, ENV);
      lua_setupvalue(L, -2, 1);
      status = docall(L, 0, LUA_MULTRET);
    }
    if (status == LUA_OK) {
      print_results(L, HELPERS + 1);
    } else {
      print_error(L);
      failed++;
    }
  }
  if (tty) {
    if (history) history_truncate_file(history, 1000);
    fputc('\n', stdout);
    if (tty_nonblock >= 0) close(tty_nonblock);
    tty_nonblock = -1;
  }
  lua_settop(L, 0);
  lua_pushinteger(L, failed);
  return 1;
}

int luaopen_medkb_replcore(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"run", repl_run},
    {NULL, NULL}
  };
  luaL_newlib(L, funcs);
  lua_pushboolean(L, isatty(STDIN_FILENO));
  lua_setfield(L, -2, "interactive");
  return 1;
}
