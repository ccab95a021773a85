#!/usr/bin/env bash
# The seed's stop.sh (002), by the pidfile: stops the gunicorn that
# scripts/gunicorn-start.sh started, and no other process.
#
#   scripts/gunicorn-stop.sh
#
# The seed's line was
#
#   exec pkill -9 gunicorn    # -9: a forced stop; -15 stops in order, safely
#
# Two things are wrong with it:
# - By name, pkill signals every process called gunicorn that it may signal:
#   another project's gunicorn on the same machine, and as root every user's.
#   The pidfile names exactly one process: the master this project started.
# - -9 is KILL, which no process can catch: the master dies on the spot, the
#   requests in progress are cut off, and nobody removes the pidfile or the
#   control socket.  -15 is TERM, gunicorn's graceful stop: the master closes
#   its listening socket, sends TERM to its workers, lets them finish the
#   requests they are serving (for up to graceful_timeout, 30 s), removes the
#   pidfile and exits.  Signal the master only; it stops its own workers (a
#   worker signalled alone is replaced by a new one).
# (And `exec` replaced the shell with pkill, so the seed's `echo Done!` after it
# never ran.)
#
# KILL stays the last resort, for a master that is still there after
# WSGIKIT_GUNICORN_STOP_TIMEOUT seconds (35: graceful_timeout and a margin).
# WSGIKIT_GUNICORN_DIR is the folder of the pidfile, as for gunicorn-start.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run_dir="${WSGIKIT_GUNICORN_DIR:-$root/examples/gunicorn/logs}"
pidfile="$run_dir/gunicorn.pid"  # gunicorn.conf.py's pidfile
timeout="${WSGIKIT_GUNICORN_STOP_TIMEOUT:-35}"

# True while PID $1 runs.  A process that has exited but that its parent has
# not reaped yet (a zombie, state Z) is gone, though `kill -0` still finds it.
alive() {
    local state
    state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
    [[ "${state// /}" != Z* ]]
}

# Wait up to $2 seconds for PID $1 to exit; false if it is still there.
gone_within() {
    local tenths
    for ((tenths = 0; tenths < $2 * 10; tenths++)); do
        alive "$1" || return 0
        sleep 0.1
    done
    ! alive "$1"
}

if [[ ! "$timeout" =~ ^[0-9]+$ ]]; then
    echo "WSGIKIT_GUNICORN_STOP_TIMEOUT is a whole number of seconds, not '$timeout'" >&2
    exit 2
fi
if [[ ! -e "$pidfile" ]]; then
    echo "no pidfile at $pidfile: nothing started by gunicorn-start.sh is running" >&2
    exit 1
fi
pid="$(tr -d '[:space:]' <"$pidfile")"
if [[ ! "$pid" =~ ^[1-9][0-9]*$ ]]; then
    echo "$pidfile does not hold a PID: '$pid'" >&2
    exit 1
fi
if ! alive "$pid"; then
    echo "PID $pid is not running: removing the stale $pidfile"
    rm -f "$pidfile"
    exit 0
fi
# A stale pidfile's PID may since have gone to another process: signal only a gunicorn.
command="$(ps -o args= -p "$pid")"
if [[ "$command" != *gunicorn* ]]; then
    echo "PID $pid in $pidfile is not gunicorn but '$command': not signalling it" >&2
    exit 1
fi

echo "Stopping Gunicorn server (master PID $pid) with TERM.."
kill -TERM "$pid"
if ! gone_within "$pid" "$timeout"; then
    # Its workers first, by their parent's PID: once the master is dead they
    # have a new parent and no longer tell themselves apart from others.
    workers="$(pgrep -P "$pid" || true)"
    echo "PID $pid is still running after ${timeout}s: sending KILL to it and its" \
        "workers ${workers//$'\n'/ }" >&2
    for worker in $workers; do
        kill -KILL "$worker" 2>/dev/null || true
    done
    kill -KILL "$pid" 2>/dev/null || true
    gone_within "$pid" 5 || { echo "PID $pid survived KILL" >&2; exit 1; }
fi
# gunicorn removes its pidfile when it stops gracefully; after a KILL nobody does.
rm -f "$pidfile"
echo "Done!"
