"""Imports in a child process: a hard time limit, a memory limit, and a few at a time per machine.

The readers check a cooperative deadline (:class:`jixiao.importers.errors.Deadline`), but a library
call that hangs inside C code, or a document that balloons to gigabytes, never reaches a check.
:func:`import_isolated` therefore runs one import in a fresh ``python -m jixiao.isolation`` child:

* the child limits its own address space (``resource.setrlimit(RLIMIT_AS)``) and CPU time before it
  reads anything, so an allocation beyond the limit fails inside the child (``MemoryError``) and
  is reported as “导入占用内存超过上限…”;
* the parent waits at most the hard time limit, then kills the child's whole process group and
  reports “导入超时…”;
* at most :attr:`IsolationLimits.max_concurrent` imports run at once on the machine: each holds
  one ``fcntl`` lock-file slot (under ``JIXIAO_VAR_DIR``, or the temporary directory); the rest
  wait for a free slot up to :attr:`IsolationLimits.queue_wait_seconds`, then get a clear error.

Everything that goes wrong becomes a Chinese :class:`~jixiao.importers.DocumentError`; the parent
never sees more than the packages (validated again on arrival) or that error.

Environment: ``JIXIAO_IMPORT_TIME_LIMIT`` (seconds), ``JIXIAO_IMPORT_MEMORY_MB``,
``JIXIAO_IMPORT_MAX_CONCURRENT``, ``JIXIAO_IMPORT_QUEUE_WAIT`` (seconds) change the defaults;
``JIXIAO_IMPORT_CHILD_HOOK`` (``module:function``) names a function the child calls before the
import — the tests use it to make a reader hang or balloon.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.importers.errors import DEFAULT_TIME_LIMIT, DocumentError, ImportLimits
from jixiao.model import EvaluationPackage

HOOK_ENV = "JIXIAO_IMPORT_CHILD_HOOK"
_MB = 1024 * 1024


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


def _default_slots_dir() -> Path:
    explicit = os.environ.get("JIXIAO_IMPORT_SLOTS_DIR")
    if explicit:
        return Path(explicit)
    var = os.environ.get("JIXIAO_VAR_DIR")
    if var:
        return Path(var) / "import-slots"
    return Path(tempfile.gettempdir()) / f"jixiao-{os.getuid()}" / "import-slots"


@dataclass(frozen=True)
class IsolationLimits:
    """Hard limits of one isolated import and of how many run at once on the machine."""

    time_limit_seconds: float = field(
        default_factory=lambda: _env_number("JIXIAO_IMPORT_TIME_LIMIT", DEFAULT_TIME_LIMIT + 15)
    )
    memory_limit_bytes: int = field(
        default_factory=lambda: int(_env_number("JIXIAO_IMPORT_MEMORY_MB", 2048) * _MB)
    )
    max_concurrent: int = field(default_factory=lambda: int(_env_number("JIXIAO_IMPORT_MAX_CONCURRENT", 2)))
    queue_wait_seconds: float = field(default_factory=lambda: _env_number("JIXIAO_IMPORT_QUEUE_WAIT", 120))
    slots_dir: Path = field(default_factory=_default_slots_dir)


# ---------------------------------------------------------------- the parent side


@contextlib.contextmanager
def import_slot(where: str, limits: IsolationLimits | None = None) -> Iterator[int]:
    """Hold one of the machine's import slots (an exclusive ``flock`` on ``slot-N.lock``).

    Waits for a free slot up to ``queue_wait_seconds``; then raises :class:`DocumentError`. The
    kernel releases the lock when the holder exits, so a crashed process never keeps a slot.
    """
    limits = limits or IsolationLimits()
    slots = max(1, limits.max_concurrent)
    limits.slots_dir.mkdir(parents=True, exist_ok=True)
    give_up = time.monotonic() + max(0.0, limits.queue_wait_seconds)
    pause = 0.05
    while True:
        for number in range(slots):
            fd = os.open(limits.slots_dir / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield number
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= give_up:
            raise DocumentError(
                where,
                f"同时进行的导入已达上限（{slots} 个），等待 {limits.queue_wait_seconds:g} 秒仍无空位，"
                "请稍后再试",
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def import_isolated(
    data: bytes,
    filename: str,
    *,
    limits: ImportLimits | None = None,
    isolation: IsolationLimits | None = None,
) -> list[EvaluationPackage]:
    """:func:`jixiao.importers.import_bytes` in a child process with hard time and memory limits."""
    limits = limits or ImportLimits()
    isolation = isolation or IsolationLimits()
    where = Path(filename).name or "上传的文件"
    if len(data) > limits.max_bytes:  # refused before a process is started
        raise DocumentError(
            where, f"文件大小 {len(data) / _MB:.1f} MB 超过导入上限 {limits.max_bytes / _MB:.0f} MB"
        )
    request = {
        "filename": filename,
        "limits": {
            "max_bytes": limits.max_bytes,
            "max_uncompressed_bytes": limits.max_uncompressed_bytes,
            "max_compression_ratio": limits.max_compression_ratio,
            "time_limit_seconds": limits.time_limit_seconds,
            "max_pages": limits.max_pages,
        },
        "memory_limit_bytes": isolation.memory_limit_bytes,
        "cpu_seconds": int(_hard_seconds(data, limits, isolation)) + 5,
    }
    header = json.dumps(request).encode("utf-8") + b"\n"
    seconds = _hard_seconds(data, limits, isolation)
    with import_slot(where, isolation):
        out, err, status, timed_out = _run_child(header + data, seconds)
    if timed_out:
        raise DocumentError(where, f"导入超时（超过 {seconds:g} 秒），已停止；文档可能过大或结构异常")
    return _packages_from(out, err, status, where, isolation)


def _hard_seconds(data: bytes, limits: ImportLimits, isolation: IsolationLimits) -> float:
    """The hard time limit: a PDF or an image may be a scan, whose limit scales with its pages.

    The child scales its cooperative limit by the pages it OCRs
    (:func:`jixiao.importers.ocr.scan_time_limit`); the parent cannot count them without parsing
    the file itself, so it allows such files the largest scan limit.
    """
    from jixiao.importers.ocr import MAX_SCAN_LIMIT_FACTOR

    head = data[:1024]
    if b"%PDF" in head or head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return isolation.time_limit_seconds + (MAX_SCAN_LIMIT_FACTOR - 1) * limits.time_limit_seconds
    return isolation.time_limit_seconds


def import_file_isolated(
    path: str | Path, *, limits: ImportLimits | None = None, isolation: IsolationLimits | None = None
) -> list[EvaluationPackage]:
    """:func:`import_isolated` on a file from disk (its size is checked before it is read)."""
    limits = limits or ImportLimits()
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise DocumentError(
                p.name, f"文件大小 {size / _MB:.1f} MB 超过导入上限 {limits.max_bytes / _MB:.0f} MB"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(p.name, f"无法读取文件（{exc.strerror or exc}）") from exc
    return import_isolated(data, p.name, limits=limits, isolation=isolation)


def _run_child(payload: bytes, seconds: float) -> tuple[bytes, bytes, int, bool]:
    """Run the child on ``payload``; kill its process group after ``seconds``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "jixiao.isolation"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: a kill takes helpers it started too
        close_fds=True,
    )
    try:
        out, err = process.communicate(payload, timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        return b"", b"", process.returncode, True
    except BaseException:
        _kill_group(process)
        process.communicate()
        raise
    return out, err, process.returncode, False


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the child and whatever it started (called while the child is still alive, not yet reaped)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _packages_from(
    out: bytes, err: bytes, status: int, where: str, isolation: IsolationLimits
) -> list[EvaluationPackage]:
    memory = (
        f"导入占用内存超过上限（{isolation.memory_limit_bytes / _MB:.0f} MB），已停止；文档可能过大或结构异常"
    )
    try:
        answer: Any = json.loads(out.decode("utf-8")) if out else None
    except (UnicodeDecodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):
        if status in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT) or b"MemoryError" in err[-2000:]:
            raise DocumentError(where, memory)
        if status == -signal.SIGXCPU:
            raise DocumentError(
                where, f"导入超时（CPU 时间超过 {isolation.time_limit_seconds:g} 秒），已停止"
            )
        raise DocumentError(where, f"导入进程异常退出（状态 {status}），无法读取该文档")
    if answer.get("error") == "memory":
        raise DocumentError(where, memory)
    if "what" in answer:
        raise DocumentError(str(answer.get("where") or where), str(answer["what"]))
    try:
        return [EvaluationPackage.model_validate(p) for p in answer.get("packages", [])]
    except ValueError as exc:  # pydantic's ValidationError: the child returned something odd
        raise DocumentError(where, f"导入结果不合规，无法使用（{str(exc)[:200]}）") from exc


