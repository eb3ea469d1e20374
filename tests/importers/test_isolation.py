"""Isolated imports (issue 10): a child process with hard time and memory limits, a few at a time.

The child calls the function named by ``JIXIAO_IMPORT_CHILD_HOOK`` before it imports; the hooks
below replace the reader there with one that hangs or one that balloons — what a library call on
a hostile document does. The parent (this test process) gets a Chinese ``DocumentError`` and
goes on importing; the child is gone. No assertion depends on how long anything took.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.importers import DocumentError
from jixiao.isolation import HOOK_ENV, IsolationLimits, import_file_isolated, import_isolated, import_slot
from tests.conftest import ROOT

SEED_001 = ROOT / "src" / "jixiao" / "data" / "seeds" / "001_a74d644552a354b1.txt"
PID_FILE_ENV = "JIXIAO_TEST_CHILD_PID_FILE"


# ---------------------------------------------------------------- hooks (run in the child)


def _note_pid() -> None:
    path = os.environ.get(PID_FILE_ENV)
    if path:
        Path(path).write_text(str(os.getpid()), encoding="utf-8")


def hook_hang() -> None:
    """The reader never returns (a library stuck in C code does not check the deadline either)."""
    from jixiao.importers import api

    def hang(*args: Any, **kwargs: Any) -> Any:
        _note_pid()
        while True:
            time.sleep(60)

    api.import_bytes = hang  # type: ignore[assignment]


def hook_balloon() -> None:
    """The reader allocates without end (a spreadsheet declaring a million rows)."""
    from jixiao.importers import api

    def balloon(*args: Any, **kwargs: Any) -> Any:
        _note_pid()
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))

    api.import_bytes = balloon  # type: ignore[assignment]


# ---------------------------------------------------------------- tests


def _limits(tmp_path: Path, **kw: Any) -> IsolationLimits:
    values: dict[str, Any] = {
        "time_limit_seconds": 60.0,
        "memory_limit_bytes": 1024 * 1024 * 1024,
        "max_concurrent": 2,
        "queue_wait_seconds": 60.0,
        "slots_dir": tmp_path / "slots",
    }
    values.update(kw)
    return IsolationLimits(**values)


def _gone(pid_file: Path) -> bool:
    pid = int(pid_file.read_text(encoding="utf-8"))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_normal_import_gives_the_same_packages(tmp_path: Path) -> None:
    from jixiao.importers import import_file

    (isolated,) = import_file_isolated(SEED_001, isolation=_limits(tmp_path))
    (direct,) = import_file(SEED_001)
    assert isolated.model_dump() == direct.model_dump()


def test_a_hanging_reader_is_killed_and_the_parent_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv(HOOK_ENV, f"{__name__}:hook_hang")
    monkeypatch.setenv(PID_FILE_ENV, str(pid_file))
    with pytest.raises(DocumentError) as caught:
        import_isolated(SEED_001.read_bytes(), "hang.txt", isolation=_limits(tmp_path, time_limit_seconds=3))
    assert caught.value.where == "hang.txt"
    assert caught.value.what.startswith("导入超时")
    assert _gone(pid_file)
    monkeypatch.delenv(HOOK_ENV)
    assert import_file_isolated(SEED_001, isolation=_limits(tmp_path))  # the parent survives


def test_a_ballooning_reader_is_stopped_at_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv(HOOK_ENV, f"{__name__}:hook_balloon")
    monkeypatch.setenv(PID_FILE_ENV, str(pid_file))
    limits = _limits(tmp_path, memory_limit_bytes=512 * 1024 * 1024)
    with pytest.raises(DocumentError) as caught:
        import_isolated(SEED_001.read_bytes(), "balloon.txt", isolation=limits)
    assert caught.value.what.startswith("导入占用内存超过上限（512 MB）")
    assert _gone(pid_file)
    monkeypatch.delenv(HOOK_ENV)
    assert import_file_isolated(SEED_001, isolation=_limits(tmp_path))


def test_the_childs_document_error_reaches_the_parent(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        import_isolated("\u3000\n \n\u3000".encode(), "empty.txt", isolation=_limits(tmp_path))
    assert caught.value.where == "empty.txt" and "没有可导入的文字" in caught.value.what


def test_imports_wait_for_a_free_slot_then_give_up_clearly(tmp_path: Path) -> None:
    limits = _limits(tmp_path, max_concurrent=1, queue_wait_seconds=0.2)
    with import_slot("held.txt", limits):
        with pytest.raises(DocumentError) as caught:
            import_file_isolated(SEED_001, isolation=limits)
        assert "同时进行的导入已达上限（1 个）" in caught.value.what
    # the slot is free again once its holder is done
    assert import_file_isolated(SEED_001, isolation=limits)


def test_slots_are_counted_per_machine_not_per_call(tmp_path: Path) -> None:
    limits = _limits(tmp_path, max_concurrent=2, queue_wait_seconds=0)
    with import_slot("a", limits) as first, import_slot("b", limits) as second:
        assert {first, second} == {0, 1}
        with pytest.raises(DocumentError), import_slot("c", limits):
            pass
    with import_slot("d", limits) as again:
        assert again == 0


def test_cli_import_runs_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOOK_ENV, f"{__name__}:hook_hang")
    monkeypatch.setenv("JIXIAO_IMPORT_TIME_LIMIT", "3")
    monkeypatch.setenv("JIXIAO_IMPORT_SLOTS_DIR", str(tmp_path / "slots"))
    result = CliRunner().invoke(main, ["check", str(SEED_001)])
    assert result.exit_code == 2
    assert "导入超时（超过 3 秒）" in result.output
