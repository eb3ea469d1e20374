"""Web benchmarks on PostgreSQL: dashboard and list latencies, API throughput under load, read/trivial ratio.

    createdb -h 127.0.0.1 -U postgres jixiao_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench \\
        python bench/web/bench_web.py --units 3000 [--generate] [--duration 10]
        python bench/web/bench_web.py --scale          # 100,000 units × 5 years (country-sized province)

1. Migrates; generates N units × Y years (``bench/generate.py``) when the database holds fewer
   units than asked or ``--generate`` is given.
2. Latencies (p50, p95) of the dashboards and the lists, called in-process (Django's test client,
   no network) as a system administrator (the whole province) and as a county bureau.
3. Starts gunicorn on 127.0.0.1 and, from a second process (``load.py``, Python threads), sends a
   bounded load of typical API reads, list pages and a trivial view; reports requests per second,
   latency, errors (must be zero) and the server's CPU per request (gunicorn's processes and the
   database backends, from /proc), and the ratio trivial/typical of requests per second and of
   that CPU (on a shared machine throughput moves with everyone's load; a request's CPU barely does).
Prints the figures and writes them to ``bench/out/bench_web.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "bench" / "out"


def _setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ.setdefault("JIXIAO_VAR_DIR", str(OUT / "var"))
    for p in (str(HERE), str(ROOT / "src"), str(ROOT / "bench")):
        if p not in sys.path:
            sys.path.insert(0, p)
    import django

    django.setup()


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)


def latencies(repeat: int) -> list[dict[str, Any]]:
    from django.contrib.auth import get_user_model
    from django.db.models import Max
    from django.test import Client

    from jixiao_web.evaluations.models import Evaluation
    from jixiao_web.orgs.models import Jurisdiction

    users = get_user_model().objects
    sysadmin, bureau = users.get(username="bench_sys"), users.get(username="bench_bureau")
    year = Evaluation.objects.aggregate(y=Max("year"))["y"]
    city = Jurisdiction.objects.filter(level="city").order_by("pk").first()
    bureau_unit = (
        Evaluation.objects.filter(unit__bureau_id=bureau.membership.bureau_id)
        .values_list("unit_id", flat=True)
        .first()
    )
    some = Evaluation.objects.order_by("pk").values_list("pk", flat=True)[500]
    total = Evaluation.objects.count()
    last_page = max(1, -(-total // 50))
    deep = Evaluation.objects.order_by("-year", "unit_id", "pk").values_list("year", "unit_id")[
        total * 9 // 10
    ]
    deep_cursor = f"{deep[0]}.{deep[1]}"
    cases = [
        ("首页工作台（系统管理员）", sysadmin, "/"),
        ("首页工作台第 100 页（系统管理员）", sysadmin, "/?page=100"),
        ("看板（全省，系统管理员）", sysadmin, f"/dashboards/?year={year}"),
        ("看板（按市筛选）", sysadmin, f"/dashboards/?year={year}&jurisdiction={city.pk if city else ''}"),
        ("看板（一个县财政局）", bureau, f"/dashboards/?year={year}"),
        ("看板图表数据下载 xlsx（全省排名）", sysadmin, f"/dashboards/xlsx/ranking/?year={year}"),
        ("单位历年看板", bureau, f"/dashboards/units/{bureau_unit}/"),
        ("API 列表第 1 页（全省）", sysadmin, "/api/v1/packages?page=1&page_size=50"),
        ("API 列表第 500 页（全省）", sysadmin, "/api/v1/packages?page=500&page_size=50"),
        ("API 列表最后一页（全省）", sysadmin, f"/api/v1/packages?page={last_page}&page_size=50"),
        ("API 列表按游标续读（全省，深处）", sysadmin, f"/api/v1/packages?page_size=50&cursor={deep_cursor}"),
        ("公开报告列表第 100 页（匿名）", None, "/portal/?page=100"),
        ("API 列表（一个县，按年度）", bureau, f"/api/v1/packages?year={year}"),
        ("API 详情（含评价包）", sysadmin, f"/api/v1/packages/{some}"),
        ("公开数据列表（匿名）", None, f"/api/v1/public/packages?year={year}"),
        ("公开数据搜索（匿名，按单位名称）", None, "/api/v1/public/packages?q=社会保险"),
        ("首页工作台（县财政局）", bureau, "/"),
    ]
    out = []
    for label, user, url in cases:
        client = Client()
        if user is not None:
            client.force_login(user)
        first = client.get(url)
        if first.status_code != 200:
            out.append({"case": label, "url": url, "status": first.status_code})
            continue
        times = []
        cpu0 = time.process_time()
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        # the Django process's own CPU per request: unlike wall time, barely moved by other load
        cpu_ms = (time.process_time() - cpu0) * 1000 / repeat
        out.append(
            {
                "case": label,
                "url": url,
                "status": 200,
                "p50_ms": _pct(times, 0.5),
                "p95_ms": _pct(times, 0.95),
                "mean_ms": round(statistics.fmean(times), 1),
                "cpu_ms": round(cpu_ms, 1),
                "n": repeat,
            }
        )
        print(
            f"  {label:<36} p50 {out[-1]['p50_ms']:>8.1f} ms   p95 {out[-1]['p95_ms']:>8.1f} ms   "
            f"CPU {cpu_ms:>6.1f} ms",
            flush=True,
        )
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes ``pids`` have used so far (Linux ``/proc``)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def _server_pids(parent: int) -> list[int]:
    """gunicorn's master, its workers, and the PostgreSQL backends serving this database (but this
    process's own): the processes a request's CPU is spent in."""
    from django.db import connection

    pids = [parent]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == parent:
                pids.append(int(entry.name))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            pids += [int(pid) for (pid,) in cursor.fetchall()]
    return pids


def load_test(args: argparse.Namespace) -> dict[str, Any]:
    from jixiao_web.evaluations.models import Evaluation

    accounts = json.loads((OUT / "accounts.json").read_text(encoding="utf-8"))["accounts"]
    token = accounts["bench_sys"]["token"]
    ids = list(Evaluation.objects.values_list("pk", flat=True))
    rng = random.Random(7)
    sample = rng.sample(ids, min(300, len(ids)))
    pages = max(1, len(ids) // 50)
    port = _free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT / "src")]),
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "jixiao_web.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
            "--keep-alive",
            "5",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(OUT / "gunicorn.log", "w"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn 未能启动，见 bench/out/gunicorn.log")

        def run(label: str, paths: list[str], use_token: bool = True) -> dict[str, Any]:
            command = [
                sys.executable,
                str(HERE / "load.py"),
                "--base",
                base,
                "--threads",
                str(args.threads),
                "--duration",
                str(args.duration),
                "--max-requests",
                str(args.max_requests),
            ]
            if use_token:
                command += ["--token", token]
            # warm-up (not counted): every worker loads its code and opens its database connection
            subprocess.run(
                [*command[:-4], "--duration", "2", "--max-requests", "200", *paths],
                check=True,
                capture_output=True,
                timeout=60,
            )
            # the server's CPU per request (web workers + database backends): on a shared machine the
            # requests per second move with everyone's load; what a request costs the server barely does
            pids = _server_pids(server.pid)
            cpu0 = _cpu_seconds(pids)
            done = subprocess.run(
                [*command, *paths], check=True, capture_output=True, text=True, timeout=args.duration + 120
            )
            cpu = _cpu_seconds(pids) - cpu0
            result = {"case": label, **json.loads(done.stdout.strip().splitlines()[-1])}
            result["server_cpu_ms"] = (
                round(cpu * 1000 / result["requests"], 2) if result["requests"] else None
            )
            print(
                f"  {label:<36} {result['rps']:>8.1f} 次/秒   p50 {result['p50_ms']:>7.1f} ms   "
                f"p95 {result['p95_ms']:>7.1f} ms   错误 {result['errors']}   "
                f"服务端 CPU {result['server_cpu_ms'] or 0:>5.2f} ms/次",
                flush=True,
            )
            return result

        results = [
            run("API 详情（含评价包 JSON）", [f"/api/v1/packages/{pk}" for pk in sample]),
            run(
                "API 列表（随机页，每页 50）",
                [f"/api/v1/packages?page={rng.randint(1, pages)}" for _ in range(100)],
            ),
            run(
                "公开数据列表（匿名）",
                [f"/api/v1/public/packages?page={rng.randint(1, 50)}" for _ in range(50)],
                use_token=False,
            ),
            run("平凡视图 /api/v1/health", ["/api/v1/health"], use_token=False),
        ]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    typical, trivial = results[0], results[-1]
    return {
        "results": results,
        "ratio_trivial_to_typical_rps": round(trivial["rps"] / typical["rps"], 2) if typical["rps"] else None,
        # the same ratio from what each request cost the server (CPU), which other load moves less
        "ratio_typical_to_trivial_server_cpu": (
            round(typical["server_cpu_ms"] / trivial["server_cpu_ms"], 2)
            if trivial.get("server_cpu_ms")
            else None
        ),
        "workers": args.workers,
        "threads_per_worker": 4,
        "client_threads": args.threads,
    }


def targets(figures: dict[str, Any]) -> list[str]:
    """The issue-11 targets beside what this run measured (for a 2-core machine, PostgreSQL)."""
    latency = {r["case"]: r for r in figures["latency"] if "p95_ms" in r}
    load = {r["case"]: r for r in figures["load"]["results"]}
    lines = []

    def line(label: str, value: float | None, limit: float, *, at_least: bool = False) -> None:
        if value is None:
            lines.append(f"  {label}: 未测")
            return
        ok = value >= limit if at_least else value <= limit
        lines.append(
            f"  {'达标' if ok else '未达标'}  {label}: {value:g}（目标 {'≥' if at_least else '≤'} {limit:g}）"
        )

    line("全省看板 p95 ms", latency.get("看板（全省，系统管理员）", {}).get("p95_ms"), 150)
    line("按市看板 p95 ms", latency.get("看板（按市筛选）", {}).get("p95_ms"), 100)
    line("最慢页面 p95 ms", max((r["p95_ms"] for r in latency.values()), default=None), 300)
    api_list = load.get("API 列表（随机页，每页 50）", {})
    line("API 列表随机页 p95 ms（负载下）", api_list.get("p95_ms"), 50)
    line("API 列表随机页 次/秒", api_list.get("rps"), 100, at_least=True)
    line("平凡视图 ÷ API 详情 吞吐", figures["load"].get("ratio_trivial_to_typical_rps"), 3)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="网站基准测试（PostgreSQL）")
    parser.add_argument("--units", type=int, default=30000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--scale", action="store_true", help="100,000 个单位 × 5 年（覆盖 --units/--years）")
    parser.add_argument("--generate", action="store_true", help="重新生成数据（清空基准数据库中的单位）")
    parser.add_argument("--repeat", type=int, default=20, help="每个页面测延迟的次数")
    parser.add_argument("--duration", type=float, default=10.0, help="每项负载测试的秒数")
    parser.add_argument("--max-requests", type=int, default=50000)
    parser.add_argument("--threads", type=int, default=8, help="负载客户端的线程数")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn 工作进程数")
    parser.add_argument("--allow-sqlite", action="store_true")
    args = parser.parse_args()
    if args.scale:
        args.units, args.years = 100_000, 5
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) and not args.allow_sqlite:
        raise SystemExit("请用 DATABASE_URL=postgres://… 指定一个 PostgreSQL 基准数据库")
    OUT.mkdir(parents=True, exist_ok=True)
    _setup()
    from django.core.management import call_command

    from jixiao_web.orgs.models import BudgetUnit

    call_command("migrate", verbosity=0)
    have = BudgetUnit.objects.count()
    from jixiao_web.evaluations.models import Evaluation as _Evaluation

    years_have = _Evaluation.objects.values("year").distinct().count()
    if (
        args.generate
        or have != args.units
        or years_have != args.years
        or not (OUT / "accounts.json").exists()
    ):
        import generate  # bench/generate.py

        print(f"== 生成数据：{args.units} 个单位 × {args.years} 年", flush=True)
        generate.generate(args.units, args.years, 2022, 20240531, reset=have > 0)
    from jixiao_web.evaluations.models import Evaluation

    figures: dict[str, Any] = {
        "units": BudgetUnit.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "database": "postgresql" if url.startswith("postgres") else "sqlite",
    }
    print(f"== 数据：{figures['units']} 个单位，{figures['evaluations']} 份自评", flush=True)
    # wall times on a shared machine move with everyone's load: say what it was, beside each page's CPU
    figures["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    print(
        f"== 本机负载（1/5/15 分钟平均）：{figures['load_average_before']}，CPU 核数 {os.cpu_count()}",
        flush=True,
    )
    print(f"== 页面延迟（进程内，每项 {args.repeat} 次）", flush=True)
    figures["latency"] = latencies(args.repeat)
    print(
        f"== 负载（gunicorn {args.workers} 进程 × 4 线程；另一进程 {args.threads} 线程，每项 {args.duration:g} 秒）",
        flush=True,
    )
    figures["load"] = load_test(args)
    errors = sum(r["errors"] for r in figures["load"]["results"])
    print(
        f"== 平凡视图与典型 API 读取的吞吐之比：{figures['load']['ratio_trivial_to_typical_rps']}"
        f"（按服务端每次 CPU：{figures['load']['ratio_typical_to_trivial_server_cpu']}）；负载错误 {errors} 个"
    )
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(f"== 本机负载（测完时）：{figures['load_average_after']}")
    print("== 目标（议题 11）")
    for text in targets(figures):
        print(text)
    (OUT / "bench_web.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
