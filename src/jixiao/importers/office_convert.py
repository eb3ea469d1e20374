"""Legacy office files (.doc, .wps, .et, .xls that xlrd cannot read) converted by LibreOffice.

Word 97–2003 ``.doc`` and WPS Writer ``.wps`` have no maintained pure-Python reader; LibreOffice
(Debian's ``libreoffice-writer`` / ``libreoffice-calc``, installed by ``scripts/setup.sh``) reads
them faithfully. The conversion runs headless in a child process:

* with its own throw-away profile (``-env:UserInstallation`` in a temporary directory), so
  concurrent conversions never share or corrupt a profile and nothing persists;
* without network: in a new network namespace (``unshare -n``) where the system allows it,
  otherwise with every proxy pointed at a closed local port;
* under a time limit (the import's remaining time, at most :data:`MAX_SECONDS`) and an address-space
  limit (:data:`MAX_MEMORY`); the whole process group is killed when the time is up.

The result (.docx or .xlsx bytes) is then read by the existing reader, and the conversion is named
in the package's provenance (:data:`CONVERSION_NOTE`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import DocumentError

MAX_SECONDS = 120.0
MAX_MEMORY = 3 * 1024 * 1024 * 1024  # address space of the LibreOffice process

CONVERSION_NOTE = "由 {source} 经 LibreOffice 转换为 {target} 后读取"

_FILTERS = {".docx": "docx:MS Word 2007 XML", ".xlsx": "xlsx:Calc MS Excel 2007 XML"}


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def _unshare_prefix() -> tuple[str, ...]:
    """``unshare -n`` (or ``-rn`` for a normal user) when this system lets us drop the network."""
    tool = shutil.which("unshare")
    if tool is None:
        return ()
    for flags in ("-n", "-rn"):
        try:
            done = subprocess.run([tool, flags, "true"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return (tool, flags)
    return ()


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def convert(data: bytes, source_suffix: str, target_suffix: str, where: str, *, seconds: float) -> bytes:
    """``data`` (a file of ``source_suffix``) converted by LibreOffice to ``target_suffix`` bytes.

    Raises :class:`DocumentError` in Chinese when LibreOffice is missing, runs out of time or
    memory, or cannot read the file (damaged, encrypted, not what its name says).
    """
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError(
            where,
            f"读取 {source_suffix} 文件需要 LibreOffice，但本机未安装（运行 scripts/setup.sh 安装 "
            f"libreoffice-writer 与 libreoffice-calc），或请另存为 {target_suffix} 后再导入",
        )
    seconds = max(1.0, min(seconds, MAX_SECONDS))
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as tmp:
        work = Path(tmp)
        source = work / f"input{source_suffix}"
        source.write_bytes(data)
        out_dir = work / "out"
        out_dir.mkdir()
        profile = (work / "profile").as_uri()
        command = [
            *_unshare_prefix(),
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            _FILTERS[target_suffix],
            "--outdir",
            str(out_dir),
            str(source),
        ]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work),
            "TMPDIR": str(work),
            "LANG": "C.UTF-8",
            "SAL_USE_VCLPLUGIN": "svp",
            # belt and braces where no network namespace could be made: every proxy is a closed port
            "http_proxy": "http://127.0.0.1:9",
            "https_proxy": "http://127.0.0.1:9",
            "ftp_proxy": "http://127.0.0.1:9",
            "no_proxy": "",
        }
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=work,
            start_new_session=True,
            preexec_fn=_limit_memory,
        )
        try:
            _, err = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired as exc:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise DocumentError(
                where, f"LibreOffice 转换 {source_suffix} 文件超过时间限制（{seconds:g} 秒），已停止"
            ) from exc
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # any helper left behind
        result = out_dir / f"input{target_suffix}"
        if process.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            hint = f"（{detail[0][:120]}）" if detail else ""
            raise DocumentError(
                where,
                f"LibreOffice 无法读取这个 {source_suffix} 文件，文件可能已损坏、设有密码或并非 "
                f"{source_suffix} 格式{hint}",
            )
        return result.read_bytes()
