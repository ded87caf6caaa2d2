"""Check-throughput benchmark: watcher vs urlwatch 2.29 on N generated article pages served by nginx.

    python bench/checks.py --n 2000        # the full benchmark (a few minutes)
    python bench/checks.py --n 200         # a quick run

Everything runs on 127.0.0.1: the bench writes N pages (bench/pages.py) into a temp dir,
starts Debian's nginx on a free port as a non-daemon child with its own prefix and config
(real ETag/Last-Modified; installed with apt-get if missing), installs urlwatch==2.29 in its
own venv (never a dependency of watcher) and this working tree of watcher in another (``pip
install .``, as a user installs it; ``--dev-install`` times the editable .venv instead), then
runs three rounds with each tool:

  1. all new: the first check of every page;
  2. nothing changed: every page identical (conditional requests should get 304s);
  3. 10% of pages really edited + another 10% with only chrome changed.

Each tool run is one process, timed wall-clock from spawn to exit (start-up included), with
its peak RSS taken from wait4(). nginx's access log gives the 200/304 split of each run.
Every child process has a timeout; nginx is stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages

REPO = Path(__file__).resolve().parent.parent
URLWATCH_VERSION = "2.29"
URLWATCH_DEFAULT_WORKERS = 10  # urlwatch 2.29: worker.MAX_WORKERS, a constant with no CLI/config setting
TARGETS = {1: 250.0, 2: 1000.0, 3: 800.0}  # checks/s at N=2000
RATIO_TARGET = 1 / 3
ROUND_NAMES = {1: "all new", 2: "nothing changed", 3: "10% edited + 10% chrome-only"}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


@dataclass
class Run:
    tool: str
    round: int
    wall: float = 0.0
    cpu: float = 0.0
    peak_rss_mb: float = 0.0
    rc: int | None = None
    timed_out: bool = False
    http: dict[str, int] = field(default_factory=dict)  #: status -> count, from nginx's log
    connections: int = 0  #: TCP connections the run used, from nginx's log
    load: float = 0.0  #: 1-minute load average just before the run
    spread: list[float] = field(default_factory=list)  #: wall times of all passes, with --repeat
    profile: list[str] = field(default_factory=list)  #: top frames, with --profile
    outcomes: dict[str, int] = field(default_factory=dict)
    changed_urls: list[str] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    missing: int = 0  #: watched URLs that the tool did not report on at all (watcher only)
    note: str = ""

    @property
    def rate(self) -> float:
        return 0.0 if self.wall <= 0 else self.n_checks / self.wall

    n_checks: int = 0


def run_measured(
    cmd: list[str], *, env: dict[str, str], cwd: Path, out: Path, err: Path, timeout: float
) -> tuple[float, float, float, int, bool]:
    """Run cmd to completion: (wall s, cpu s, peak RSS MiB, returncode, timed_out)."""
    with out.open("wb") as fo, err.open("wb") as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL, start_new_session=True
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, proc.returncode, timed_out.is_set()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- nginx


def find_nginx() -> str:
    for cand in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if cand and os.access(cand, os.X_OK):
            return cand
    log("nginx not found: installing Debian's nginx with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
    for pkg in ("nginx-light", "nginx"):
        r = subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", pkg], env=env, timeout=900
        )
        if r.returncode == 0 and os.access("/usr/sbin/nginx", os.X_OK):
            return "/usr/sbin/nginx"
    raise SystemExit("could not install nginx")


NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; text/css css; application/javascript js; }}
    default_type application/octet-stream;
    log_format bench '$status $connection $request_uri';
    access_log {prefix}/logs/access.log bench;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    sendfile on;
    keepalive_timeout 30;
    keepalive_requests 100000;
    etag on;
    # RFC 9110 semantics: 304 when the resource is not newer than If-Modified-Since.
    # (nginx's default "exact" only matches a client that echoes Last-Modified back verbatim;
    # urlwatch sends the time of its last check instead, so "exact" would deny it every 304.)
    if_modified_since before;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {docroot};
        charset utf-8;
        location / {{ try_files $uri =404; }}
    }}
}}
"""


