#!/bin/sh
# tests/stress/kill_import.sh -- runs one command (a `medkb import`) in the
# background and, after DELAY seconds, kills it with SIGKILL; with DELAY
# "none" lets it run to the end.  The command is started as the shell's
# background job itself, so $! is the medkb process and the signal reaches
# it, not a shell around it.  Its stdout and stderr go to OUTDIR/out and
# OUTDIR/err.  Prints one line:
#   status=N killed=0|1 exe=PATH ns=NANOSECONDS
# status is what wait says (137 for a process SIGKILL ended), killed
# whether the signal was sent to a process still running, exe what
# /proc said the process was running when it was signalled (empty if it
# had ended), ns the time from start to its end.
# Usage: kill_import.sh DELAY|none OUTDIR COMMAND [ARGS...]

delay=$1
outdir=$2
shift 2

start=$(date +%s%N)
"$@" >"$outdir/out" 2>"$outdir/err" </dev/null &
pid=$!
killed=0
exe=
if [ "$delay" != none ]; then
  sleep "$delay"
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null)
  # a process that has exited but is not yet waited for is a zombie:
  # the signal then changes nothing and wait gives its own status
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
  if [ -n "$state" ] && [ "$state" != Z ]; then
    kill -9 "$pid" 2>/dev/null && killed=1
  fi
fi
wait "$pid" 2>/dev/null
status=$?
end=$(date +%s%N)
echo "status=$status killed=$killed exe=$exe ns=$((end - start))"
