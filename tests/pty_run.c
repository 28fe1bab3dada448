/*
 * pty_run.c -- runs a command on a pseudo-terminal and plays a script at
 * it, as a person at a terminal would: wait for some text, then type some
 * (Ctrl-C and Ctrl-D included).  The tests of `medkb repl` use it for what
 * only a terminal shows.  Writes everything the command printed to stdout
 * and exits with the command's status (124 when a wait timed out).
 * Usage: pty_run STEP... -- COMMAND [ARGS]
 * Steps: "expect:TEXT" waits (up to 10 s) for TEXT in the output since the
 * last expect; "send:TEXT" types TEXT.  In TEXT, \n, \r, \xHH and \\ are
 * escapes.  Depends on POSIX and glibc's forkpty.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char out[1 << 20];
static size_t out_len, seen_from;

/* Decodes the escapes of s in place; returns the length. */
static size_t unescape(char *s) {
  char *r = s, *w = s;
  while (*r) {
    if (r[0] == '\\' && r[1]) {
      r++;
      if (*r == 'n') *w++ = '\n';
      else if (*r == 'r') *w++ = '\r';
      else if (*r == 'x' && r[1] && r[2]) {
        char hex[3] = {r[1], r[2], 0};
        *w++ = (char)strtol(hex, NULL, 16);
        r += 2;
      } else *w++ = *r;
      r++;
    } else {
      *w++ = *r++;
    }
  }
  *w = '\0';
  return (size_t)(w - s);
}

/* Reads what the command printed, waiting up to ms; 0 at its end. */
static int drain(int fd, int ms) {
  struct pollfd p = {fd, POLLIN, 0};
  ssize_t n;
  if (poll(&p, 1, ms) <= 0) return 1;
  n = read(fd, out + out_len, sizeof out - 1 - out_len);
  if (n <= 0) return 0;
  out_len += (size_t)n;
  out[out_len] = '\0';
  return 1;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  int fd, i, cmd = 0, status = 0;
  pid_t pid;
  for (i = 1; i < argc; i++)
    if (strcmp(argv[i], "--") == 0) cmd = i + 1;
  if (cmd == 0 || cmd >= argc) {
    fprintf(stderr, "usage: pty_run STEP... -- COMMAND [ARGS]\n");
    return 2;
  }
  pid = forkpty(&fd, NULL, NULL, NULL);
  if (pid < 0) {
    perror("pty_run: forkpty");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[cmd], argv + cmd);
    perror("pty_run: exec");
    _exit(127);
  }
  for (i = 1; i < cmd - 1; i++) {
    char *text = strchr(argv[i], ':');
    size_t len;
    if (text == NULL) continue;
    len = unescape(++text);
    if (strncmp(argv[i], "expect:", 7) == 0) {
      double until = now() + 10;
      while (strstr(out + seen_from, text) == NULL) {
        if (now() > until || !drain(fd, 100)) {
          fwrite(out, 1, out_len, stdout);
          fprintf(stderr, "pty_run: timed out waiting for '%s'\n", text);
          kill(pid, SIGKILL);
          return 124;
        }
      }
      seen_from = (size_t)(strstr(out + seen_from, text) - out) + len;
    } else if (write(fd, text, len) != (ssize_t)len) {
      perror("pty_run: write");
    }
  }
  {
    /* the rest of the output, until the command ends (20 s at most) */
    double until = now() + 20;
    while (drain(fd, 200) && now() < until) {
    }
    if (now() >= until) {
      fprintf(stderr, "pty_run: the command did not end\n");
      kill(pid, SIGKILL);
    }
  }
  waitpid(pid, &status, 0);
  fwrite(out, 1, out_len, stdout);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
