"""Scanned PDFs and page images (.png/.jpg) into blocks: Tesseract OCR with tables from ruling lines.

A scan has no text layer. Each page image (rendered by pypdfium2 for a PDF, decoded by Pillow for
an image) is

1. straightened: the skew angle that makes the rows of ink sharpest (projection profile, ±3°);
2. searched for ruling lines: runs of dark pixels at least :data:`MIN_RULE_MM` long, horizontally
   and vertically (numpy), which give the table cells by the same table logic as PDFs and OFD
   (:mod:`.positioned`); the lines are then whitened so that they do not disturb the recogniser;
3. read by Tesseract (Debian's ``tesseract-ocr`` with ``tesseract-ocr-chi-sim``) in a child process,
   offline, as hOCR with a box and a confidence for every character.

Every cell and line read this way carries ``reader="OCR"`` in its location, the lowest confidence
of its characters, and the digits read below :data:`~.positioned.LOW_CONFIDENCE` (shown in their
word, ``45.9[9]``), so that the checker can treat a finding resting on them as uncertain.

Bounded: at most :data:`MAX_OCR_PAGES` pages, :data:`MAX_PIXELS` pixels a page (larger images are
refused, PDF pages rendered smaller), Tesseract's time per page within the import's deadline and
its address space limited to :data:`MAX_MEMORY`. Pages left unread for lack of time are listed in
the import report.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .blocks import Block, Document, Loc
from .errors import Deadline, DocumentError
from .positioned import LOW_CONFIDENCE, Glyph, Rule, join_pages, page_blocks

if TYPE_CHECKING:
    from PIL.Image import Image

OCR_DPI = 300
MAX_OCR_PAGES = 60
MAX_PIXELS = 40_000_000
MAX_MEMORY = 2 * 1024 * 1024 * 1024
MAX_SECONDS_PER_PAGE = 90.0
MIN_RULE_MM = 6.0
MIN_CHARACTERS = 10  # fewer characters read than this: not a document
LANGUAGES = "chi_sim"
READER = "OCR"

_BBOX = re.compile(r"(?:bbox|x_bboxes)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_CONF = re.compile(r"x_conf\s+([\d.]+)")
_WCONF = re.compile(r"x_wconf\s+([\d.]+)")
_SPECKS = {"”", "“", "’", "‘", "'", '"', "`", "|", "丨", "~"}
"""Marks a remnant of a ruling line is read as: dropped when read with low confidence."""
_LINE_CLASSES = ("ocr_line", "ocr_textfloat", "ocr_caption", "ocr_header")


# --- sniffing ------------------------------------------------------------------------------------


def pdf_has_text(data: bytes, *, pages: int = 10) -> bool:
    """Whether any of the first ``pages`` pages of the PDF has text characters (a text layer)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(min(len(pdf), pages)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    if textpage.count_chars() > 0 and textpage.get_text_range().strip():
                        return True
                finally:
                    textpage.close()
            finally:
                page.close()
        return False
    finally:
        pdf.close()


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


# --- images --------------------------------------------------------------------------------------


def _pdf_pages(data: bytes, where: str, max_pages: int) -> tuple[int, Iterator[Image]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    total = len(pdf)

    def pages() -> Iterator[Image]:
        try:
            for index in range(min(total, max_pages)):
                page = pdf[index]
                try:
                    width, height = page.get_size()
                    scale = OCR_DPI / 72
                    if width * height * scale * scale > MAX_PIXELS:
                        scale = (MAX_PIXELS / max(width * height, 1.0)) ** 0.5
                    bitmap = page.render(scale=scale, grayscale=True)
                    try:
                        yield bitmap.to_pil().convert("L")
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        finally:
            pdf.close()

    return total, pages()


def open_image(data: bytes, where: str) -> Image:
    """A page image decoded by Pillow after its size was checked (no decompression bomb)."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with warnings_as_errors():
            image = PILImage.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise DocumentError(
                    where,
                    f"图片尺寸 {width}×{height} 像素超过上限 {MAX_PIXELS // 1_000_000} 百万像素，已拒绝导入",
                )
            image.load()
    except DocumentError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DocumentError(where, "图片文件已损坏或格式不正确，无法读取") from exc
    except PILImage.DecompressionBombError as exc:
        raise DocumentError(where, "图片尺寸过大，疑似图片炸弹，已拒绝导入") from exc
    dpi = image.info.get("dpi")
    page: Image = image.convert("L")
    # a small scan (150 dpi or less) is enlarged: Tesseract reads best at about 300 dpi
    if isinstance(dpi, tuple) and dpi and 0 < float(dpi[0]) <= 200:
        factor = min(OCR_DPI / float(dpi[0]), 3.0)
        if page.width * page.height * factor * factor <= MAX_PIXELS:
            page = page.resize(
                (round(page.width * factor), round(page.height * factor)), PILImage.Resampling.LANCZOS
            )
    elif page.width < 1800:
        factor = min(2480 / max(page.width, 1), 3.0)
        if page.width * page.height * factor * factor <= MAX_PIXELS:
            page = page.resize(
                (round(page.width * factor), round(page.height * factor)), PILImage.Resampling.LANCZOS
            )
    return page


@contextlib.contextmanager
def warnings_as_errors() -> Iterator[None]:
    import warnings

    from PIL import Image as PILImage

    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        yield


# --- geometry ------------------------------------------------------------------------------------


def deskew_angle(image: Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes text rows and ruling lines level."""
    import numpy as np
    from PIL import Image as PILImage

    small = image.copy()
    small.thumbnail((1200, 1200))
    ink = PILImage.fromarray((np.asarray(small) < 160).astype(np.uint8) * 255)

    def sharpness(angle: float) -> float:
        rotated = np.asarray(
            ink.rotate(angle, resample=PILImage.Resampling.NEAREST, fillcolor=0), dtype=np.float64
        )
        profile = rotated.sum(axis=1)
        return float(np.sum(np.diff(profile) ** 2))

    best = max((a / 10 for a in range(-30, 31, 2)), key=sharpness)
    return max((best + a / 100 for a in range(-10, 11, 2)), key=sharpness)


def _runs(mask: Any, min_length: int) -> Iterator[tuple[int, int, int]]:
    """(row, start, end) of each run of True at least ``min_length`` long, row by row."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    step = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)
    keep = (ends - starts) >= min_length
    yield from zip(rows_s[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True)


def _close_gaps(mask: Any, gap: int) -> Any:
    """Fill gaps of at most ``gap`` pixels along rows (a broken scanned line is one line)."""
    import numpy as np

    width = mask.shape[1]
    cum = np.zeros((mask.shape[0], width + 1), dtype=np.int32)
    cum[:, 1:] = np.cumsum(mask, axis=1)
    idx = np.arange(width)
    left = cum[:, idx + 1] - cum[:, np.maximum(idx - gap, 0)]
    right = cum[:, np.minimum(idx + gap + 1, width)] - cum[:, idx]
    return mask | ((left > 0) & (right > 0))


def ruling_lines(gray: Any, dpi: float) -> tuple[list[Rule], Any]:
    """Horizontal and vertical ruling lines of a page bitmap, and the mask of their pixels."""
    import numpy as np

    dark = gray < 170
    min_length = max(8, round(MIN_RULE_MM / 25.4 * dpi))
    gap = max(1, round(dpi / 150))
    rules: list[Rule] = []
    line_mask = np.zeros_like(dark)
    horizontal = _close_gaps(dark, gap)
    for r, s, e in _runs(horizontal, min_length):
        rules.append(Rule(float(s), float(r), float(e), float(r + 1)))
        line_mask[r, s:e] = True
    vertical = _close_gaps(dark.T, gap)
    for c, s, e in _runs(vertical, min_length):
        rules.append(Rule(float(c), float(s), float(c + 1), float(e)))
        line_mask[s:e, c] = True
    return _thin(rules), line_mask


def _thin(rules: list[Rule]) -> list[Rule]:
    """One segment per drawn line: the pixel rows of a thick line (same extent) become one."""
    out: list[Rule] = []
    seen: dict[tuple[bool, int, int, int], Rule] = {}
    for r in rules:
        if r.horizontal:
            key = (True, round(r.x0 / 4), round(r.x1 / 4), round(r.top / 6))
        else:
            key = (False, round(r.top / 4), round(r.bottom / 4), round(r.x0 / 6))
        if key not in seen:
            seen[key] = r
            out.append(r)
    return out


# --- Tesseract -----------------------------------------------------------------------------------


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_tesseract(image: Image, where: str, seconds: float, *, psm: str = "3") -> str:
    """Tesseract's hOCR (with character boxes and confidences) of one page image."""
    tesseract = tesseract_path()
    if tesseract is None:
        raise DocumentError(
            where,
            "识别扫描件需要 Tesseract 文字识别程序，但本机未安装（运行 scripts/setup.sh 安装 tesseract-ocr 与 "
            "tesseract-ocr-chi-sim）",
        )
    with tempfile.TemporaryDirectory(prefix="jixiao-ocr-") as tmp:
        source = Path(tmp) / "page.png"
        image.save(source, format="PNG")
        command = [
            tesseract,
            str(source),
            "stdout",
            "-l",
            LANGUAGES,
            "--psm",
            psm,
            "-c",
            "hocr_char_boxes=1",
            "hocr",
        ]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1", "LANG": "C.UTF-8"}
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tmp,
            start_new_session=True,
            preexec_fn=_limit_memory,
        )
        try:
            out, err = process.communicate(timeout=max(seconds, 1.0))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        if process.returncode != 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise DocumentError(
                where, f"文字识别程序出错（{detail[0][:120] if detail else process.returncode}）"
            )
        return out.decode("utf-8", "replace")


def parse_hocr(hocr: str, walls: Sequence[Rule] = ()) -> list[Glyph]:
    """Characters of a Tesseract hOCR page: each character's x extent, its word's y extent."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(hocr.encode("utf-8"))
    glyphs: list[Glyph] = []
    for element in root.iter():
        if not element.tag.endswith("span") or element.get("class") not in _LINE_CLASSES:
            continue
        line_box = _BBOX.search(element.get("title") or "")
        if line_box is None:
            continue
        line_top, line_bottom = float(line_box.group(2)), float(line_box.group(4))
        line_start = len(glyphs)
        for word in element.iter():
            if not word.tag.endswith("span") or word.get("class") != "ocrx_word":
                continue
            wconf = _WCONF.search(word.get("title") or "")
            word_box = _BBOX.search(word.get("title") or "")
            top, bottom = line_top, line_bottom
            if word_box is not None and (line_bottom - line_top) > 1.8 * (
                float(word_box.group(4)) - float(word_box.group(2))
            ):  # a "line" running across table rows: the word's own height
                top, bottom = float(word_box.group(2)), float(word_box.group(4))
            chars = [c for c in word.iter() if c.tag.endswith("span") and c.get("class") == "ocrx_cinfo"]
            if not chars:
                box = _BBOX.search(word.get("title") or "")
                text = "".join(word.itertext()).strip()
                if box and text:
                    glyphs.append(
                        Glyph(
                            text,
                            float(box.group(1)),
                            top,
                            float(box.group(3)),
                            bottom,
                            float(wconf.group(1)) if wconf else None,
                        )
                    )
                continue
            previous_right: float | None = None
            for char in chars:
                text = (char.text or "").strip()
                box = _BBOX.search(char.get("title") or "")
                conf = _CONF.search(char.get("title") or "")
                if not text or box is None:
                    continue
                left, right = float(box.group(1)), float(box.group(3))
                if previous_right is not None and left > previous_right:
                    left = previous_right  # a word has no gaps: Tesseract's character boxes are tight
                previous_right = max(right, left)
                glyphs.append(
                    Glyph(
                        text,
                        left,
                        top,
                        right,
                        bottom,
                        float(conf.group(1)) if conf else (float(wconf.group(1)) if wconf else None),
                    )
                )
        _close_cjk_gaps(glyphs, line_start, walls)
    return glyphs


def _even_heights(glyphs: list[Glyph]) -> list[Glyph]:
    """Every character as tall as the page's usual line, about its own centre.

    Tesseract's boxes of small marks (":", "元" split off into a line of its own) are short and
    sit off the line; with one height, characters whose centres are close fall into one line.
    """
    if not glyphs:
        return glyphs
    heights = sorted(g.bottom - g.top for g in glyphs)
    usual = heights[len(heights) // 2]
    half = usual / 2
    return [Glyph(g.text, g.x0, g.cy - half, g.x1, g.cy + half, g.confidence) for g in glyphs]


def _close_cjk_gaps(glyphs: list[Glyph], start: int, walls: Sequence[Rule]) -> None:
    """Tesseract splits Chinese text into "words" with gaps; Chinese is written without spaces.

    Between two characters of one line, a gap narrower than the line's height next to a Chinese
    character is closed, so that only real column gaps stay gaps — never across a vertical ruling.
    """
    import unicodedata

    def wide(ch: str) -> bool:
        return bool(ch) and unicodedata.east_asian_width(ch[0]) in ("W", "F")

    order = sorted(range(start, len(glyphs)), key=lambda i: glyphs[i].x0)
    for a, b in itertools.pairwise(order):
        prev, cur = glyphs[a], glyphs[b]
        height = max(cur.bottom - cur.top, 1.0)
        if (
            0 < cur.x0 - prev.x1 < 0.85 * height
            and (wide(prev.text[-1:]) or wide(cur.text[:1]))
            and not any(
                not w.horizontal and prev.x1 <= w.x0 <= cur.x0 and w.top <= cur.cy <= w.bottom for w in walls
            )
        ):
            glyphs[b] = Glyph(cur.text, prev.x1, cur.top, cur.x1, cur.bottom, cur.confidence)


# --- pages -----------------------------------------------------------------------------------------


def read_page(image: Image, page_no: int, where: str, seconds: float) -> list[Block]:
    """One page image into blocks (tables from its ruling lines, text by Tesseract)."""
    import numpy as np
    from PIL import Image as PILImage

    angle = deskew_angle(image)
    if abs(angle) >= 0.05:
        image = image.rotate(angle, resample=PILImage.Resampling.BICUBIC, fillcolor=255, expand=False)
    gray = np.asarray(image)
    rules, line_mask = ruling_lines(gray, OCR_DPI)
    cleaned = gray.copy()
    if line_mask.any():
        grown = line_mask.copy()  # the line and one pixel around it
        grown[1:, :] |= line_mask[:-1, :]
        grown[:-1, :] |= line_mask[1:, :]
        grown[:, 1:] |= line_mask[:, :-1]
        grown[:, :-1] |= line_mask[:, 1:]
        cleaned[grown] = 255
    hocr = run_tesseract(PILImage.fromarray(cleaned), where, seconds)
    glyphs = [
        g
        for g in _even_heights(parse_hocr(hocr, [r for r in rules if not r.horizontal]))
        if not (g.text in _SPECKS and (g.confidence or 0) < 75)
    ]
    items = page_blocks(glyphs, rules, page_no, to_points=72 / OCR_DPI, reader=READER)
    blocks = [block for _, block in items]
    second_look(blocks, cleaned, where, seconds)
    return blocks


def _texts(block: Block) -> str:
    from .blocks import Paragraph

    if isinstance(block, Paragraph):
        return block.text
    return "".join(cell.text for row in block.rows for cell in row)


def read_scan(
    data: bytes,
    doc_id: str,
    *,
    kind: str,
    where: str,
    deadline: Deadline | None = None,
    max_pages: int = MAX_OCR_PAGES,
) -> Document:
    """A scanned PDF (``kind="pdf"``) or an image (``png``/``jpg``/``tif``) read by OCR."""
    deadline = deadline or Deadline.unlimited(where)
    max_pages = min(max_pages, MAX_OCR_PAGES)
    warnings: list[tuple[Loc, str, str]] = []
    if kind == "pdf":
        total, images = _pdf_pages(data, where, max_pages)
        if total > max_pages:
            warnings.append(
                (
                    Loc(page=max_pages + 1),
                    f"扫描件共 {total} 页，超过文字识别上限 {max_pages} 页，后面的页未识别",
                    "",
                )
            )
    else:
        total, images = 1, iter([open_image(data, where)])
    pages: list[list[Block]] = []
    for page_no, image in enumerate(images, start=1):
        remaining = deadline.end - time.monotonic()
        # leave a tenth of the time to the structuring layer
        budget = min(MAX_SECONDS_PER_PAGE, remaining - 0.1 * deadline.seconds)
        if budget < 2:
            warnings.append(
                (
                    Loc(page=page_no),
                    f"文字识别超过时间限制，第 {page_no}–{min(total, max_pages)} 页未识别",
                    "",
                )
            )
            break
        try:
            blocks = read_page(image, page_no, where, budget)
        except subprocess.TimeoutExpired:
            warnings.append((Loc(page=page_no), f"第 {page_no} 页文字识别超过时间限制，未识别", ""))
            break
        pages.append(blocks)
    read = sum(len("".join(_texts(block).split())) for page in pages for block in page)
    if read < MIN_CHARACTERS:
        if warnings and not pages:
            raise DocumentError(where, "扫描件文字识别超过时间限制，未能识别任何一页")
        raise DocumentError(where, "扫描件中没有识别出文字（图片可能过于模糊、空白或不是文档）")
    doc = Document(id=doc_id, kind=kind, blocks=join_pages(pages))
    doc.warnings.extend(warnings)
    return doc


# --- second look at doubtful cells -----------------------------------------------------------------

_GAP = 48  # white pixels between the crops stacked for the second look


def _doubtful(cell: Any, ink: Any, scale: float) -> tuple[int, int, int, int] | None:
    """The pixel box of a table cell worth a second look: ink but no text, or a short low-confidence text."""
    if cell.bbox is None or cell.anchor is not None:
        return None
    x0, top, x1, bottom = (round(v / scale) for v in cell.bbox)
    x0, top, x1, bottom = x0 + 4, top + 4, x1 - 4, bottom - 4
    if x1 - x0 < 8 or bottom - top < 8:
        return None
    text = "".join(cell.text.split())
    if not text:
        return (x0, top, x1, bottom) if int(ink[top:bottom, x0:x1].sum()) > 40 else None
    if len(text) <= 4 and (cell.loc.confidence or 100.0) < 90.0:
        return (x0, top, x1, bottom)
    return None


def second_look(blocks: list[Block], cleaned: Any, where: str, seconds: float) -> None:
    """Read the doubtful cells again, cropped and alone, keeping the more confident reading."""
    import numpy as np
    from PIL import Image as PILImage

    from .blocks import Table

    scale = 72 / OCR_DPI
    ink = cleaned < 128
    todo: list[tuple[Any, tuple[int, int, int, int]]] = []
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    box = _doubtful(cell, ink, scale)
                    if box is not None:
                        todo.append((cell, box))
    if not todo:
        return
    width = max(x1 - x0 for _, (x0, _, x1, _) in todo) + 2 * _GAP
    height = sum(b - t + _GAP for _, (_, t, _, b) in todo) + _GAP
    if width * height > MAX_PIXELS:
        return
    sheet = np.full((height, width), 255, dtype=np.uint8)
    spans: list[tuple[int, int]] = []
    y = _GAP
    for _, (x0, top, x1, bottom) in todo:
        sheet[y : y + bottom - top, _GAP : _GAP + x1 - x0] = cleaned[top:bottom, x0:x1]
        spans.append((y, y + bottom - top))
        y += bottom - top + _GAP
    glyphs = parse_hocr(run_tesseract(PILImage.fromarray(sheet), where, seconds, psm="6"))
    from .pdf_reader import _cell_text
    from .positioned import _annotate

    for (cell, _), (y0, y1) in zip(todo, spans, strict=True):
        mine = [g for g in glyphs if y0 - 4 <= g.cy <= y1 + 4]
        if not mine:
            continue
        text = _cell_text([(g.x0, g.top, g.x1, g.bottom, g.text) for g in mine])
        new_loc = _annotate(cell.loc, mine, READER, LOW_CONFIDENCE)
        if not cell.text.strip() or (new_loc.confidence or 0) > (cell.loc.confidence or 0):
            cell.text = text
            cell.loc = new_loc