class Nginx:
    def __init__(self, binary: str, prefix: Path, docroot: Path) -> None:
        self.binary, self.prefix, self.docroot = binary, prefix, docroot
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.access_log = prefix / "logs" / "access.log"

    def start(self) -> None:
        for sub in ("logs", "tmp"):
            (self.prefix / sub).mkdir(parents=True, exist_ok=True)
        for attempt in range(5):
            self.port = free_port()
            conf = self.prefix / "nginx.conf"
            conf.write_text(NGINX_CONF.format(prefix=self.prefix, port=self.port, docroot=self.docroot))
            self.proc = subprocess.Popen(
                [self.binary, "-p", str(self.prefix), "-c", str(conf)],
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return
                time.sleep(0.05)
            self.stop()
            log(f"nginx did not come up on port {self.port} (attempt {attempt + 1})")
        raise SystemExit(f"nginx failed to start; see {self.prefix}/logs/error.log")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful; master also stops its worker
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)

    def log_offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def requests_since(self, offset: int) -> tuple[dict[str, int], int]:
        """(HTTP status -> count, TCP connections used) for the log lines after ``offset``."""
        time.sleep(0.2)  # nginx logs a request right after sending it; let the last lines land
        statuses: Counter[str] = Counter()
        conns: set[bytes] = set()
        with self.access_log.open("rb") as f:
            f.seek(offset)
            for line in f:
                parts = line.split(b" ", 2)
                if len(parts) == 3:
                    statuses[parts[0].decode()] += 1
                    conns.add(parts[1])
        return dict(statuses), len(conns)

    def version(self) -> str:
        r = subprocess.run([self.binary, "-v"], capture_output=True, text=True)
        return (r.stderr or r.stdout).strip().split("/")[-1]


# --------------------------------------------------------------------------- the pages


class Docroot:
    def __init__(self, root: Path, site: pages.Site, base_url: str) -> None:
        self.root, self.site, self.base_url = root, site, base_url
        self.urls = [base_url + pages.path_for(i) for i in range(site.n)]
        self.index_of = {u: i for i, u in enumerate(self.urls)}

    def write(self, i: int, mtime: float) -> int:
        p = self.root / pages.path_for(i).lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        data = self.site.page(i).encode()
        tmp = p.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.chmod(tmp, 0o644)
        os.utime(tmp, (mtime, mtime))
        tmp.replace(p)
        return len(data)

    def write_all(self, mtime: float) -> int:
        return sum(self.write(i, mtime) for i in range(self.site.n))


# --------------------------------------------------------------------------- the tools


