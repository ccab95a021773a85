#!/usr/bin/env bash
# The seed's start.sh (002): the gallery under gunicorn, in the background.
#
#   scripts/gunicorn-start.sh            # prints the master's PID and address
#   scripts/gunicorn-start.sh -w 2       # more gunicorn options are passed on
#   scripts/gunicorn-stop.sh             # stops it
#
# The seed's line was
#
#   exec gunicorn --reload wsgi:app -c gunicorn/gunicorn_cfg.py --daemon
#
# and it runs here as written, from examples/gunicorn (where wsgi.py and
# gunicorn.conf.py are):
#   --reload   each worker restarts when a source file it imported changes
#              (for development: gunicorn logs "Reloader is on" as a warning);
#   wsgi:app   the attribute `app` of the module wsgi.py: the gallery;
#   -c ...     the config file (gunicorn would read ./gunicorn.conf.py anyway);
#   --daemon   the master detaches from the terminal and runs on in the
#              background; its stdout and stderr are /dev/null from then on,
#              so everything it says is in error.log.
#
# What is added: no `exec`, so that this script can wait for the master's
# pidfile and for its "Listening at" line, and say what happened.  A daemon
# that fails after detaching (the port is taken, say) would otherwise fail
# silently, and the seed's start.sh would have looked just as successful.
#
# WSGIKIT_GUNICORN_DIR moves the logs and the pidfile (gunicorn.conf.py reads
# it too); GUNICORN names the gunicorn to run; GUNICORN_CMD_ARGS is gunicorn's
# own (`GUNICORN_CMD_ARGS="--bind 127.0.0.1:9000" scripts/gunicorn-start.sh`).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
site="$root/examples/gunicorn"
run_dir="${WSGIKIT_GUNICORN_DIR:-$site/logs}"
# The same paths as gunicorn.conf.py's pidfile and errorlog.
pidfile="$run_dir/gunicorn.pid"
errorlog="$run_dir/error.log"
gunicorn="${GUNICORN:-$root/.venv/bin/gunicorn}"

# True while PID $1 runs.  A process that has exited but that its parent has
# not reaped yet (a zombie, state Z) is gone, though `kill -0` still finds it.
alive() {
    local state
    state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
    [[ "${state// /}" != Z* ]]
}

read_pid() {
    local pid
    pid="$(tr -d '[:space:]' <"$pidfile")"
    if [[ ! "$pid" =~ ^[1-9][0-9]*$ ]]; then
        echo "$pidfile does not hold a PID: '$pid'" >&2
        exit 1
    fi
    echo "$pid"
}

if [[ ! -x "$gunicorn" ]]; then
    echo "no gunicorn at $gunicorn: run make install-dev, or set GUNICORN" >&2
    exit 1
fi
mkdir -p "$run_dir"
if [[ -e "$pidfile" ]]; then
    pid="$(read_pid)"
    if alive "$pid"; then
        echo "gunicorn is already running as PID $pid ($pidfile); stop it first:" \
            "scripts/gunicorn-stop.sh" >&2
        exit 1
    fi
    echo "removing $pidfile: PID $pid is not running"
    rm -f "$pidfile"
fi

pid=""

echo "Starting Gunicorn server"
cd "$site"
"$gunicorn" --reload wsgi:app -c gunicorn.conf.py --daemon "$@"

# The command returns as soon as the master has detached.  The master writes
# the pidfile, binds the port (retrying for 5 s when it is taken) and logs
# "Listening at: URL (PID)"; a master that dies on the way leaves its reason
# in error.log.
for ((tenths = 0; tenths < 150; tenths++)); do
    if [[ -s "$pidfile" ]]; then
        pid="$(read_pid)"
        if ! alive "$pid"; then
            break
        fi
        if listening="$(grep -F "Listening at: " "$errorlog" 2>/dev/null | grep -F "($pid)")"; then
            url="${listening##*Listening at: }"
            echo "gunicorn is running: master PID $pid, ${url% (*}/ (logs in $run_dir)"
            exit 0
        fi
    fi
    sleep 0.1
done
echo "gunicorn did not start; the end of $errorlog:" >&2
if [[ -n "$pid" ]] && ! alive "$pid"; then
    rm -f "$pidfile"  # a master that dies before it listens leaves its pidfile behind
fi
tail -n 15 "$errorlog" >&2 || true
exit 1
