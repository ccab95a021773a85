"""gunicorn's settings for ``wsgi.py`` beside it: the seed's ``gunicorn_cfg.py`` (002).

gunicorn reads ``./gunicorn.conf.py`` by itself, so from this folder the whole
command is ``gunicorn wsgi:app`` (the seed's ``-c gunicorn/gunicorn_cfg.py`` is
``-c gunicorn.conf.py`` here, and still works).  The file is plain Python, run
once by the master before it starts; each top-level name that is a gunicorn
setting sets it, and the other names (``HERE``, ``RUN_DIR``) are ignored.
``GUNICORN_CMD_ARGS`` overrides it, and the command line overrides both:

    gunicorn wsgi:app -b 127.0.0.1:9000 -w 2

``WSGIKIT_GUNICORN_DIR`` moves the two log files, the pidfile and the control
socket (the tests point it at a temporary directory); by default they are in
``logs/`` beside this file, which git ignores.
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUN_DIR = Path(os.environ.get("WSGIKIT_GUNICORN_DIR") or HERE / "logs")
RUN_DIR.mkdir(parents=True, exist_ok=True)  # gunicorn opens files there, makes no folder

# The seed's port. The seed bound 0.0.0.0, every interface: anyone who can reach
# the machine reaches the app. Loopback only here; nginx in front publishes it.
bind = "127.0.0.1:4958"
# The seed's one worker process (sync: one request at a time); -w 4 for more.
workers = 1

# The seed wrote gunicorn/access.log and gunicorn/error.log relative to where
# gunicorn was started; these are relative to this file, wherever it starts.
accesslog = str(RUN_DIR / "access.log")  # one line per request
errorlog = str(RUN_DIR / "error.log")  # the master's and the workers' own messages
capture_output = True  # the app's print() and stderr go to errorlog too
# The seed's "all" is not a level: gunicorn knows debug, info, warning, error and
# critical, and silently takes any other word as "info".
loglevel = "info"
pidfile = str(RUN_DIR / "gunicorn.pid")  # the master's PID: what gunicorn-stop.sh signals
# gunicornc's socket (gunicorn 25.1+). Its default, ~/.gunicorn/gunicorn.ctl, is one
# per user: each new gunicorn takes it over from the last, another project's too.
control_socket = str(RUN_DIR / "gunicorn.ctl")

# gunicorn puts the folder it runs in on sys.path, which finds wsgi.py; the
# gallery that wsgi.py imports lives in the packages at the repository's root.
# (The root goes first on sys.path: it has no wsgi.py of its own to shadow this one.)
pythonpath = str(HERE.parent.parent)