# ---------------------------------------------------------------- the child side


def _limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if cpu_seconds > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _run_hook() -> None:
    spec = os.environ.get(HOOK_ENV)
    if not spec:
        return
    import importlib

    module, _, name = spec.partition(":")
    getattr(importlib.import_module(module), name)()


def child_main() -> int:
    """Entry of ``python -m jixiao.isolation``: one request on stdin, one JSON answer on stdout."""
    stdin = sys.stdin.buffer
    request = json.loads(stdin.readline().decode("utf-8"))
    _limit_self(int(request.get("memory_limit_bytes", 0)), int(request.get("cpu_seconds", 0)))
    write = sys.stdout.buffer.write
    try:
        data = stdin.read()
        _run_hook()
        from jixiao.importers import api

        packages = api.import_bytes(data, request["filename"], limits=ImportLimits(**request["limits"]))
        body = b'{"packages": [' + b",".join(p.model_dump_json().encode("utf-8") for p in packages) + b"]}"
    except MemoryError:
        body = b""  # free what the failed work held before answering
        body = b'{"error": "memory"}'
    except DocumentError as exc:
        body = json.dumps({"where": exc.where, "what": exc.what}, ensure_ascii=False).encode("utf-8")
    write(body)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":  # pragma: no cover - runs in the child process
    sys.exit(child_main())
