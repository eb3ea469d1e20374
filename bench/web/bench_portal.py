"""Portal list and notice pages in-process on PostgreSQL: p50/p95 wall and CPU per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench_i11 \\
        python bench/web/bench_portal.py [--repeat 40]

Each page is requested once to warm the process, then ``--repeat`` times ("warm": the list's count
and marks are remembered by the process); "cold" clears those memories before every request, as
the first request of a process, or one after the 60 s they are kept, pays. Prints the machine's
load average before and after (wall times on a shared machine move with everyone's load).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    for p in (str(HERE), str(ROOT / "src"), str(ROOT / "bench")):
        if p not in sys.path:
            sys.path.insert(0, p)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from jixiao_web.campaigns.models import Campaign
    from jixiao_web.evaluations import selectors

    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    sysadmin = get_user_model().objects.get(username="bench_sys")
    campaign = Campaign.objects.order_by("pk").values_list("pk", flat=True).first()
    cases = [
        ("公开报告列表第 1 页（匿名）", None, "/portal/?page=1"),
        ("公开报告列表第 100 页（匿名）", None, "/portal/?page=100"),
        ("公开报告列表第 1000 页（匿名）", None, "/portal/?page=1000"),
        ("公开报告列表按年度第 100 页（匿名）", None, "/portal/?year=2023&page=100"),
        ("自评通知列表（系统管理员）", sysadmin, "/campaigns/"),
    ]
    if campaign is not None:
        cases.append(("一个通知的自评第 100 页（系统管理员）", sysadmin, f"/campaigns/{campaign}/?page=100"))
    for label, user, url in cases:
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == 200, url
        for mode in ("warm", "cold"):
            times = []
            cpu0 = time.process_time()
            for _ in range(args.repeat if mode == "warm" else max(3, args.repeat // 8)):
                if mode == "cold":
                    selectors._COUNTS.clear()
                    selectors._MARKS.clear()
                t0 = time.perf_counter()
                assert client.get(url).status_code == 200, url
                times.append((time.perf_counter() - t0) * 1000)
            cpu = (time.process_time() - cpu0) * 1000 / len(times)
            print(
                f"  {label:<34} {mode}  p50 {_pct(times, 0.5):>7.1f} ms  p95 {_pct(times, 0.95):>7.1f} ms"
                f"  CPU {cpu:>6.1f} ms  n {len(times)}",
                flush=True,
            )
    print("load average after: ", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