class Watcher:
    name = "watcher"

    def __init__(
        self, exe: Path, work: Path, concurrency: int, timeout: float, pyspy: Path | None = None
    ) -> None:
        self.exe, self.work, self.concurrency, self.timeout = exe, work, concurrency, timeout
        self.pyspy = pyspy
        work.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        for k in list(self.env):
            if k.startswith("WATCHER_"):
                del self.env[k]
        self.env.update(
            {
                "WATCHER_DB": f"sqlite:///{work / 'watcher.db'}",
                "WATCHER_ALLOW_PRIVATE_ADDRESSES": "1",
                # all N pages live on one host here; real watch lists spread over many hosts, so the
                # per-host cap would only measure the bench's artificial single host
                "WATCHER_FETCH__PER_HOST_CONCURRENCY": str(concurrency),
                "WATCHER_FETCH__CONCURRENCY": str(concurrency),
            }
        )

    def _run(
        self, args: list[str], tag: str, profile: Path | None = None
    ) -> tuple[float, float, float, int, bool, Path, Path]:
        out, err = self.work / f"{tag}.out", self.work / f"{tag}.err"
        cmd = [str(self.exe), *args]
        if profile and self.pyspy:
            cmd = [
                str(self.pyspy),
                "record",
                "--subprocesses",
                "-r",
                "200",
                "--format",
                "raw",
                "-o",
                str(profile),
                "--",
                *cmd,
            ]
        res = run_measured(cmd, env=self.env, cwd=self.work, out=out, err=err, timeout=self.timeout)
        return (*res, out, err)

    def setup(self, urls: list[str]) -> float:
        f = self.work / "urls.txt"
        f.write_text("".join(u + "\n" for u in urls))
        wall, _, _, rc, to, _, err = self._run(["add", "--from-file", str(f), "--every", "1m"], "add")
        if rc != 0 or to:
            raise RuntimeError(f"watcher add failed (rc={rc}, timed out={to}): {tail(err)}")
        return wall

    def check(self, rnd: int, doc: Docroot) -> Run:
        prof = self.work / f"profile-round{rnd}.txt" if self.pyspy else None
        wall, cpu, rss, rc, to, out, err = self._run(
            ["check", "--all", "--concurrency", str(self.concurrency), "--json"], f"check-round{rnd}", prof
        )
        run = Run("watcher", rnd, wall, cpu, rss, rc, to, n_checks=doc.site.n)
        if prof:
            run.profile = top_frames(prof)
            run.note = "profiled under py-spy: time and memory include its overhead"
        try:
            text = out.read_text()
            if self.pyspy:  # py-spy prints its banner on stdout
                text = "\n".join(x for x in text.splitlines() if not x.startswith("py-spy>"))
            data = json.loads(text)
        except (ValueError, OSError) as exc:
            run.note = f"no JSON on stdout ({exc}); stderr: {tail(err)}"
            return run
        checks = data.get("checks", [])
        seen = set()
        outcomes: Counter[str] = Counter()
        for c in checks:
            seen.add(c.get("url"))
            outcomes[c.get("outcome", "?")] += 1
            if c.get("outcome") == "changed":
                run.changed_urls.append(c.get("url"))
            if c.get("outcome") == "error" and len(run.error_samples) < 5:
                run.error_samples.append(f"{c.get('url')}: {c.get('error')}")
        run.outcomes = dict(outcomes)
        run.missing = sum(1 for u in doc.urls if u not in seen)
        if rc != 0:
            run.note = f"exit status {rc}; stderr: {tail(err)}"
        return run

    def changes_summary(self, doc: Docroot) -> dict[str, object]:
        """Kinds of the changes watcher recorded on edited pages (after round 3; not timed)."""
        _, _, _, rc, _, out, err = self._run(["changes", "--json"], "changes")
        try:
            data = json.loads(out.read_text())
        except (ValueError, OSError):
            return {"error": f"watcher changes --json failed (rc={rc}): {tail(err)}"}
        kinds: Counter[str] = Counter()
        by_group: Counter[str] = Counter()
        first = 0
        for ch in data.get("changes", []):
            ks = ch.get("kinds", []) or []
            if ks == ["first_version"]:
                first += 1
                continue
            url = (ch.get("watch") or {}).get("url")
            i = doc.index_of.get(url)
            group = (
                "edited" if i in doc.site.edited else "chrome-only" if i in doc.site.noisy else "untouched"
            )
            by_group[group] += 1
            for k in ks:
                kinds[f"{group}:{k}"] += 1
        return {
            "first_version_changes": first,
            "later_changes_by_page_group": dict(by_group),
            "kinds": dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
        }


URLWATCH_SUMMARY = re.compile(r"^\d+\. (NEW|CHANGED|UNCHANGED|ERROR): (\S+)")


