"""Load client (run as its own process): threads send GET requests to one server on loopback.

    python bench/web/load.py --base http://127.0.0.1:PORT --token jx_… --threads 8 \\
        --duration 10 --max-requests 20000 PATH [PATH …]

Each thread keeps one HTTP/1.1 connection and walks the paths round-robin until the duration or
the request budget runs out (both bounded). Prints one JSON line: requests, errors (non-2xx or
failed), requests per second, p50/p95 latency in milliseconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import threading
import time
from urllib.parse import urlsplit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    base = urlsplit(args.base)
    assert base.hostname in ("127.0.0.1", "localhost", "::1"), "只对本机回环地址施加负载"
    headers = {"Accept": "application/json", "Host": base.netloc}
    if args.token:
        headers["Authorization"] = f"Bearer {args.token}"
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    budget = [args.max_requests]
    stop_at = time.monotonic() + args.duration

    def take() -> bool:
        with lock:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return True

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
        i = offset
        while time.monotonic() < stop_at and take():
            path = args.paths[i % len(args.paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 300
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
            except (OSError, http.client.HTTPException) as exc:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
                response = None
                status = type(exc).__name__
            else:
                status = str(response.status)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(f"{path} {status}")
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0

    print(
        json.dumps(
            {
                "requests": len(latencies),
                "errors": len(errors),
                "error_samples": errors[:5],
                "seconds": round(wall, 2),
                "rps": round(len(latencies) / wall, 1) if wall else 0.0,
                "p50_ms": pct(0.5),
                "p95_ms": pct(0.95),
                "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0.0,
            }
        )
    )


if __name__ == "__main__":
    main()
