#!/bin/sh
# tests/stress/reader.sh -- one reader of a knowledge base that an import
# is writing: runs every command file in CMDDIR (NAME.sh, a shell command
# line running medkb) again and again, in order, until STOPFILE exists.
# WORKDIR/log gets a line per pass ("pass N NANOSECONDS", the time it
# began) and per command run ("run NAME STATUS MD5 STDERR", stderr's first
# 400 bytes on one line, empty when there was none), and "done N" at the
# end; WORKDIR/seen/NAME.MD5 keeps each distinct output, so that one that
# is wrong can be shown; WORKDIR/done appears when it has stopped.
# Usage: reader.sh CMDDIR STOPFILE WORKDIR

cmds=$1
stop=$2
work=$3
mkdir -p "$work/seen"
log=$work/log
: >"$log"
n=0
while [ ! -e "$stop" ]; do
  n=$((n + 1))
  echo "pass $n $(date +%s%N)" >>"$log"
  for c in "$cmds"/*.sh; do
    name=${c##*/}
    name=${name%.sh}
    sh "$c" >"$work/out" 2>"$work/err" </dev/null
    status=$?
    sum=$(md5sum <"$work/out")
    sum=${sum%% *}
    [ -e "$work/seen/$name.$sum" ] || cp "$work/out" "$work/seen/$name.$sum"
    err=$(head -c 400 "$work/err" | tr '\n\t' '  ')
    echo "run $name $status $sum $err" >>"$log"
  done
done
echo "done $n" >>"$log"
touch "$work/done"