class Urlwatch:
    name = "urlwatch"

    def __init__(self, venv: Path, work: Path, concurrency: int, timeout: float) -> None:
        self.venv, self.work, self.concurrency, self.timeout = venv, work, concurrency, timeout
        work.mkdir(parents=True, exist_ok=True)
        home = work / "home"
        home.mkdir(exist_ok=True)
        self.env = dict(
            os.environ,
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_CACHE_HOME=str(home / ".cache"),
            NO_COLOR="1",
        )

    @staticmethod
    def ensure(venv: Path) -> Path:
        exe = venv / "bin" / "urlwatch"
        if exe.exists():
            r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
            if URLWATCH_VERSION in r.stdout:
                return exe
        log(f"installing urlwatch=={URLWATCH_VERSION} into {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"urlwatch=={URLWATCH_VERSION}"],
            check=True,
            timeout=900,
        )
        return exe

    def setup(self, urls: list[str]) -> float:
        (self.work / "urls.yaml").write_text("---\n".join(f"url: {u}\n" for u in urls))
        # its defaults, except no ANSI colours on stdout (the reporter we parse)
        (self.work / "config.yaml").write_text("report:\n  stdout:\n    enabled: true\n    color: false\n")
        return 0.0

    def cmd(self) -> list[str]:
        args = [
            "--urls",
            str(self.work / "urls.yaml"),
            "--config",
            str(self.work / "config.yaml"),
            "--cache",
            str(self.work / "cache.db"),
            "--hooks",
            str(self.work / "hooks.py"),
        ]
        py = str(self.venv / "bin" / "python")
        if self.concurrency == URLWATCH_DEFAULT_WORKERS:
            return [str(self.venv / "bin" / "urlwatch"), *args]
        # urlwatch 2.29 has no setting for its pool size: set the module constant, then run its main()
        shim = (
            "import sys, urlwatch.worker as w; w.MAX_WORKERS = int(sys.argv.pop(1)); "
            "from urlwatch.cli import main; sys.argv[0] = 'urlwatch'; sys.exit(main())"
        )
        return [py, "-c", shim, str(self.concurrency), *args]

    def check(self, rnd: int, doc: Docroot) -> Run:
        out, err = self.work / f"round{rnd}.out", self.work / f"round{rnd}.err"
        wall, cpu, rss, rc, to = run_measured(
            self.cmd(), env=self.env, cwd=self.work, out=out, err=err, timeout=self.timeout
        )
        run = Run("urlwatch", rnd, wall, cpu, rss, rc, to, n_checks=doc.site.n)
        verbs: Counter[str] = Counter()
        for line in out.read_text(errors="replace").splitlines():
            m = URLWATCH_SUMMARY.match(line)
            if m:
                verbs[m.group(1).lower()] += 1
                if m.group(1) == "CHANGED":
                    run.changed_urls.append(m.group(2))
                if m.group(1) == "ERROR" and len(run.error_samples) < 5:
                    run.error_samples.append(m.group(2))
        # urlwatch does not list unchanged jobs (display.unchanged: false): the rest were unchanged/304
        verbs["unchanged (not listed)"] = doc.site.n - sum(verbs.values())
        run.outcomes = dict(verbs)
        if rc != 0:
            run.note = f"exit status {rc}; stderr: {tail(err)}"
        return run


def top_frames(raw: Path, limit: int = 22) -> list[str]:
    """Inclusive share of samples per function from py-spy's raw (collapsed-stack) output."""
    incl: Counter[str] = Counter()
    total = 0
    with contextlib.suppress(OSError):
        for line in raw.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            n = int(count)
            total += n
            seen = set()
            if "_find_and_load" in stack:
                if "current_async_library" in stack:
                    incl["[imports retried per request: httpcore tries `import sniffio`]"] += n
                else:
                    incl["[module imports: start-up and lazy imports]"] += n
            for frame in stack.split(";"):
                func, _, where = frame.partition(" (")
                path = where.split(":")[0]
                path = re.sub(r".*/site-packages/", "", path).replace(str(REPO) + "/", "")
                key = f"{func} ({path})"
                if key not in seen:
                    seen.add(key)
                    incl[key] += n
    if not total:
        return []
    keep = [
        (k, v)
        for k, v in incl.most_common()
        if ("watcher/" in k and "cli/" not in k and "<module>" not in k)
        or k.startswith("[")
        or k.startswith("AsyncClient.send ")
    ]
    return [f"{100 * v / total:5.1f}% {k}" for k, v in keep[:limit]]


