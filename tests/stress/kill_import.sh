#!/bin/sh
# tests/stress/kill_import.sh -- runs one command (a `medkb import`) in the
# background and kills it with SIGKILL: after DELAY seconds, or, with
# "grows:FILE", as soon as FILE is larger than it was when the command
# started (the knowledge base's file, which in WAL mode only grows when
# the checkpoint after a commit copies pages into it); "none" lets it run
# to the end.  The command is started as the shell's background job
# itself, so $! is the medkb process and the signal reaches it, not a
# shell around it.  Its stdout and stderr go to OUTDIR/out and
# OUTDIR/err.  Prints one line:
#   status=N killed=0|1 exe=PATH ns=NANOSECONDS
# status is what wait says (137 for a process SIGKILL ended), killed
# whether the signal was sent to a process still running, exe what
# /proc said the process was running when it was signalled (empty if it
# had ended), ns the time from its start until it ended (with "none"),
# was killed, or was seen to have ended (after DELAY, DELAY seconds).
# Usage: kill_import.sh DELAY|grows:FILE|none OUTDIR COMMAND [ARGS...]

delay=$1
outdir=$2
shift 2

size() {
  stat -c %s "$1" 2>/dev/null || echo 0
}

# whether the process is running: a process that has exited but is not
# yet waited for is a zombie, and a signal then changes nothing
running() {
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
  [ -n "$state" ] && [ "$state" != Z ]
}

killed=0
exe=
stop() {
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null)
  if running; then
    kill -9 "$pid" 2>/dev/null && killed=1
  fi
}

case $delay in
  grows:*) watched=${delay#grows:}; initial=$(size "$watched") ;;
esac
start=$(date +%s%N)
"$@" >"$outdir/out" 2>"$outdir/err" </dev/null &
pid=$!
case $delay in
  none) ;;
  grows:*)
    while running; do
      if [ "$(size "$watched")" -gt "$initial" ]; then
        stop
        break
      fi
      sleep 0.02
    done ;;
  *)
    sleep "$delay"
    stop ;;
esac
end=$(date +%s%N)
wait "$pid" 2>/dev/null
status=$?
[ "$delay" = none ] && end=$(date +%s%N)
echo "status=$status killed=$killed exe=$exe ns=$((end - start))"
