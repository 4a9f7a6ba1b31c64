"""Benchmark of the public site under a crowd: a cached article page against a static file.

Standalone: `.venv/bin/python bench/bench_site.py [--seconds 4] [--rounds 3]`. It

- migrates a scratch SQLite database in a temporary directory and publishes one article
  (through `website.services.article_publish`, as sign-off does);
- runs `collectstatic` (as `scripts/run.sh` does) and starts gunicorn the same way
  `scripts/run.sh` does (`config.wsgi`, `RONGMEI_WORKERS` sync workers, default 3,
  access log on), with `DJANGO_DEBUG=false` so that WhiteNoise serves the static files;
- the page cache is Redis at 127.0.0.1:6379 (database 15, a key prefix of its own per
  run, its keys deleted at the end) when it answers, else the file cache in the scratch directory: either is shared
  by every gunicorn worker, which a purge on publish needs (locmem would not be);
- warms the cache, checks that the article now comes from it (`X-Site-Cache: hit`),
  then measures requests per second of the article page and of the static file closest
  to it in size, alternately, with a Python load generator (processes × threads, one
  http.client connection each; `wrk` is not needed);
- prints both throughputs and their ratio: the goal is ≥ 0.5 (a cached article at
  least half as fast as a static file on the same stack);
- flushes the counted page views and checks that each article request (from a browser
  user agent) was counted once, though served from the cache.

The load generator runs on the same machine and competes for its cores, so absolute
numbers are modest; the ratio, measured in the same run, is what matters.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="rongmei-bench-site-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile Safari/604.1"
GOAL = 0.5


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = _free_port()
CACHE = "redis://127.0.0.1:6379/15" if _redis_up() else f"filecache://{SCRATCH}/cache"
KEY_PREFIX = f"rongmei-bench-{uuid.uuid4().hex[:8]}"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    "DJANGO_DEBUG": "false",
    "DATABASE_URL": f"sqlite:///{SCRATCH}/bench.sqlite3",
    "RONGMEI_CACHE_URL": CACHE,
    "RONGMEI_CACHE_KEY_PREFIX": KEY_PREFIX,
    "RONGMEI_TASKS_BACKEND": "immediate",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def seed() -> str:
    """One center, its site on 127.0.0.1:PORT, and one published article; its URL."""
    from wagtail.models import Site

    from rongmei.accounts.tests.factories import make_staff
    from rongmei.core.models import Center
    from rongmei.newsroom import services as newsroom
    from rongmei.website.services import article_publish, site_home_ensure

    center = Center.objects.create(code="632224", name="示范县融媒体中心")
    site_home_ensure(center=center)
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=PORT)
    reporter = make_staff(center, "reporter", username="bench-reporter")
    paragraph = (
        "我县召开爱国卫生运动暨创建国家卫生县城推进会，会议总结了上半年的工作，"
        "部署了下一阶段的重点任务，要求各乡镇、各部门对照标准查漏补缺，"
        "确保各项指标全面达标。"
    )
    body = "".join(f"<p>{paragraph}（{i}）</p>" for i in range(30))
    column = newsroom.column_create(by=None, center=center, name="要闻")
    story = newsroom.story_create(
        by=reporter,
        center=center,
        title="全力推进创卫工作 巩固提升城乡环境",
        body=body,
        columns=[column],
    )
    version = newsroom.version_create(story=story, kind="web", by=reporter)
    page = article_publish(story=story, version=version, by=None)
    return page.url


def static_file_like(size: int) -> str:
    """The collected static file closest in size to `size` bytes (text types only)."""
    from django.conf import settings

    root = Path(settings.STATIC_ROOT)
    candidates = [
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".css", ".js", ".svg", ".html") and ".gz" not in p.name
    ]
    best = min(candidates, key=lambda p: abs(p.stat().st_size - size))
    return settings.STATIC_URL + best.relative_to(root).as_posix()


def fetch(path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    conn.request("GET", path, headers={"User-Agent": UA, "Accept-Language": "zh-CN"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def _client(path: str, seconds: float, threads: int, out) -> None:
    stop = time.perf_counter() + seconds
    counts = [0] * threads
    errors = [0] * threads

    def run(i):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        headers = {"User-Agent": UA, "Accept-Language": "zh-CN"}
        while time.perf_counter() < stop:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[i] += 1
                else:
                    errors[i] += 1
                if response.will_close:
                    conn.close()  # gunicorn's sync workers close after each response
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        conn.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out.put((sum(counts), sum(errors)))


def load(path: str, seconds: float, processes: int, threads: int) -> tuple[float, int, int]:
    """Requests per second of `path` over `seconds`; and the ok and failed counts."""
    out = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_client, args=(path, seconds, threads, out))
        for _ in range(processes)
    ]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t0
    ok = sum(r[0] for r in results)
    return ok / elapsed, ok, sum(r[1] for r in results)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4.0, help="length of one measurement")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (best kept)")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)

    article = seed()
    workers = os.environ.get("RONGMEI_WORKERS", "3")
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "-w",
            workers,
            "-b",
            f"127.0.0.1:{PORT}",
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    atexit.register(
        lambda: os.killpg(server.pid, signal.SIGTERM) if server.poll() is None else None
    )
    for _ in range(100):
        try:
            fetch("/healthz")
            break
        except OSError:
            time.sleep(0.1)
    else:
        print("gunicorn did not start")
        return 1

    status, headers, body = fetch(article)
    assert status == 200, status
    for _ in range(int(workers) * 2):
        status, headers, _body = fetch(article)
    if headers.get("X-Site-Cache") != "hit":
        print(f"the article is not served from the cache: {headers.get('X-Site-Cache')}")
        return 1
    static = static_file_like(len(body))
    status, _headers, static_body = fetch(static)
    assert status == 200, status
    warm_views = int(workers) * 2 + 1

    print(f"cache: {CACHE.split('?')[0]}   gunicorn: {workers} sync workers   port {PORT}")
    print(f"article {article} ({len(body)} bytes)  vs  static {static} ({len(static_body)} bytes)")
    print(f"load: {args.processes} processes × {args.threads} threads, {args.seconds}s per run")
    best = {"article": 0.0, "static": 0.0}
    article_requests = 0
    for rnd in range(args.rounds):
        for name, path in (("static", static), ("article", article)):
            rps, ok, failed = load(path, args.seconds, args.processes, args.threads)
            if name == "article":
                article_requests += ok
            best[name] = max(best[name], rps)
            print(f"  round {rnd + 1}  {name:8} {rps:8.0f} req/s  ({ok} ok, {failed} failed)")
    ratio = best["article"] / best["static"] if best["static"] else 0.0
    print(f"static file    {best['static']:8.0f} req/s")
    print(f"cached article {best['article']:8.0f} req/s")
    print(
        f"ratio article/static = {ratio:.2f}  (goal ≥ {GOAL})  {'OK' if ratio >= GOAL else 'BELOW GOAL'}"
    )

    # Stop gracefully: each worker pushes the views it has buffered as it exits.
    os.kill(server.pid, signal.SIGTERM)
    server.wait(timeout=60)
    from rongmei.website.services import site_views_flush

    counted = site_views_flush()
    expected = warm_views + article_requests
    print(f"page views counted and flushed: {counted} of {expected} article requests")
    return 0
    return 0


def _forget_keys() -> None:
    if CACHE.startswith("redis://"):
        import redis

        client = redis.Redis.from_url(CACHE)
        for key in client.scan_iter(f"{KEY_PREFIX}:*"):
            client.delete(key)


if __name__ == "__main__":
    try:
        code = main()
    finally:
        _forget_keys()
    sys.exit(code)