PYSPY_VENV = Path("/tmp/watcher-bench-pyspy-venv")


def ensure_pyspy() -> Path:
    exe = PYSPY_VENV / "bin" / "py-spy"
    if not exe.exists():
        log(f"installing py-spy into {PYSPY_VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(PYSPY_VENV)], check=True, timeout=300)
        subprocess.run([str(PYSPY_VENV / "bin" / "pip"), "install", "-q", "py-spy"], check=True, timeout=900)
    return exe


def tail(path: Path, n: int = 600) -> str:
    with contextlib.suppress(OSError):
        return path.read_text(errors="replace")[-n:].strip().replace("\n", " | ")
    return ""


# --------------------------------------------------------------------------- report


def machine() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    distro = ""
    with contextlib.suppress(OSError):
        m = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text())
        distro = m.group(1) if m else ""
    return (
        f"{os.cpu_count()} cores ({cpu}){mem}, {distro}, Linux {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def classify(run: Run, doc: Docroot) -> dict[str, int]:
    idx = [doc.index_of.get(u) for u in run.changed_urls]
    return {
        "caught": sum(1 for i in idx if i in doc.site.edited),
        "noise": sum(1 for i in idx if i in doc.site.noisy),
        "untouched": sum(
            1 for i in idx if i is not None and i not in doc.site.edited and i not in doc.site.noisy
        ),
    }


def fmt_outcomes(d: dict[str, int]) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(d.items(), key=lambda kv: -kv[1]) if v)


