"""Reading an uploaded .zip safely: limits on size, member count and uncompressed size (zip bombs).

The archive is never extracted to disk. Sizes declared in the zip headers are checked first, and
every member is then read with a hard cap, so a member that lies about its size is cut off too.
Names written by Chinese Windows tools (GBK without the UTF-8 flag) are decoded as GB18030.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from django.conf import settings

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    zip_bytes: int
    members: int
    total_uncompressed: int
    member_bytes: int
    ratio: int  # largest allowed uncompressed / compressed ratio of one member


def limits() -> Limits:
    """The limits in force (settings ``BULK_MAX_ZIP_MB`` … or their defaults)."""
    return Limits(
        zip_bytes=int(getattr(settings, "BULK_MAX_ZIP_MB", 50)) * MB,
        members=int(getattr(settings, "BULK_MAX_MEMBERS", 500)),
        total_uncompressed=int(getattr(settings, "BULK_MAX_UNCOMPRESSED_MB", 300)) * MB,
        member_bytes=int(getattr(settings, "MAX_UPLOAD_MB", 50)) * MB,
        ratio=int(getattr(settings, "BULK_MAX_RATIO", 200)),
    )


class ArchiveError(ValueError):
    """A zip that is refused; the message is Chinese."""


@dataclass(frozen=True)
class Member:
    index: int  # position in the zip's directory
    name: str  # the path inside the zip, decoded
    size: int  # declared uncompressed size
    supported: bool  # a suffix the importers read


def _decoded_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _skipped(name: str) -> bool:
    base = posixpath.basename(name.rstrip("/"))
    return name.endswith("/") or name.startswith("__MACOSX/") or base.startswith(".") or base.startswith("~$")


def list_members(content: bytes, suffixes: list[str] | None = None) -> list[Member]:
    """The documents in a zip, after every limit is checked; raise :class:`ArchiveError` if refused."""
    lim = limits()
    if len(content) > lim.zip_bytes:
        raise ArchiveError(f"压缩包过大（{len(content) / MB:.1f} MB），上限为 {lim.zip_bytes // MB} MB")
    if not content:
        raise ArchiveError("压缩包是空的")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ArchiveError("文件不是有效的 zip 压缩包") from exc
    allowed = [s.lower() for s in (suffixes if suffixes is not None else list(settings.UPLOAD_SUFFIXES))]
    members: list[Member] = []
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > lim.members * 2:
            raise ArchiveError(f"压缩包内文件过多（{len(infos)}个），上限为 {lim.members} 个文档")
        for index, info in enumerate(infos):
            if info.is_dir() or _skipped(info.filename):
                continue
            if info.flag_bits & 0x1:
                raise ArchiveError(f"压缩包内的文件“{_decoded_name(info)}”已加密，无法读取")
            name = _decoded_name(info)
            if info.file_size > lim.member_bytes:
                raise ArchiveError(
                    f"压缩包内的文件“{name}”过大（{info.file_size / MB:.1f} MB），单个文档上限为 {lim.member_bytes // MB} MB"
                )
            if info.compress_size and info.file_size / info.compress_size > lim.ratio and info.file_size > MB:
                raise ArchiveError(f"压缩包内的文件“{name}”压缩比异常（疑似压缩炸弹），已拒绝")
            total += info.file_size
            if total > lim.total_uncompressed:
                raise ArchiveError(f"压缩包解压后总大小超过上限 {lim.total_uncompressed // MB} MB")
            supported = any(name.lower().endswith(s) for s in allowed)
            members.append(Member(index=index, name=name, size=info.file_size, supported=supported))
    if len(members) > lim.members:
        raise ArchiveError(f"压缩包内文档过多（{len(members)}个），上限为 {lim.members} 个")
    if not any(m.supported for m in members):
        raise ArchiveError("压缩包内没有可识别的文档（可识别：" + "、".join(allowed) + "）")
    return members


def read_member(content: bytes, index: int) -> bytes:
    """The bytes of one member, read with a hard cap (a member that lies about its size is refused)."""
    lim = limits()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.infolist()[index]
        with archive.open(info) as stream:
            data = stream.read(lim.member_bytes + 1)
    if len(data) > lim.member_bytes:
        raise ArchiveError(f"文件解压后超过单个文档上限 {lim.member_bytes // MB} MB")
    return data
