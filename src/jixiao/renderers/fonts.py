"""Finds and registers the CJK font embedded in PDFs.

The project's setup installs Debian's ``fonts-wqy-zenhei`` (文泉驿正黑, a TrueType collection);
reportlab embeds it (subset) with ``subfontIndex=0``. ``JIXIAO_CJK_FONT`` may name another
.ttf/.ttc file. A missing font is a :class:`RenderError` in Chinese, never a PDF of empty boxes.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import RenderError

FONT_NAME = "JixiaoCJK"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/local/share/fonts/wqy-zenhei.ttc",
)
_registered: str | None = None


def find_cjk_font() -> Path:
    """The path of the CJK font, or :class:`RenderError` saying how to install it."""
    override = os.environ.get("JIXIAO_CJK_FONT")
    if override:
        path = Path(override)
        if path.is_file():
            return path
        raise RenderError(f"环境变量 JIXIAO_CJK_FONT 指定的字体文件不存在：{override}")
    for candidate in CANDIDATES:
        path = Path(candidate)
        if path.is_file():
            return path
    raise RenderError(
        "找不到中文字体（文泉驿正黑 wqy-zenhei.ttc），无法生成 PDF。"
        "请运行项目的安装脚本，或执行 apt-get install fonts-wqy-zenhei，"
        "也可以用环境变量 JIXIAO_CJK_FONT 指定一个 .ttf/.ttc 字体文件。"
    )


def register_cjk_font() -> str:
    """Register the font with reportlab once; returns its reportlab name."""
    global _registered
    path = find_cjk_font()
    key = str(path)
    if _registered == key:
        return FONT_NAME
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        font = (
            TTFont(FONT_NAME, key, subfontIndex=0) if key.lower().endswith(".ttc") else TTFont(FONT_NAME, key)
        )
    except (TTFError, OSError) as exc:
        raise RenderError(f"中文字体文件无法读取：{key}（{exc}）") from exc
    pdfmetrics.registerFont(font)
    _registered = key
    return FONT_NAME