def report(
    runs: dict[tuple[str, int], Run], doc: Docroot, args: argparse.Namespace, info: dict[str, str]
) -> str:
    n = doc.site.n
    lines = [
        f"N={n} pages (avg {info['avg_kb']} KB), concurrency {args.concurrency}, seed {args.seed}, "
        f"nginx {info['nginx']} on 127.0.0.1 (1 worker)",
        f"machine: {info['machine']}",
        f"watcher: {info['watcher']}   urlwatch {URLWATCH_VERSION}: default job (no filters), "
        f"{args.concurrency} worker threads",
        "times are wall-clock per CLI process, start-up included; peak RSS from wait4(); HTTP and TCP",
        "connection counts from nginx's access log; load = 1-min load average just before the run",
        "",
        f"{'round':<32}{'tool':<10}{'time s':>8}{'checks/s':>10}{'peak MB':>9}{'cpu s':>7}"
        f"{'HTTP 200/304':>14}{'conns':>6}{'load':>5}  {'w/u time':>8}  outcomes",
    ]
    for rnd in (1, 2, 3):
        w, u = runs.get(("watcher", rnd)), runs.get(("urlwatch", rnd))
        ratio = f"{w.wall / u.wall:8.3f}" if w and u and u.wall > 0 and w.rc == 0 else f"{'-':>8}"
        for k, r in enumerate((w, u)):
            if r is None:
                continue
            label = f"{rnd}. {ROUND_NAMES[rnd]}" if k == 0 or w is None else ""
            http = f"{r.http.get('200', 0)}/{r.http.get('304', 0)}"
            other = {s: c for s, c in r.http.items() if s not in ("200", "304")}
            if other:
                http += "+" + ",".join(f"{s}:{c}" for s, c in other.items())
            lines.append(
                f"{label:<32}{r.tool:<10}{r.wall:8.2f}{r.rate:10.0f}{r.peak_rss_mb:9.0f}{r.cpu:7.1f}"
                f"{http:>14}{r.connections:6d}{r.load:5.1f}  {ratio if r.tool == 'watcher' else '':>8}  "
                f"{fmt_outcomes(r.outcomes)}" + (" TIMED OUT" if r.timed_out else "")
            )
            if r.spread:
                lines.append(f"{'':<32}  {r.tool} wall s over {len(r.spread)} passes: {r.spread}")
            if r.note:
                lines.append(f"{'':<32}  ! {r.tool}: {r.note[:300]}")
            for s in r.error_samples[:3]:
                lines.append(f"{'':<32}  ! {r.tool} error: {s[:200]}")
    n_edit, n_noise = len(doc.site.edited), len(doc.site.noisy)
    lines += [
        "",
        f"round 3: {n_edit} pages really edited, {n_noise} pages with only chrome changed, "
        f"{n - n_edit - n_noise} untouched (served identical)",
    ]
    for tool in ("watcher", "urlwatch"):
        r = runs.get((tool, 3))
        if r is None:
            continue
        c = classify(r, doc)
        lines.append(
            f"  {tool:<9} real edits caught {c['caught']}/{n_edit}   noise-only pages reported "
            f"{c['noise']}/{n_noise}   untouched pages reported {c['untouched']}"
            + ("   (no filters: every byte counts)" if tool == "urlwatch" else "")
        )
    for rnd in (1, 2, 3):
        w = runs.get(("watcher", rnd))
        if w and w.profile:
            lines += ["", f"watcher round {rnd}, share of py-spy samples (inclusive):"]
            lines += [f"  {x}" for x in w.profile]
    if any(t == "watcher" for t, _ in runs):
        lines += ["", f"targets (set for N=2000; this run N={n}):"]
        for rnd in (1, 2, 3):
            w, u = runs.get(("watcher", rnd)), runs.get(("urlwatch", rnd))
            if w is None:
                continue
            ok = w.rc == 0 and not w.timed_out and w.rate >= TARGETS[rnd]
            lines.append(
                f"  round {rnd} >= {TARGETS[rnd]:.0f} checks/s: {w.rate:.0f}  {'PASS' if ok else 'FAIL'}"
            )
            if u and u.wall > 0:
                ratio = w.wall / u.wall
                ok = w.rc == 0 and ratio <= RATIO_TARGET
                lines.append(
                    f"  round {rnd} time <= 1/3 of urlwatch's: {ratio:.3f}  {'PASS' if ok else 'FAIL'}"
                )
        r3 = runs.get(("watcher", 3))
        if r3:
            c = classify(r3, doc)
            lines.append(
                f"  all real edits caught: {c['caught']}/{n_edit}  "
                f"{'PASS' if c['caught'] == n_edit else 'FAIL'}"
            )
            lines.append(
                f"  no noise-only page reported: {c['noise']}  {'PASS' if c['noise'] == 0 else 'FAIL'}"
            )
            lines.append(f"  (untouched pages reported changed: {c['untouched']})")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def find_watcher(arg: str | None) -> Path | None:
    if arg:
        p = Path(arg)
        if not p.exists():
            raise SystemExit(f"--watcher {arg}: no such file")
        return p.resolve()
    p = REPO / ".venv" / "bin" / "watcher"
    return p if p.exists() else None


def install_watcher(venv: Path) -> Path:
    """This repo's working tree installed as a user installs it (``pip install .``) into a venv
    of its own, as urlwatch is: bytecode compiled by pip, no development tools beside it.
    (The editable dev install compiles nothing when PYTHONDONTWRITEBYTECODE is set, and its
    test tools make ``import httpx`` load httpx's command-line extras.)"""
    log(f"installing watcher from {REPO} into {venv}")
    try:
        return _install_watcher(venv)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        # (git's or pip's own message is above, on stderr)
        raise SystemExit(f"cannot install watcher into {venv}: {exc}") from None


