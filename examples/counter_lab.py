"""The lab's multi-process lesson (seed 000, Test #13), reproduced for real.

Runs the ``counter`` exercise under uWSGI with several processes x threads
layouts, fires concurrent ``GET /increase`` (a module global) and
``GET /store/increase`` (SQLite) requests from a bounded pool of client threads
on 127.0.0.1, and prints what came back::

    .venv/bin/python -m examples.counter_lab            # 2,000 + 2,000 requests per layout
    .venv/bin/python -m examples.counter_lab --requests 500 --port 9000

Each layout prints its row as soon as it finishes, and starts from a store of
its own in a fresh temporary directory (never ``$WSGIKIT_COUNTER_DB`` or the
gallery's default file), so the counts of one run cannot leak into the next.

The global count is right only when one process serves every request: each
uWSGI worker has its own copy of the module, so each counts from 1.  The store
is right under any layout, because the count lives outside the app server.

Then two hosts behind nginx (``--lab two-hosts``): uWSGI bound to 127.0.0.2 and
to 127.0.0.3 (two loopback addresses standing for two machines), 2 processes
each, and nginx in front with an ``upstream`` of both (round robin,
``proxy_next_upstream error timeout``).  Three stores, one table:

- the module global: wrong, 4 processes count on their own;
- SQLite, one file per host: wrong, each host counts alone (each file is exact
  for its own host, and their sum is the number of requests);
- Redis, shared by both hosts (``INCR``): exact.

(``two_hosts`` and ``redis_server`` start that layout, and stop it by PID, for
``benchmarks/two_hosts.py`` too, which measures what each store costs.)

Last, the failover run: one host's uWSGI master is killed by its PID (SIGKILL;
its workers die with it) a third of the way through; nginx sends the rest to the
other host.  Every 200 must carry a distinct value no higher than Redis's final
count (an acknowledged increase is never lost); an increase applied by the dying
host whose answer never came back is allowed, and counted.  Needs nginx and
redis-server (Debian's), which ``make test`` installs when run as root::

    .venv/bin/python -m examples.counter_lab --lab two-hosts --requests 1000

``--save FILE`` keeps what a run counted, and ``--readme FILE`` (repeatable)
writes its tables into that file's marked blocks (``lab-one-host``,
``lab-two-hosts``, ``lab-failover``); ``--load FILE`` writes them from a saved
run without starting anything.  That is how the README and docs/deploying.md
show the lab's tables (``benchmarks/report.py`` writes the blocks)::

    .venv/bin/python -m examples.counter_lab --save docs/lab-counter.json \\
        --readme README.md --readme docs/deploying.md
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = [
    "HOSTS", "HOST_PROCESSES", "LAYOUTS", "STORES", "Failover", "HostsOutcome", "Outcome",
    "TwoHosts", "blocks", "main", "missing_programs", "redis_server", "run_failover", "run_hosts",
    "run_layout", "two_hosts",
]

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ((1, 1), (1, 2), (2, 1), (4, 4))
SEED_THREADS = (2, 16)
HOSTS = ("127.0.0.2", "127.0.0.3")  # two loopback addresses, standing for two machines
HOST_PROCESSES = 2
STORES = {  # the two-host table's rows: the store, its path, how it is described
    "global": ("/increase", "module global"),
    "sqlite": ("/store/increase", "SQLite, one file per host"),
    "redis": ("/store/increase", "Redis, shared"),
}


@dataclass
class Outcome:
    processes: int
    threads: int
    requests: int
    global_max: int  # the highest count any worker returned
    global_repeats: int  # values returned more than once (0 when the count is right)
    store_final: int
    store_repeats: int
    seconds: float

    @property
    def global_right(self) -> bool:
        return self.global_max == self.requests and self.global_repeats == 0

    @property
    def store_right(self) -> bool:
        return self.store_final == self.requests and self.store_repeats == 0


def _free_port(host: str = "127.0.0.1", taken: Iterable[int] = ()) -> int:
    """A port nobody listens on; not one of ``taken`` (the kernel may hand one out twice)."""
    while True:
        with socket.socket() as sock:
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
        if port not in taken:
            return port


def _get(port: int, path: str, host: str = "127.0.0.1") -> int:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status} {body[:100]!r}")
        return int(body)
    finally:
        conn.close()


def _wait(port: int, proc: subprocess.Popen[bytes], timeout: float = 20,
          host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{Path(str(proc.args[0])).name} exited with {proc.returncode}")
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{Path(str(proc.args[0])).name} did not start listening on {host}:{port}")


def _loaded(stats: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Wait until every uWSGI worker has loaded the app (``--lazy-apps`` loads it late).

    Until then one worker may serve every request alone, and a module global looks
    exact in a layout where it is not; uWSGI's stats server lists each worker's apps.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uwsgi exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", stats), timeout=2) as sock:
                data = b"".join(iter(lambda: sock.recv(65536), b""))
            if all(worker["apps"] for worker in json.loads(data)["workers"]):
                return
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    raise RuntimeError("uwsgi's workers did not all load the app")


def _module(form: str) -> str:
    """The counter exercise's callable, as uWSGI's ``--module`` names it."""
    if form == "seed":
        return "examples.counter_seed"
    # uWSGI looks for ``application``; a Flask twin's app is ``app``
    return f"examples.{form}.counter" + (":app" if form == "flask_twins" else "")


def _repeats(values: list[int]) -> int:
    return sum(count - 1 for count in Counter(values).values())


def run_layout(processes: int, threads: int, requests: int = 2000, clients: int = 16,
               form: str = "raw", port: int | None = None) -> Outcome:
    """Serve ``counter`` under uWSGI with that layout; fire the requests; stop it by PID."""
    uwsgi = Path(sys.executable).parent / "uwsgi"
    module = _module(form)
    port = port or _free_port()
    stats = _free_port(taken=[port])
    with tempfile.TemporaryDirectory() as tmp:
        # a store of its own, whatever $WSGIKIT_COUNTER_STORE or $WSGIKIT_COUNTER_DB say
        env = {**os.environ, "WSGIKIT_COUNTER_STORE": f"sqlite:///{tmp}/counter.sqlite3"}
        argv = [
            str(uwsgi), "--http-socket", f"127.0.0.1:{port}", "--master", "--die-on-term",
            "--need-app", "--disable-logging", "--lazy-apps", "--buffer-size", "65535",
            "--processes", str(processes), "--threads", str(threads),
            "--listen", "128", "--module", module, "--stats", f"127.0.0.1:{stats}",
        ]
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            _wait(port, proc)
            _loaded(stats, proc)
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                global_values = list(pool.map(lambda _: _get(port, "/increase"), range(requests)))
                store_values = [] if form == "seed" else list(
                    pool.map(lambda _: _get(port, "/store/increase"), range(requests))
                )
            seconds = time.perf_counter() - started
            store_final = 0 if form == "seed" else _get(port, "/store/value")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return Outcome(processes, threads, requests, max(global_values), _repeats(global_values),
                   store_final, _repeats(store_values), seconds)


def table(outcomes: list[Outcome]) -> str:
    lines = [
        "| processes x threads | global: highest value | global: repeated values "
        "| store: final count | store: repeated values | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.processes} x {o.threads} | {o.global_max} of {o.requests} "
            f"| {o.global_repeats} | {o.store_final} of {o.requests} | {o.store_repeats} "
            f"| {o.seconds:.1f} |"
        )
    return "\n".join(lines)


# -- Two hosts behind nginx ------------------------------------------------------------

NGINX_CONF = """\
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi_temp;
    uwsgi_temp_path {tmp}/uwsgi_temp;
    scgi_temp_path {tmp}/scgi_temp;
    upstream counter {{
        # round robin, nginx's default; a host that fails is skipped for 10 s
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://counter;
            # a host that refuses or drops the connection: the request goes to the next
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
            # the host that answered last (nginx lists every one it tried)
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def _program(name: str, *fallbacks: str) -> str | None:
    found = shutil.which(name)
    return found or next((path for path in fallbacks if os.path.exists(path)), None)


def missing_programs() -> list[str]:
    """The programs the two-host lab needs that are not installed (Debian's packages)."""
    wanted = {"nginx": _program("nginx", "/usr/sbin/nginx"),
              "redis-server": _program("redis-server", "/usr/bin/redis-server")}
    return [name for name, path in wanted.items() if path is None]


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGINT) -> None:
    """Stop a process by its own PID; SIGKILL if it does not exit within 15 s."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def _started(argv: list[str], host: str, port: int, env: dict[str, str] | None = None,
             sig: int = signal.SIGINT) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port, proc, host=host)
        yield proc
    finally:
        _stop(proc, sig)


@dataclass
class TwoHosts:
    """The running layout: nginx's port, each host's port and uWSGI master."""

    port: int
    hosts: dict[str, int]
    masters: dict[str, subprocess.Popen[bytes]]


@contextmanager
def two_hosts(tmp: Path, stores: dict[str, str], form: str = "raw") -> Iterator[TwoHosts]:
    """uWSGI on each of HOSTS (``stores``: its ``$WSGIKIT_COUNTER_STORE``), nginx in front."""
    nginx = _program("nginx", "/usr/sbin/nginx")
    if nginx is None:
        raise RuntimeError("nginx is not installed")
    uwsgi = str(Path(sys.executable).parent / "uwsgi")
    ports = {host: _free_port(host) for host in HOSTS}
    used: list[int] = []  # the stats servers' and nginx's ports, all on 127.0.0.1
    with ExitStack() as stack:
        masters = {}
        for host, port in ports.items():
            stats = _free_port(taken=used)
            used.append(stats)
            argv = [uwsgi, "--http-socket", f"{host}:{port}", "--master", "--die-on-term",
                    "--need-app", "--disable-logging", "--lazy-apps", "--buffer-size", "65535",
                    "--processes", str(HOST_PROCESSES), "--listen", "128",
                    "--module", _module(form), "--stats", f"127.0.0.1:{stats}"]
            env = {"WSGIKIT_COUNTER_STORE": stores[host]}
            masters[host] = stack.enter_context(_started(argv, host, port, env))
            _loaded(stats, masters[host])
        front = _free_port(taken=used)
        conf = tmp / "nginx.conf"
        servers = "\n".join(f"        server {host}:{port};" for host, port in ports.items())
        conf.write_text(NGINX_CONF.format(
            user="user root;" if os.geteuid() == 0 else "", tmp=tmp, port=front,
            servers=servers))
        stack.enter_context(_started([nginx, "-c", str(conf)], "127.0.0.1", front,
                                     sig=signal.SIGQUIT))
        yield TwoHosts(front, ports, masters)


@contextmanager
def redis_server() -> Iterator[str]:
    """A redis-server on a free loopback port, without persistence; yields its URL."""
    program = _program("redis-server", "/usr/bin/redis-server")
    if program is None:
        raise RuntimeError("redis-server is not installed")
    port = _free_port()
    argv = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no"]
    with _started(argv, "127.0.0.1", port):
        yield f"redis://127.0.0.1:{port}/0"


def _answer(port: int, path: str) -> tuple[int, int | None, str]:
    """(status, the count if 200, the host that answered); status 0: no answer at all."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        host = (response.getheader("X-Upstream") or "").split(",")[-1].strip().split(":")[0]
        return response.status, int(body) if response.status == 200 else None, host
    except (OSError, http.client.HTTPException):  # reset, or cut short by a host that died
        return 0, None, ""
    finally:
        conn.close()


@dataclass
class HostsOutcome:
    store: str  # a key of STORES
    requests: int
    highest: int  # the highest count any response carried
    repeats: int  # values returned more than once
    finals: list[int]  # the store's count at the end: per host for SQLite; none for the global
    answered: dict[str, int]  # 200s per host
    seconds: float

    @property
    def right(self) -> bool:
        return (self.highest == self.requests and self.repeats == 0
                and self.finals == [self.requests])


def run_hosts(store: str, requests: int = 2000, clients: int = 16,
              form: str = "raw") -> HostsOutcome:
    """Fire ``requests`` increases at nginx in front of two hosts sharing (or not) a store."""
    path, _ = STORES[store]
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        if store == "redis":
            url = stack.enter_context(redis_server())
            stores = dict.fromkeys(HOSTS, url)
        else:  # the global ignores its store; SQLite: a file on each "machine"
            stores = {host: f"sqlite:///{tmp}/{host}.sqlite3" for host in HOSTS}
        layout = stack.enter_context(two_hosts(Path(tmp), stores, form))
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            answers = list(pool.map(lambda _: _answer(layout.port, path), range(requests)))
        seconds = time.perf_counter() - started
        if any(status != 200 for status, _, _ in answers):
            raise RuntimeError(f"{store}: not every request was a 200: {answers[:5]}")
        if store == "redis":
            finals = [_get(layout.port, "/store/value")]
        elif store == "sqlite":  # each host's own file, asked of that host directly
            finals = [_get(layout.hosts[h], "/store/value", h) for h in HOSTS]
        else:
            finals = []
    values = [value for _, value, _ in answers if value is not None]
    return HostsOutcome(store, requests, max(values), _repeats(values), finals,
                        dict(Counter(host for _, _, host in answers)), seconds)


@dataclass
class Failover:
    requests: int
    killed_after: int  # responses received when the host was killed
    killed: str  # the host whose uWSGI master was killed
    statuses: dict[int, int]  # status -> responses (0: no answer)
    values: list[int]  # the counts the 200s carried
    final: int  # Redis's count at the end
    answered: dict[str, int] = field(default_factory=dict)  # 200s per host

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    @property
    def distinct(self) -> int:
        return len(set(self.values))

    @property
    def applied_without_answer(self) -> int:
        """Increases in Redis that no 200 acknowledged: the killed host's last requests."""
        return self.final - self.ok

    @property
    def exact(self) -> bool:
        """No acknowledged increase lost: each 200 a distinct count, all of them in Redis."""
        return (self.distinct == self.ok and max(self.values, default=0) <= self.final
                and self.final >= self.ok)


def run_failover(requests: int = 2000, clients: int = 16, form: str = "raw",
                 kill_at: float = 1 / 3) -> Failover:
    """Two hosts sharing Redis; one host's uWSGI master SIGKILLed after ``kill_at`` of the run."""
    killed = HOSTS[-1]
    with (
        tempfile.TemporaryDirectory() as tmp,
        redis_server() as url,
        two_hosts(Path(tmp), dict.fromkeys(HOSTS, url), form) as layout,
    ):
        done = 0
        lock = threading.Lock()
        trigger = max(1, int(requests * kill_at))

        def one(_: int) -> tuple[int, int | None, str]:
            nonlocal done
            answer = _answer(layout.port, "/store/increase")
            with lock:
                done += 1
                if done == trigger:  # in the middle of the run: other requests are in flight
                    os.kill(layout.masters[killed].pid, signal.SIGKILL)
            return answer

        with ThreadPoolExecutor(max_workers=clients) as pool:
            answers = list(pool.map(one, range(requests)))
        final = _get(layout.port, "/store/value")
    return Failover(
        requests, trigger, killed, dict(Counter(status for status, _, _ in answers)),
        [value for _, value, _ in answers if value is not None], final,
        dict(Counter(host for status, _, host in answers if status == 200)),
    )


def hosts_table(outcomes: list[HostsOutcome]) -> str:
    lines = [
        "| store (2 hosts x 2 processes) | highest value | repeated values "
        "| final count | 200s per host | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        finals = " + ".join(str(f) for f in o.finals) or "-"
        if len(o.finals) > 1:
            finals += " (one per host)"
        hosts = " / ".join(str(o.answered.get(h, 0)) for h in HOSTS)
        lines.append(f"| {STORES[o.store][1]} | {o.highest} of {o.requests} | {o.repeats} "
                     f"| {finals} | {hosts} | {o.seconds:.1f} |")
    return "\n".join(lines)


def failover_table(f: Failover) -> str:
    others = ", ".join(f"{n} x {s or 'no answer'}" for s, n in sorted(f.statuses.items())
                       if s != 200) or "none"
    hosts = " / ".join(str(f.answered.get(h, 0)) for h in HOSTS)
    return "\n".join([
        "| requests | killed after | 200s | other answers | distinct values "
        "| final Redis count | applied without a 200 | 200s per host |",
        "|---|---|---|---|---|---|---|---|",
        f"| {f.requests} | {f.killed_after} ({f.killed}) | {f.ok} | {others} | {f.distinct} "
        f"| {f.final} | {f.applied_without_answer} | {hosts} |",
    ])


HOSTS_TITLE = ("Two hosts behind nginx ({hosts}, {processes} uWSGI processes each, "
               "round robin), {requests} requests from {clients} clients:")
FAILOVER_TITLE = ("Failover: Redis shared; {host}'s uWSGI master killed (SIGKILL) a third "
                  "of the way through:")


def two_hosts_lab(requests: int, clients: int,
                  form: str) -> tuple[list[HostsOutcome], Failover] | None:
    """Print the two-host table and the failover run; None when nginx or Redis is missing."""
    missing = missing_programs()
    if missing:
        print(f"\nTwo hosts behind nginx: skipped, {' and '.join(missing)} not installed.")
        return None
    print("\n" + HOSTS_TITLE.format(hosts=", ".join(HOSTS), processes=HOST_PROCESSES,
                                    requests=requests, clients=clients))
    print("\n".join(hosts_table([]).splitlines()), flush=True)
    outcomes = []
    for store in STORES:
        outcomes.append(run_hosts(store, requests, clients, form))
        print(hosts_table(outcomes[-1:]).splitlines()[-1], flush=True)
    print("\n" + FAILOVER_TITLE.format(host=HOSTS[-1]))
    failover = run_failover(requests, clients, form)
    print(failover_table(failover), flush=True)
    return outcomes, failover


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--form", default="raw", choices=["raw", "kit", "flask_twins"])
    parser.add_argument("--port", type=int, default=None,
                        help="the port uWSGI listens on, on 127.0.0.1 (a free one by default)")
    parser.add_argument("--lab", default="all", choices=["all", "one-host", "two-hosts"],
                        help="the layouts on one host, the two hosts behind nginx, or both")
    parser.add_argument("--save", type=Path, metavar="JSON", help="write what was counted here")
    parser.add_argument("--load", type=Path, metavar="JSON",
                        help="run nothing: write the tables of a file written by --save")
    parser.add_argument("--readme", type=Path, metavar="MD", action="append",
                        help="write the tables into this file's marked blocks (may be repeated)")
    args = parser.parse_args(argv)
    if args.load:
        tables = blocks(json.loads(args.load.read_text()))
        print("\n\n".join(tables.values()))
        if args.readme:
            _report().write_blocks(args.readme, tables)
        return 0
    data: dict[str, Any] = {}
    if args.save or args.readme:  # the machine as the run begins
        data.update(date=_report().stamp(), machine=_machine())
    data.update(requests=args.requests, clients=args.clients, form=args.form)
    right = True
    if args.lab in ("all", "one-host"):
        outcomes, seeds = one_host_lab(args.requests, args.clients, args.form, args.port)
        right = all(o.store_right for o in outcomes)
        data["one_host"] = {"layouts": [asdict(o) for o in outcomes],
                            "seed": [asdict(o) for o in seeds]}
    if args.lab in ("all", "two-hosts"):
        two = two_hosts_lab(args.requests, args.clients, args.form)
        if two is not None:
            hosts, failover = two
            right = right and hosts[-1].right and failover.exact
            data["two_hosts"] = {"stores": [asdict(o) for o in hosts],
                                 "failover": asdict(failover)}
    if args.save:
        _report().save(args.save, data)
    if args.readme:
        _report().write_blocks(args.readme, blocks(data))
    return 0 if right else 1


ONE_HOST_TITLE = "The counter exercise ({form} form; its global is incremented under a lock):"
SEED_TITLE = "The seed's global without a lock (examples/counter_seed.py), one process:"


def seed_table(outcomes: list[Outcome]) -> str:
    lines = table([]).replace("store: final count", "-").replace(
        "store: repeated values", "-").splitlines()
    for o in outcomes:
        lines.append(f"| 1 x {o.threads} | {o.global_max} of {o.requests} | {o.global_repeats} "
                     f"| - | - | {o.seconds:.1f} |")
    return "\n".join(lines)


def one_host_lab(requests: int, clients: int, form: str,
                 port: int | None) -> tuple[list[Outcome], list[Outcome]]:
    """Print the one-host layouts and the seed's rows as each finishes; return them."""
    print(ONE_HOST_TITLE.format(form=form))
    print(table([]), flush=True)
    outcomes = []
    for p, t in LAYOUTS:  # one row as each layout finishes: the whole run takes a while
        outcomes.append(run_layout(p, t, requests, clients, form, port))
        print(table(outcomes[-1:]).splitlines()[-1], flush=True)
    print("\n" + SEED_TITLE)
    print(seed_table([]), flush=True)
    seeds = []
    for t in SEED_THREADS:
        seeds.append(run_layout(1, t, requests, clients, "seed", port))
        print(seed_table(seeds[-1:]).splitlines()[-1], flush=True)
    return outcomes, seeds


# -- The README's blocks ---------------------------------------------------------------


def _report() -> ModuleType:
    """benchmarks/report.py, which the benchmarks share: it writes the blocks.

    Imported only for ``--save``, ``--load`` and ``--readme``, with the
    repository's root on the path, since ``python examples/counter_lab.py`` puts
    only ``examples/`` there.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks import report

    return report


def _machine() -> dict[str, Any]:
    programs = {"uWSGI": [str(Path(sys.executable).parent / "uwsgi"), "--version"]}
    for name, flag in (("nginx", "-v"), ("redis-server", "--version")):
        found = _program(name, f"/usr/sbin/{name}", f"/usr/bin/{name}")
        if found is not None:
            programs[name] = [found, flag]
    box: dict[str, Any] = _report().machine(programs)
    return box


def blocks(data: dict[str, Any]) -> dict[str, str]:
    """The README's blocks for what ``data`` (saved by ``--save``) holds, rendered from it."""
    measured = _report().describe(data)
    found = {}
    if "one_host" in data:
        layouts = [Outcome(**o) for o in data["one_host"]["layouts"]]
        seeds = [Outcome(**o) for o in data["one_host"]["seed"]]
        found["lab-one-host"] = "\n\n".join([
            measured, ONE_HOST_TITLE.format(form=data["form"]), table(layouts),
            SEED_TITLE, seed_table(seeds)])
    if "two_hosts" in data:
        stores = [HostsOutcome(**o) for o in data["two_hosts"]["stores"]]
        saved = data["two_hosts"]["failover"]
        # JSON keys are strings: the statuses' are ints again
        failover = Failover(**{**saved, "statuses": {int(status): count for status, count
                                                     in saved["statuses"].items()}})
        found["lab-two-hosts"] = "\n\n".join([
            measured, HOSTS_TITLE.format(hosts=", ".join(HOSTS), processes=HOST_PROCESSES,
                                         requests=data["requests"], clients=data["clients"]),
            hosts_table(stores)])
        found["lab-failover"] = failover_table(failover)
    return found


if __name__ == "__main__":
    raise SystemExit(main())