def _install_watcher(venv: Path) -> Path:
    # from a copy of the files git knows of (committed or not, ignored ones left out): built in
    # place, the repo's own build/ directory could hand pip files older than the tree's
    source = venv.parent / "watcher-source"
    shutil.rmtree(source, ignore_errors=True)
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        stdout=subprocess.PIPE,
        check=True,
        timeout=60,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():  # (a file deleted but not yet committed is listed too)
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True, timeout=600)
    subprocess.run([*pip, str(source)], check=True, timeout=900)
    return venv / "bin" / "watcher"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=2000, help="number of article pages (default 2000)")
    ap.add_argument("--seed", type=int, default=1, help="page generator seed (default 1)")
    ap.add_argument(
        "--concurrency",
        type=int,
        default=URLWATCH_DEFAULT_WORKERS,
        help="fetches in flight, the same for both tools (default 10 = urlwatch 2.29's fixed pool)",
    )
    ap.add_argument(
        "--watcher",
        help="watcher executable to time (default: this working tree, pip-installed into a venv in "
        "the work dir, as a user installs it)",
    )
    ap.add_argument(
        "--dev-install",
        action="store_true",
        help="time this repo's editable .venv/bin/watcher instead of a fresh install",
    )
    ap.add_argument(
        "--urlwatch-venv",
        default="/tmp/watcher-bench-urlwatch-venv",
        help="venv for urlwatch 2.29 (created if missing)",
    )
    ap.add_argument("--skip-urlwatch", action="store_true")
    ap.add_argument("--skip-watcher", action="store_true")
    ap.add_argument(
        "--timeout", type=float, default=300, help="seconds allowed for each tool run (default 300)"
    )
    ap.add_argument("--workdir", help="where to put pages, DBs and logs (default: a fresh temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the work dir (logs, DBs, pages) afterwards")
    ap.add_argument(
        "--repeat", type=int, default=1, help="whole passes (fresh databases each); the median is shown"
    )
    ap.add_argument("--json", dest="json_out", help="also write the figures as JSON to this file")
    ap.add_argument(
        "--profile",
        action="store_true",
        help="run each watcher check under py-spy (installed into its own venv) and print where time goes",
    )
    args = ap.parse_args(argv)

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="watcher-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    watcher_exe: Path | None = None
    if args.skip_watcher:
        pass
    elif args.watcher or args.dev_install:
        watcher_exe = find_watcher(args.watcher)
        if watcher_exe is None:
            log(f"no watcher executable at {REPO / '.venv/bin/watcher'}: running urlwatch only")
    else:
        watcher_exe = install_watcher(work / "watcher-venv")
    urlwatch_venv = Path(args.urlwatch_venv)
    if not args.skip_urlwatch:
        Urlwatch.ensure(urlwatch_venv)
    nginx_bin = find_nginx()

    os.chmod(work, 0o755)  # nginx's worker runs as nobody when we are root
    docroot = work / "www"
    docroot.mkdir(exist_ok=True)
    os.chmod(docroot, 0o755)
    nginx = Nginx(nginx_bin, work / "nginx", docroot)
    runs: dict[tuple[str, int], Run] = {}
    extra: dict[str, object] = {}
    try:
        nginx.start()
        pyspy = ensure_pyspy() if args.profile and watcher_exe else None
        passes: list[dict[tuple[str, int], Run]] = []
        for k in range(args.repeat):
            # every pass starts from scratch: the same pages (same seed), fresh databases
            t0 = time.perf_counter()
            site = pages.Site.generate(args.n, args.seed)
            doc = Docroot(docroot, site, f"http://127.0.0.1:{nginx.port}")
            total = doc.write_all(time.time() - 86400)  # published yesterday
            log(
                f"pass {k + 1}/{args.repeat}: wrote {args.n} pages ({total / 1e6:.1f} MB) in "
                f"{time.perf_counter() - t0:.1f}s; nginx on 127.0.0.1:{nginx.port}"
            )
            tools: list[Watcher | Urlwatch] = []
            if watcher_exe:
                tools.append(
                    Watcher(watcher_exe, work / f"watcher{k}", args.concurrency, args.timeout, pyspy)
                )
            if not args.skip_urlwatch:
                tools.append(Urlwatch(urlwatch_venv, work / f"urlwatch{k}", args.concurrency, args.timeout))
            for tool in tools:
                extra[f"{tool.name}_setup_s"] = round(tool.setup(doc.urls), 3)
            this: dict[tuple[str, int], Run] = {}
            for rnd in (1, 2, 3):
                if rnd == 3:
                    changed = site.apply_round3(0.10)
                    now = time.time()
                    for i in changed:
                        doc.write(i, now)
                    log(f"round 3: edited {len(site.edited)} pages, churned the chrome of {len(site.noisy)}")
                for tool in tools:
                    off = nginx.log_offset()
                    log(f"round {rnd}: {tool.name} ...")
                    load = os.getloadavg()[0]
                    run = tool.check(rnd, doc)
                    run.load = load
                    run.http, run.connections = nginx.requests_since(off)
                    this[(tool.name, rnd)] = run
                    log(
                        f"round {rnd}: {tool.name} {run.wall:.2f}s ({run.rate:.0f} checks/s), "
                        f"peak {run.peak_rss_mb:.0f} MB, {fmt_outcomes(run.outcomes)} {run.note[:200]}"
                    )
                    if run.timed_out:
                        log(f"{tool.name} timed out after {args.timeout}s")
            for tool in tools:
                if isinstance(tool, Watcher):
                    extra["watcher_changes"] = tool.changes_summary(doc)
            passes.append(this)
        # the median pass for each (tool, round) cell; all passes are kept in the JSON
        for key in passes[0]:
            cell = sorted((p[key] for p in passes if key in p), key=lambda r: r.wall)
            runs[key] = cell[len(cell) // 2]
            if len(cell) > 1:
                runs[key].spread = [round(r.wall, 2) for r in cell]
        watcher_desc = str(watcher_exe) if watcher_exe else "not run"
        if watcher_exe:
            with contextlib.suppress(Exception):
                r = subprocess.run(
                    [
                        str(watcher_exe.parent / "python"),
                        "-c",
                        "import importlib.metadata as m; print(m.version('watcher'))",
                    ],
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                git = subprocess.run(
                    ["git", "-C", str(REPO), "log", "-1", "--format=%h", "--", "watcher"],
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                dirty = subprocess.run(
                    ["git", "-C", str(REPO), "status", "--porcelain", "--", "watcher"],
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                watcher_desc = (
                    f"{r.stdout.strip() or '?'} (watcher/ at commit {git.stdout.strip() or '?'}"
                    + (", plus uncommitted changes" if dirty.stdout.strip() else "")
                    + (
                        f", {watcher_exe}"
                        if args.watcher
                        else ", editable .venv"
                        if args.dev_install
                        else ", pip-installed in its own venv"
                    )
                    + ")"
                )
        info = {
            "avg_kb": f"{total / args.n / 1024:.1f}",
            "nginx": nginx.version(),
            "machine": machine(),
            "watcher": watcher_desc,
        }
        text = report(runs, doc, args, info)
        print(text)
        if "watcher_setup_s" in extra:
            print(
                f"\nwatcher add --from-file ({args.n} URLs): {extra['watcher_setup_s']:.2f}s "
                "(not in the table)"
            )
        if "watcher_changes" in extra:
            print(f"watcher changes --json after round 3: {json.dumps(extra['watcher_changes'])}")
        if args.json_out:
            Path(args.json_out).write_text(
                json.dumps(
                    {
                        "n": args.n,
                        "seed": args.seed,
                        "concurrency": args.concurrency,
                        "info": info,
                        "extra": extra,
                        "runs": [
                            dict(
                                asdict(r), rate=r.rate, classified=classify(r, doc) if r.round == 3 else None
                            )
                            for r in runs.values()
                        ],
                        "all_passes": [[dict(asdict(r), rate=r.rate) for r in p.values()] for p in passes],
                        "edited": {doc.urls[i]: d for i, d in site.edited.items()},
                        "noisy": [doc.urls[i] for i in sorted(site.noisy)],
                    },
                    indent=1,
                )
            )
    finally:
        nginx.stop()
        if args.keep or args.workdir:
            log(f"work dir kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
