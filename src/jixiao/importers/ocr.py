"""Scanned PDFs and page images (.png/.jpg) into blocks: Tesseract OCR with tables from ruling lines.

A scan has no text layer. Each page image (rendered by pypdfium2 for a PDF, decoded by Pillow for
an image) is

1. straightened: the skew angle that makes the rows of ink sharpest (projection profile, ±3°);
2. searched for ruling lines: runs of dark pixels at least :data:`MIN_RULE_MM` long, horizontally
   and vertically (numpy), which give the table cells by the same table logic as PDFs and OFD
   (:mod:`.pdf_reader`, :mod:`.positioned`); the lines are then whitened so that they do not
   disturb the recogniser;
3. read by Tesseract (Debian's ``tesseract-ocr`` with ``tesseract-ocr-chi-sim``) in child processes,
   offline, as hOCR with a box and a confidence for every character — the cells one by one and
   the rest of the page apart (:func:`prepare_page`): every cell that holds ink is cut out and
   read as an image of its own — as one line (``--psm 7``) or, when it holds several lines
   (:func:`text_lines`), as a block (``--psm 6``) — so that the recogniser never joins two cells'
   words or lines; the cells of a page are read in a few batches, one process each, the model
   loaded once per batch (:meth:`Tesseract.submit` with a list of images). The text around the
   tables is read from the page with the tables whitened. Blank cells and blank pages are not read.
   Up to :data:`PARALLEL` Tesseract processes run at
   once, and the next page is prepared while the last one is read;
4. reconciled with the ink: the Chinese model has no ``≥ ≤ ≧ ≦`` and reads a ``%`` after digits as
   two or three characters, so a glyph read as a comparator's lookalike takes the comparator its
   shape draws (:func:`reconcile_comparators`), and the characters of one ``%`` become one again
   (:func:`reconcile_percent`); doubtful cells — figures, blank reads, short doubtful texts — are
   read a second time (:func:`second_look`, figures by the English model with digits only).

Every cell and line read this way carries ``reader="OCR"`` in its location, the lowest confidence
of its characters, and the digits read below :data:`~.positioned.LOW_CONFIDENCE` (shown in their
word, ``45.9[9]``), so that the checker can treat a finding resting on them as uncertain.

Bounded: at most :data:`MAX_OCR_PAGES` pages; images over :data:`MAX_PIXELS` pixels refused before
they are decoded, pages read at most :data:`MAX_PAGE_PIXELS` (PDF pages rendered smaller, images
scaled down); Tesseract's address space limited to :data:`MAX_MEMORY`; time: a scan's limit is the
import's limit for every :data:`SCAN_PAGES_PER_LIMIT` pages, at most :data:`MAX_SCAN_LIMIT_FACTOR`
times it (:func:`scan_time_limit`). Pages left unread for lack of time are listed in the import
report.
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
MAX_PAGE_PIXELS = 20_000_000
"""Pixels a page is read at (A3 at 300 dpi is 17.4 million): larger PDF pages are rendered smaller,
larger images (up to :data:`MAX_PIXELS`) scaled down, so that no page costs more than about two A4s."""
MAX_MEMORY = 2 * 1024 * 1024 * 1024
MAX_SECONDS_PER_PAGE = 90.0
PARALLEL = max(
    1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
)
"""Tesseract processes run at once by one import (the machine's cores, at most four)."""
SCAN_PAGES_PER_LIMIT = 5
MAX_SCAN_LIMIT_FACTOR = 4
"""A scan's time limit is the import's limit for every five pages it reads, at most four times it
(60 s: 1–5 pages 60 s, 6–10 pages 120 s, 11–15 pages 180 s, more 240 s); see :func:`scan_time_limit`."""
MIN_RULE_MM = 6.0
MIN_HORIZONTAL_RULE_MM = 10.0  # horizontal lines run across a table: shorter runs are bold strokes
MIN_SHORT_RULE_MM = 2.5  # a vertical line this long counts when it joins two horizontal lines
MIN_CHARACTERS = 10  # fewer characters read than this: not a document
LANGUAGES = "chi_sim"
NUMBER_LANGUAGES = "eng"
"""Cells holding only a figure are read again with the English model and digits only: the Chinese
model reads a "%" after digits as "9%6" (``86%`` → ``869%6``, ``76%`` → ``7696``)."""
READER = "OCR"

_BBOX = re.compile(r"(?:bbox|x_bboxes)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_CONF = re.compile(r"x_conf\s+([\d.]+)")
_WCONF = re.compile(r"x_wconf\s+([\d.]+)")
_SPECKS = {"”", "“", "’", "‘", "'", '"', "`", "|", "丨", "~"}
"""Marks a remnant of a ruling line is read as: dropped when read with low confidence."""
_LINE_CLASSES = ("ocr_line", "ocr_textfloat", "ocr_caption", "ocr_header")


# --- sniffing ------------------------------------------------------------------------------------


def pdf_has_text(data: bytes, *, pages: int = 10, where: str = "PDF") -> bool:
    """Whether any of the first ``pages`` pages of the PDF has text characters (a text layer).

    An encrypted or damaged PDF is refused here with the PDF reader's Chinese message.
    """
    from .pdf_reader import _open

    pdf = _open(data, where)
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


def scan_time_limit(seconds: float, pages: int) -> float:
    """The time limit of an import that OCRs ``pages`` pages, when other imports have ``seconds``.

    Reading a scan costs about 5 s of processor time a page (Tesseract's recogniser on every
    character), far more than any other reader; a fixed limit would refuse every long scan. So the
    limit scales with the pages read — one import limit for every :data:`SCAN_PAGES_PER_LIMIT`
    pages — and is bounded at :data:`MAX_SCAN_LIMIT_FACTOR` times the import limit.
    """
    factor = min(MAX_SCAN_LIMIT_FACTOR, max(1, -(-pages // SCAN_PAGES_PER_LIMIT)))
    return seconds * factor


# --- images --------------------------------------------------------------------------------------


def _pdf_pages(data: bytes, where: str, max_pages: int) -> tuple[int, Iterator[Image]]:
    from .pdf_reader import _open

    pdf = _open(data, where)
    total = len(pdf)

    def pages() -> Iterator[Image]:
        try:
            for index in range(min(total, max_pages)):
                page = pdf[index]
                try:
                    width, height = page.get_size()
                    scale = OCR_DPI / 72
                    if width * height * scale * scale > MAX_PAGE_PIXELS:
                        scale = (MAX_PAGE_PIXELS / max(width * height, 1.0)) ** 0.5
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
    if page.width * page.height > MAX_PAGE_PIXELS:
        factor = (MAX_PAGE_PIXELS / (page.width * page.height)) ** 0.5
        return page.resize(
            (round(page.width * factor), round(page.height * factor)), PILImage.Resampling.LANCZOS
        )
    # a small scan (150 dpi or less) is enlarged: Tesseract reads best at about 300 dpi
    if isinstance(dpi, tuple) and dpi and 0 < float(dpi[0]) <= 200:
        factor = min(OCR_DPI / float(dpi[0]), 3.0)
        if page.width * page.height * factor * factor <= MAX_PAGE_PIXELS:
            page = page.resize(
                (round(page.width * factor), round(page.height * factor)), PILImage.Resampling.LANCZOS
            )
    elif page.width < 1800:
        factor = min(2480 / max(page.width, 1), 3.0)
        if page.width * page.height * factor * factor <= MAX_PAGE_PIXELS:
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
    rules, horizontal, vertical = ruling_masks(gray, dpi)
    return rules, horizontal | vertical


def ruling_masks(gray: Any, dpi: float) -> tuple[list[Rule], Any, Any]:
    """Ruling lines of a page bitmap, and the masks of the horizontal and the vertical ones' pixels."""
    import numpy as np

    dark = gray < 170
    min_length = max(8, round(MIN_RULE_MM / 25.4 * dpi))
    gap = max(1, round(dpi / 150))
    rules: list[Rule] = []
    line_mask = np.zeros_like(dark)
    horizontal = _close_gaps(dark, gap)
    height = dark.shape[0]
    for r, s, e in _runs(horizontal, max(min_length, round(MIN_HORIZONTAL_RULE_MM / 25.4 * dpi))):
        # a line is thin: not ink on both sides over most of its length (that is bold text's stroke)
        above = dark[max(r - 4, 0), s:e].mean()
        below = dark[min(r + 4, height - 1), s:e].mean()
        if above > 0.4 and below > 0.4:
            continue
        rules.append(Rule(float(s), float(r), float(e), float(r + 1)))
        line_mask[r, s:e] = True
    # a vertical line shorter than min_length counts when it runs from one horizontal line to another
    # (the rulings of a low row, such as a table's last row carried over to the top of a page)
    short = max(8, round(MIN_SHORT_RULE_MM / 25.4 * dpi))
    reach = gap + 3
    near = np.zeros_like(dark)
    rows = np.flatnonzero(line_mask.any(axis=1))
    for shift in range(-reach, reach + 1):
        kept = rows[(rows + shift >= 0) & (rows + shift < dark.shape[0])]
        near[kept + shift] |= line_mask[kept]
    near[:, reach:] |= near[:, :-reach].copy()
    near[:, :-reach] |= near[:, reach:].copy()
    h_mask = line_mask.copy()
    vertical = _close_gaps(dark.T, gap)
    runs = list(_runs(vertical, short))
    ruled = np.zeros(dark.shape[0], dtype=bool)  # rows crossed by a long vertical line
    for c, s, e in runs:
        if e - s >= min_length:
            rules.append(Rule(float(c), float(s), float(c + 1), float(e)))
            line_mask[s:e, c] = True
            ruled[s:e] = True
    for c, s, e in runs:
        # a short one in a band no long vertical line crosses; in a band one crosses (a table's
        # border), only a thin line with blank paper on both sides (else it is a character's stroke:
        # bold text filling a low row touches both its lines) — the line between a label and its value
        # in a low row ("部门 | 金寨县…") is shorter than MIN_RULE_MM
        if (
            e - s < min_length
            and near[s, c]
            and near[e - 1, c]
            and (not ruled[(s + e) // 2] or (_on_line(h_mask, c, s, e) and _lone_line(dark, c, s, e, dpi)))
        ):
            rules.append(Rule(float(c), float(s), float(c + 1), float(e)))
            line_mask[s:e, c] = True
    return _thin(rules), h_mask, line_mask & ~h_mask


_MAX_LINE_MM = 0.5  # a ruling is at most this thick; a character's stroke in bold type may be thicker
_LINE_MARGIN_MM = 0.3  # blank paper this far beside a short ruling on both sides


def _on_line(h_mask: Any, c: int, s: int, e: int) -> bool:
    """Whether the column ``c``'s run of ink from row ``s`` to ``e`` joins a horizontal line at both
    ends (a ruling meets them; a character filling its row stops a pixel or two short)."""
    height, width = h_mask.shape
    cols = slice(max(c - 1, 0), min(c + 2, width))
    return bool(
        h_mask[max(s - 1, 0) : s + 2, cols].any() and h_mask[max(e - 2, 0) : min(e + 1, height), cols].any()
    )


def _lone_line(dark: Any, c: int, s: int, e: int, dpi: float) -> bool:
    """Whether the column ``c``, inked from row ``s`` to ``e``, is part of a thin line with blank paper
    on both sides (ink on less than a quarter of the rows, where text crosses it)."""
    import numpy as np

    inner = dark[s + (e - s) // 5 : e - (e - s) // 5]  # the middle: the ends meet horizontal lines
    width = dark.shape[1]

    def inked(col: int) -> float:
        return float(inner[:, col].mean()) if 0 <= col < width else 0.0

    left, right = c, c
    while left - 1 >= 0 and inked(left - 1) >= 0.5:
        left -= 1
    while right + 1 < width and inked(right + 1) >= 0.5:
        right += 1
    if right - left + 1 > max(3, round(_MAX_LINE_MM / 25.4 * dpi)):
        return False
    margin = max(2, round(_LINE_MARGIN_MM / 25.4 * dpi))
    if not all(
        inked(col) < 0.25 for col in (left - margin, left - margin // 2, right + margin // 2, right + margin)
    ):
        return False
    # and the text beside it is lower than the row (a character whose stroke fills a low row, in a
    # title printed in a table's row, has ink beside that stroke from top to foot)
    reach = e - s
    beside = np.concatenate(
        (
            dark[s + 4 : e - 4, max(left - reach, 0) : max(left - 1, 0)],
            dark[s + 4 : e - 4, right + 2 : right + reach],
        ),
        axis=1,
    )
    rows = np.flatnonzero(beside.any(axis=1))
    return len(rows) == 0 or rows[-1] - rows[0] + 1 < 0.85 * beside.shape[0]


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


def _no_tesseract(where: str) -> DocumentError:
    return DocumentError(
        where,
        "识别扫描件需要 Tesseract 文字识别程序，但本机未安装（运行 scripts/setup.sh 安装 tesseract-ocr 与 "
        "tesseract-ocr-chi-sim）",
    )


class _Job:
    """One Tesseract run: its command, where it writes its hOCR, and its process once started."""

    def __init__(self, command: list[str], out: Path, err: Path) -> None:
        self.command = command
        self.out = out
        self.err = err
        self.process: subprocess.Popen[bytes] | None = None


class Tesseract:
    """Tesseract runs in child processes, at most ``parallel`` at once, each limited to :data:`MAX_MEMORY`.

    :meth:`submit` queues an image and returns at once; :meth:`result` waits for its hOCR (starting
    queued runs as others end). So the cells of one page, the text around them and the next page
    are read side by side on a machine with more than one core. Leaving the ``with`` block kills
    whatever still runs.
    """

    def __init__(self, where: str, parallel: int | None = None) -> None:
        tesseract = tesseract_path()
        if tesseract is None:
            raise _no_tesseract(where)
        self.tesseract = tesseract
        self.where = where
        self.parallel = max(1, parallel if parallel is not None else PARALLEL)
        self.tmp = Path(tempfile.mkdtemp(prefix="jixiao-ocr-"))
        self.pending: list[_Job] = []
        self.running: list[_Job] = []
        self.count = 0

    def __enter__(self) -> Tesseract:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for job in self.running:
            if job.process is not None and job.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(job.process.pid, signal.SIGKILL)
                job.process.wait()
        self.running.clear()
        self.pending.clear()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def submit(
        self,
        image: Image | Sequence[Image],
        *,
        psm: str = "3",
        whitelist: str | None = None,
        first: bool = False,
        languages: str = LANGUAGES,
    ) -> _Job:
        """Queue a run on ``image`` (``first``: ahead of those queued, for a page being finished).

        A sequence of images is read by one process, the model loaded once: Tesseract takes a text
        file naming one image a line, and its hOCR has one ``ocr_page`` per image, in order.
        """
        self.count += 1
        if isinstance(image, Sequence):
            names = []
            for index, one in enumerate(image):
                path = self.tmp / f"in-{self.count}-{index}.png"
                one.save(path, format="PNG", dpi=(OCR_DPI, OCR_DPI), compress_level=1)
                names.append(str(path))
            source = self.tmp / f"in-{self.count}.txt"
            source.write_text("\n".join(names) + "\n", encoding="utf-8")
        else:
            source = self.tmp / f"in-{self.count}.png"
            image.save(source, format="PNG", dpi=(OCR_DPI, OCR_DPI), compress_level=1)
        base = self.tmp / f"out-{self.count}"
        command = [
            self.tesseract,
            str(source),
            str(base),
            "-l",
            languages,
            "--psm",
            psm,
            "-c",
            "hocr_char_boxes=1",
            "-c",
            "tessedit_do_invert=0",  # black text on white: no second reading of every line inverted
            *(["-c", f"tessedit_char_whitelist={whitelist}"] if whitelist else []),
            "hocr",
        ]
        job = _Job(command, base.with_suffix(".hocr"), self.tmp / f"err-{self.count}.txt")
        if first:
            self.pending.insert(0, job)
        else:
            self.pending.append(job)
        self._start()
        return job

    def _start(self) -> None:
        self.running = [j for j in self.running if j.process is not None and j.process.poll() is None]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1", "LANG": "C.UTF-8"}
        while self.pending and len(self.running) < self.parallel:
            job = self.pending.pop(0)
            with job.err.open("wb") as err:
                job.process = subprocess.Popen(
                    job.command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    env=env,
                    cwd=self.tmp,
                    start_new_session=True,
                    preexec_fn=_limit_memory,
                )
            self.running.append(job)

    def result(self, job: _Job, end: float) -> str:
        """The job's hOCR; :class:`subprocess.TimeoutExpired` when it is not done by ``end``."""
        pause = 0.005
        while True:
            self._start()
            if job.process is not None and job.process.poll() is not None:
                break
            if time.monotonic() > end:
                raise subprocess.TimeoutExpired(job.command, 0)
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        self._start()
        if job.process.returncode != 0:
            lines = (
                job.err.read_text("utf-8", "replace").strip().splitlines()[-1:] if job.err.exists() else []
            )
            raise DocumentError(
                self.where, f"文字识别程序出错（{lines[0][:120] if lines else job.process.returncode}）"
            )
        try:
            return job.out.read_text("utf-8", "replace")
        finally:
            job.out.unlink(missing_ok=True)
            source = Path(job.command[1])
            if source.suffix == ".txt":
                for name in source.read_text("utf-8").split():
                    Path(name).unlink(missing_ok=True)
            source.unlink(missing_ok=True)


def run_tesseract(image: Image, where: str, seconds: float, *, psm: str = "3") -> str:
    """Tesseract's hOCR (with character boxes and confidences) of one image."""
    with Tesseract(where, parallel=1) as tess:
        return tess.result(tess.submit(image, psm=psm), time.monotonic() + max(seconds, 1.0))


def parse_hocr(hocr: str, walls: Sequence[Rule] = ()) -> list[Glyph]:
    """Characters of a Tesseract hOCR page: each character's x extent, its word's y extent."""
    from defusedxml import ElementTree

    return _hocr_glyphs(ElementTree.fromstring(hocr.encode("utf-8")), walls)


def parse_hocr_pages(hocr: str) -> dict[int, list[Glyph]]:
    """Characters of each page of a Tesseract hOCR document (several images read by one run), by
    the page's number from 0."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(hocr.encode("utf-8"))
    pages: dict[int, list[Glyph]] = {}
    for index, element in enumerate(e for e in root.iter() if e.get("class") == "ocr_page"):
        number = re.search(r"ppageno\s+(\d+)", element.get("title") or "")
        pages[int(number.group(1)) if number else index] = _hocr_glyphs(element, ())
    return pages


def _hocr_glyphs(root: Any, walls: Sequence[Rule]) -> list[Glyph]:
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
            word_start = len(glyphs)
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
            if word_box is not None and len(glyphs) > word_start:
                last = glyphs[-1]  # the word's last character reaches the word's end (its box may not)
                word_right = float(word_box.group(3))
                if last.x1 < word_right:
                    glyphs[-1] = Glyph(last.text, last.x0, last.top, word_right, last.bottom, last.confidence)
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


def _close_cjk_gaps(glyphs: list[Glyph], start: int, walls: Sequence[Rule], reach: float = 0.85) -> None:
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
        # the taller of the two: a flat character ("一", "—") has a box of its own stroke's height
        height = max(cur.bottom - cur.top, prev.bottom - prev.top, 1.0)
        if (
            0 < cur.x0 - prev.x1 < reach * height
            and (wide(prev.text[-1:]) or wide(cur.text[:1]))
            and not any(
                not w.horizontal and prev.x1 <= w.x0 <= cur.x0 and w.top <= cur.cy <= w.bottom for w in walls
            )
        ):
            glyphs[b] = Glyph(cur.text, prev.x1, cur.top, cur.x1, cur.bottom, cur.confidence)


# --- pages -----------------------------------------------------------------------------------------


class _Page:
    """A page made ready for Tesseract: its rulings, its cleaned bitmap and the runs submitted."""

    def __init__(self, page_no: int, rules: list[Rule], cleaned: Any) -> None:
        self.page_no = page_no
        self.rules = rules
        self.cleaned = cleaned
        self.text: list[tuple[_Job, list[tuple[int, int, int, int]]]] = []  # lines around the tables
        self.sheets: list[tuple[_Job, list[tuple[int, int, int, int]]]] = []  # cells read by one run
        self.marks: list[Glyph] = []  # placeholders recognised by their shape ("……", "—")
        self.text_image: Any = None  # the page with its tables whitened, where the text was read


def _straighten(image: Image) -> tuple[list[Rule], Any]:
    """The page deskewed, its ruling lines, and its bitmap with the lines whitened."""
    import numpy as np
    from PIL import Image as PILImage

    angle = deskew_angle(image)
    if abs(angle) >= 0.05:
        image = image.rotate(angle, resample=PILImage.Resampling.BICUBIC, fillcolor=255, expand=False)
    gray = np.asarray(image)
    rules, h_mask, v_mask = ruling_masks(gray, OCR_DPI)
    cleaned = gray.copy()
    if h_mask.any() or v_mask.any():
        grown_h, grown_v = _grow(h_mask, 1, 1), _grow(v_mask, 1, 1)  # the line and one pixel around it
        grown = grown_h | grown_v
        # where a character's stroke crosses a line (text running over a cell's border), ink lies
        # just beyond the line on both sides: that part of the line is kept, the stroke unbroken
        ink = (gray < 170) & ~grown
        d = _CROSS
        beside_v = np.zeros_like(ink)
        beside_v[:, d:-d] = ink[:, : -2 * d] & ink[:, 2 * d :]
        beside_h = np.zeros_like(ink)
        beside_h[d:-d, :] = ink[: -2 * d, :] & ink[2 * d :, :]
        crossing = (grown_v & beside_v & ~_grow(h_mask, d + 1, d + 1)) | (
            grown_h & beside_h & ~_grow(v_mask, d + 1, d + 1)
        )
        cleaned[grown & ~crossing] = 255
    cleaned[cleaned >= 200] = 255  # faint grey: the anti-aliased edges of whitened lines, paper tone
    return rules, cleaned


_CELL_REACH = 2.5
"""Within one line of a cell (bounded by its rulings, no column gaps), a gap next to a Chinese
character up to this many line heights is closed: sparse-text reading leaves odd gaps between words."""
_CROSS = 3  # pixels beyond a whitened line where a crossing stroke's ink is looked for


def _grow(mask: Any, dy: int, dx: int) -> Any:
    """``mask`` dilated by ``dy`` pixels up and down and ``dx`` left and right."""
    out = mask.copy()
    for _ in range(dy):
        step = out.copy()
        step[1:, :] |= out[:-1, :]
        step[:-1, :] |= out[1:, :]
        out = step
    for _ in range(dx):
        step = out.copy()
        step[:, 1:] |= out[:, :-1]
        step[:, :-1] |= out[:, 1:]
        out = step
    return out


def cell_boxes(
    rules: Sequence[Rule],
) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """Pixel boxes of the tables the rulings draw, and of their (merged) cells, by the PDF table logic."""
    from .pdf_reader import _MAX_EDGES, _Edge, _grids, _merge

    k = 72 / OCR_DPI
    hs = [_Edge((r.top + r.bottom) / 2 * k, r.x0 * k, r.x1 * k) for r in rules if r.horizontal]
    vs = [_Edge((r.x0 + r.x1) / 2 * k, r.top * k, r.bottom * k) for r in rules if not r.horizontal]
    hs, vs = _merge(hs), _merge(vs)
    if len(hs) + len(vs) > _MAX_EDGES:
        return [], []
    tables: list[tuple[int, int, int, int]] = []
    cells: list[tuple[int, int, int, int]] = []
    for grid in _grids(hs, vs):
        tables.append(tuple(round(v / k) for v in grid.bbox))  # type: ignore[arg-type]
        seen: set[int] = set()
        for region in grid.regions.values():
            if id(region) in seen:
                continue
            seen.add(id(region))
            box = (grid.xs[region.j0], grid.ys[region.i0], grid.xs[region.j1 + 1], grid.ys[region.i1 + 1])
            cells.append(tuple(round(v / k) for v in box))  # type: ignore[arg-type]
    return tables, cells


def _placeholder(ink: Any, box: tuple[int, int, int, int]) -> Glyph | None:
    """A cell's placeholder told by its shape: a low row of dots is "……", one low stroke "—".

    Forms mark an unfilled row with an ellipsis or a dash; the recogniser reads a row of dots as
    letters ("es") and may drop a lone dash, so these are not sent to it.
    """
    import numpy as np

    x0, top, x1, bottom = box
    part = ink[top:bottom, x0:x1]
    rows = np.flatnonzero(part.any(axis=1))
    cols = part.any(axis=0)
    height = int(rows[-1] - rows[0] + 1)
    if height > round(_MARK_MM / 25.4 * OCR_DPI):
        return None
    padded = np.concatenate(([False], cols, [False])).astype(np.int8)
    starts = np.flatnonzero(np.diff(padded) == 1)
    ends = np.flatnonzero(np.diff(padded) == -1)
    widths = ends - starts
    y0, y1 = top + int(rows[0]), top + int(rows[-1]) + 1
    left, right = x0 + int(starts[0]), x0 + int(ends[-1])
    if len(starts) >= 3 and int(widths.max()) <= 2 * height + 2:
        return Glyph("……", left, y0, right, y1, 100.0)
    if len(starts) == 1 and int(widths[0]) >= 3 * height and int(widths[0]) >= 20:
        return Glyph("—", left, y0, right, y1, 100.0)
    return None


_MARK_MM = 1.0  # ink no taller than this in a cell: dots or a dash, not characters


def _ink_box(ink: Any, x0: int, top: int, x1: int, bottom: int, pad: int) -> tuple[int, int, int, int] | None:
    """The box of the ink inside a box, ``pad`` pixels wider (within the box); None when blank."""
    import numpy as np

    part = ink[top:bottom, x0:x1]
    if int(part.sum()) < _MIN_INK:
        return None
    rows = np.flatnonzero(part.any(axis=1))
    cols = np.flatnonzero(part.any(axis=0))
    return (
        x0 + max(int(cols[0]) - pad, 0),
        top + max(int(rows[0]) - pad, 0),
        x0 + min(int(cols[-1]) + 1 + pad, x1 - x0),
        top + min(int(rows[-1]) + 1 + pad, bottom - top),
    )


_GAP = 48  # white pixels around each cell cut out into a sheet
_MIN_INK = 12  # dark pixels: fewer in a cell or on a page, and it is blank (a speck of dust)
_INSET = 3  # pixels kept off a cell's edges (remnants of its ruling lines)
_PAD = 8  # pixels of margin around a cell's ink in the image read


def prepare_page(image: Image, page_no: int, tess: Tesseract) -> _Page:
    """Straighten the page, find its tables, and submit to Tesseract only what holds ink.

    Every cell with ink is cut out (to its ink, with a margin of :data:`_PAD` pixels and no more:
    a wider white frame makes the recogniser add characters, 否 → 人否) and read alone, one line as
    a line (``--psm 7``), more as a block (``--psm 6``): a cell read alone is read better than
    within the page, where the recogniser's layout analysis joins neighbouring cells and their
    lines, or stacked with other cells into a sheet read as sparse text (``--psm 11/12``), which
    loses characters and reads others wrong (measured on the real corpus's dev scans at 300 dpi:
    sheets read by psm 12 gave 83.9 % of the text-layer PDF's figures). The text around the tables (titles, paragraphs, tables without rulings) is
    read from the page with the tables whitened, cut to its ink, with automatic layout (``--psm 3``).
    Blank cells and blank pages are not read at all.
    """
    import numpy as np
    from PIL import Image as PILImage

    if int((np.asarray(image) < 128).sum()) < _MIN_INK:  # a blank page: nothing to straighten or read
        return _Page(page_no, [], np.asarray(image))
    rules, cleaned = _straighten(image)
    page = _Page(page_no, rules, cleaned)
    ink = cleaned < 128
    tables, cells = cell_boxes(rules)
    crops: list[tuple[int, int, int, int]] = []
    for x0, top, x1, bottom in cells:
        box = _ink_box(ink, x0 + _INSET, top + _INSET, x1 - _INSET, bottom - _INSET, pad=_PAD)
        if box is not None and box[2] - box[0] >= 4 and box[3] - box[1] >= 4:
            mark = _placeholder(ink, box)
            if mark is not None:
                page.marks.append(mark)
            else:
                crops.append(box)
    # the cells, each an image of its own, read in batches by one process each: a line alone as one
    # line (psm 7), more lines as a block (psm 6)
    by_psm: dict[str, list[tuple[int, int, int, int]]] = {}
    for crop in crops:
        x0, top, x1, bottom = crop
        by_psm.setdefault("7" if text_lines(ink[top:bottom, x0:x1]) <= 1 else "6", []).append(crop)
    for psm, boxes in by_psm.items():
        size = max(8, -(-len(boxes) // tess.parallel))
        for first in range(0, len(boxes), size):
            batch = boxes[first : first + size]
            # each cell's ink with _PAD pixels of white on every side, whatever room its rulings left:
            # text filling its cell, cut close, reads badly (bold 未完成原因分析 → 未元抱上原因人分析)
            framed = [_margined(cleaned, ink, crop) for crop in batch]
            images = [PILImage.fromarray(pixels) for pixels, _ in framed]
            page.sheets.append((tess.submit(images, psm=psm), [place for _, place in framed]))
    # the text around the tables
    rest = ink.copy()
    for x0, top, x1, bottom in tables:
        rest[max(top - 2, 0) : bottom + 3, max(x0 - 2, 0) : x1 + 3] = False
    box = _ink_box(rest, 0, 0, rest.shape[1], rest.shape[0], pad=24)
    if box is not None:
        # read line by line (a band of inked rows: one line as a line, psm 7, several as a block,
        # psm 6): the automatic layout (psm 3) split a centred bold title into two "columns"
        text = cleaned.copy()
        for tx0, ttop, tx1, tbottom in tables:
            text[max(ttop - 2, 0) : tbottom + 3, max(tx0 - 2, 0) : tx1 + 3] = 255
        page.text_image = text
        x0, top, x1, bottom = box
        lines_by_psm: dict[str, list[tuple[int, int, int, int]]] = {}
        for band in text_pieces(rest, box):
            psm = "7" if text_lines(rest[band[1] : band[3], band[0] : band[2]]) <= 1 else "6"
            lines_by_psm.setdefault(psm, []).append(band)
        for psm, boxes in lines_by_psm.items():
            images = [PILImage.fromarray(_framed(text[t:b, bx0:bx1], _PAD)) for bx0, t, bx1, b in boxes]
            page.text.append((tess.submit(images, psm=psm), boxes))
    return page


def finish_page(page: _Page, tess: Tesseract, end: float) -> list[Block]:
    """The page's blocks once Tesseract has read it: glyphs of cells and text, by the table logic.

    Glyphs read as a comparator's lookalike take the comparator their shape draws
    (:func:`reconcile_comparators`); the punctuation the Chinese model only has in ASCII is given
    back its full-width form in Chinese text (:func:`chinese_punctuation`).
    """
    from .blocks import Paragraph, Table

    glyphs: list[Glyph] = list(page.marks)
    walls = [r for r in page.rules if not r.horizontal]
    for job, boxes in page.text:
        pages = parse_hocr_pages(tess.result(job, end))
        psm = job.command[job.command.index("--psm") + 1]
        for k, (x0, top, x1, bottom) in enumerate(boxes):
            read = pages.get(k, [])
            if page.text_image is not None:
                read = mend_split_characters(
                    read, _framed(page.text_image[top:bottom, x0:x1], _PAD), tess, end, psm
                )
            start = len(glyphs)
            glyphs.extend(_shifted(g, x0 - _PAD, top - _PAD) for g in read)
            _close_cjk_gaps(glyphs, start, walls)
    for job, placed in page.sheets:
        glyphs.extend(_placed_glyphs(parse_hocr_pages(tess.result(job, end)), placed))
    page_ink = page.cleaned < 128
    glyphs = reconcile_quotes(reconcile_percent(reconcile_comparators(glyphs, page_ink), page_ink), page_ink)
    glyphs = [g for g in _even_heights(glyphs) if not (g.text in _SPECKS and (g.confidence or 0) < 75)]
    items = page_blocks(glyphs, page.rules, page.page_no, to_points=72 / OCR_DPI, reader=READER)
    blocks = [block for _, block in items]
    second_look(blocks, page.cleaned, tess, end)
    for block in blocks:
        if isinstance(block, Paragraph):
            block.text = known_words(chinese_punctuation(block.text))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    cell.text = known_words(chinese_punctuation(cell.text))
    return blocks


def _wide(text: str) -> bool:
    import unicodedata

    return len(text) == 1 and unicodedata.east_asian_width(text) in ("W", "F") and text.isalpha()


def split_characters(glyphs: Sequence[Glyph], ink: Any) -> list[tuple[int, int]]:
    """The runs of inked columns (:func:`_ink_run`) no wider than one character that two Chinese
    characters read next to each other on one line both lie on: one character read as two."""
    import numpy as np

    runs: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(glyphs):
        height = max(a.bottom - a.top, b.bottom - b.top, 1.0)
        if not (_wide(a.text) and _wide(b.text)) or abs(a.cy - b.cy) > 0.5 * height:
            continue
        run = _ink_run(ink, a)
        if run is None or run != _ink_run(ink, b):
            continue
        if not (run[0] <= a.cx < run[1] and run[0] <= b.cx < run[1]):
            continue  # one of them only nearest the run (its own box holds no ink): two characters
        # as wide as the run's ink is high, about: one character (two side by side are twice as wide)
        band = ink[max(int(min(a.top, b.top)), 0) : int(max(a.bottom, b.bottom)) + 1, run[0] : run[1]]
        rows = np.flatnonzero(band.any(axis=1))
        if len(rows) and run[1] - run[0] <= _SPLIT_WIDTH * (rows[-1] - rows[0] + 1):
            runs.append(run)
    return runs


_SPLIT_WIDTH = 1.4  # times the run's ink height: two Chinese characters side by side are about 2


def mend_split_characters(
    glyphs: list[Glyph], image: Any, tess: Tesseract, end: float, psm: str
) -> list[Glyph]:
    """A character the recogniser read as two (bold 年 → 和年, "2013和年") read again.

    Where two Chinese characters lie on one run of ink no wider than a character
    (:func:`split_characters`), the piece (``image``, pixels) is read again with its strokes
    thinned by a pixel (bold type's strokes run together); when the new reading has one character on
    that run, it replaces the two. Otherwise the reading stands.
    """
    from PIL import Image as PILImage
    from PIL import ImageFilter

    ink = image < 128
    runs = split_characters(glyphs, ink)
    if not runs:
        return glyphs
    thinned = PILImage.fromarray(image).filter(ImageFilter.MaxFilter(3))
    again = parse_hocr(tess.result(tess.submit(thinned, psm=psm, first=True), end))
    out = list(glyphs)
    for run in runs:
        mine = [g for g in again if _wide(g.text) and _ink_run(ink, g) == run]
        twins = [i for i, g in enumerate(out) if _wide(g.text) and _ink_run(ink, g) == run]
        if len(mine) != 1 or len(twins) < 2 or twins != list(range(twins[0], twins[-1] + 1)):
            continue
        first, last = out[twins[0]], out[twins[-1]]
        one = Glyph(mine[0].text, first.x0, first.top, last.x1, first.bottom, mine[0].confidence)
        out[twins[0] : twins[-1] + 1] = [one]
    return out


def _placed_glyphs(pages: dict[int, list[Glyph]], placed: Sequence[tuple[int, int, int, int]]) -> list[Glyph]:
    """Glyphs read from the images of cells (one hOCR page each), moved back to their place on the page.

    Within a cell, the gaps Tesseract leaves between the "words" of one line of Chinese are
    closed (it finds each word on its own).
    """
    out: list[Glyph] = []
    for k, (x0, top, x1, bottom) in enumerate(placed):
        cell = [_shifted(g, x0, top) for g in pages.get(k, [])]
        cell = [g for g in cell if x0 - 2 <= g.cx <= x1 + 2 and top - 2 <= g.cy <= bottom + 2]
        cell.sort(key=lambda g: g.cy)
        rows: list[list[Glyph]] = []
        for glyph in cell:
            tallest = max((g.bottom - g.top for g in rows[-1]), default=1.0) if rows else 1.0
            if rows and abs(glyph.cy - rows[-1][0].cy) < 0.5 * max(tallest, glyph.bottom - glyph.top, 1.0):
                rows[-1].append(glyph)
            else:
                rows.append([glyph])
        for row in rows:
            start = len(out)
            out.extend(row)
            _close_cjk_gaps(out, start, (), reach=_CELL_REACH)
    return out


def _margined(
    cleaned: Any, ink: Any, box: tuple[int, int, int, int]
) -> tuple[Any, tuple[int, int, int, int]]:
    """The pixels of a cell's ``box`` (its ink and up to :data:`_PAD` pixels around it, within the
    cell) with white added where the cell left less than :data:`_PAD` beside the ink, and the box
    those pixels stand for on the page."""
    import numpy as np

    x0, top, x1, bottom = box
    tight = _ink_box(ink, x0, top, x1, bottom, pad=0) or box
    left, up = max(_PAD - (tight[0] - x0), 0), max(_PAD - (tight[1] - top), 0)
    right, down = max(_PAD - (x1 - tight[2]), 0), max(_PAD - (bottom - tight[3]), 0)
    part = cleaned[top:bottom, x0:x1]
    if not (left or up or right or down):
        return part, box
    out = np.full((part.shape[0] + up + down, part.shape[1] + left + right), 255, dtype=np.uint8)
    out[up : up + part.shape[0], left : left + part.shape[1]] = part
    return out, (x0 - left, top - up, x1 + right, bottom + down)


def _framed(part: Any, frame: int) -> Any:
    """Pixels inside a white frame ``frame`` pixels wide (a line of text cut to its rows reads badly:
    附件 → 人替件)."""
    import numpy as np

    out = np.full((part.shape[0] + 2 * frame, part.shape[1] + 2 * frame), 255, dtype=np.uint8)
    out[frame : frame + part.shape[0], frame : frame + part.shape[1]] = part
    return out


def line_bands(ink: Any, join: float = 0.25) -> list[tuple[int, int]]:
    """The bands of inked rows of ``ink`` (a boolean array), bands closer than ``join`` times the
    tallest one (3 pixels at least) joined (the parts of 是, 三 in a cell): (first row, row after the
    last) of each."""
    import numpy as np

    padded = np.concatenate(([0], ink.any(axis=1).astype(np.int8), [0]))
    starts = np.flatnonzero(np.diff(padded) == 1).tolist()
    ends = np.flatnonzero(np.diff(padded) == -1).tolist()
    if not starts:
        return []
    tallest = max(e - s for s, e in zip(starts, ends, strict=True))
    groups: list[list[int]] = []
    for s, e in zip(starts, ends, strict=True):
        if groups and s - groups[-1][1] < max(join * tallest, 3):
            groups[-1][1] = e
        else:
            groups.append([s, e])
    return [(s, e) for s, e in groups]


def text_pieces(ink: Any, box: tuple[int, int, int, int], depth: int = 0) -> list[tuple[int, int, int, int]]:
    """The pieces of text inside ``box`` (page pixels) to read one by one: its bands of rows
    (:func:`line_bands`), each cut again where a blank gap wider than the band is high runs down it
    (a "单位：万元" beside a title, the columns of a table without rulings), and so on, three times
    at most; each piece cut to its ink with :data:`_PAD` pixels of margin."""
    import numpy as np

    x0, top, x1, bottom = box
    out: list[tuple[int, int, int, int]] = []
    # a line of several characters has no blank row across it: bands 3 pixels apart are lines apart
    # (a title and the "(2022年度)" under it)
    for b0, b1 in line_bands(ink[top:bottom, x0:x1], join=0.0):
        band = _ink_box(ink, x0, top + b0, x1, top + b1, pad=_PAD)
        if band is None:
            continue
        bx0, btop, bx1, bbottom = band
        cols = np.concatenate(([0], ink[btop:bbottom, bx0:bx1].any(axis=0).astype(np.int8), [0]))
        starts = np.flatnonzero(np.diff(cols) == 1).tolist()
        ends = np.flatnonzero(np.diff(cols) == -1).tolist()
        pieces: list[list[int]] = []
        for s, e in zip(starts, ends, strict=True):
            if pieces and s - pieces[-1][1] <= max(bbottom - btop, 2 * _MIN_LINE):
                pieces[-1][1] = e
            else:
                pieces.append([s, e])
        if len(pieces) == 1 or depth >= 2:
            out.append(band)
            continue
        for s, e in pieces:
            out.extend(text_pieces(ink, (bx0 + s, btop, bx0 + e, bbottom), depth + 1))
    return out


def text_lines(ink: Any) -> int:
    """How many lines of text a cell's ink (a boolean array) holds: its :func:`line_bands`, less
    those lower than half the tallest or than :data:`_MIN_LINE` pixels (a detached stroke, the dots
    of "……", a lone "三" are not lines of their own)."""
    groups = line_bands(ink)
    if not groups:
        return 0
    tall = max(e - s for s, e in groups)
    return max(1, sum(1 for s, e in groups if e - s >= max(0.5 * tall, _MIN_LINE)))


_MIN_LINE = 12  # pixels (1 mm at 300 dpi): the smallest printed line of text is about twice this


def _shifted(g: Glyph, dx: float, dy: float) -> Glyph:
    return Glyph(g.text, g.x0 + dx, g.top + dy, g.x1 + dx, g.bottom + dy, g.confidence)


def read_page(image: Image, page_no: int, where: str, seconds: float) -> list[Block]:
    """One page image into blocks (tables from its ruling lines, text by Tesseract)."""
    with Tesseract(where) as tess:
        page = prepare_page(image, page_no, tess)
        return finish_page(page, tess, time.monotonic() + max(seconds, 1.0))


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
    last = min(total, max_pages)
    longer = scan_time_limit(deadline.seconds, last)
    if longer > deadline.seconds:  # the import's limit, scaled to the pages OCR reads
        deadline.end += longer - deadline.seconds
        deadline.seconds = longer

    def stop(page_no: int) -> None:
        if page_no == last:
            text = f"第 {page_no} 页文字识别超过时间限制，未识别"
        else:
            text = f"文字识别超过时间限制，第 {page_no}–{last} 页未识别"
        warnings.append((Loc(page=page_no), text, ""))

    # leave a tenth of the time to the structuring layer
    end = deadline.end - 0.1 * min(deadline.seconds, 600.0)
    with Tesseract(where) as tess:
        waiting: _Page | None = None  # the page Tesseract reads while the next one is prepared
        for page_no, image in enumerate(images, start=1):
            if end - time.monotonic() < 2:
                break
            ready = prepare_page(image, page_no, tess)
            if waiting is not None:
                try:
                    pages.append(
                        finish_page(waiting, tess, min(end, time.monotonic() + MAX_SECONDS_PER_PAGE))
                    )
                except subprocess.TimeoutExpired:
                    waiting = None
                    break
            waiting = ready
        if waiting is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                pages.append(finish_page(waiting, tess, min(end, time.monotonic() + MAX_SECONDS_PER_PAGE)))
    if len(pages) < last:
        stop(len(pages) + 1)
    read = sum(len("".join(_texts(block).split())) for page in pages for block in page)
    if read < MIN_CHARACTERS:
        if warnings and not pages:
            raise DocumentError(where, "扫描件文字识别超过时间限制，未能识别任何一页")
        raise DocumentError(where, "扫描件中没有识别出文字（图片可能过于模糊、空白或不是文档）")
    doc = Document(id=doc_id, kind=kind, blocks=join_pages(pages))
    doc.warnings.extend(warnings)
    return doc


# --- second look at doubtful cells -----------------------------------------------------------------

_NUMBER = re.compile(r"-?\d[\d,]*(\.\d+)?%?")
_NUMERIC_CHARS = set("0123456789.,%-")
_DIGITS = "0123456789.,%-"


def _doubtful(cell: Any, ink: Any) -> tuple[str, tuple[int, int, int, int]] | None:
    """Why and where a table cell is worth a second look: ink but no text ("blank"), a figure
    ("number": only digits and . , % -), or a short text read with low confidence ("short")."""
    if cell.bbox is None or cell.anchor is not None:
        return None
    x0, top, x1, bottom = (round(v * OCR_DPI / 72) for v in cell.bbox)
    box = _ink_box(ink, x0 + _INSET, top + _INSET, x1 - _INSET, bottom - _INSET, pad=_PAD)
    if box is None or box[2] - box[0] < 4 or box[3] - box[1] < 4:
        return None
    text = "".join(cell.text.split())
    if not text:
        return "blank", box
    if set(text) <= _NUMERIC_CHARS and any(ch.isdigit() for ch in text):
        return "number", box
    if len(text) <= 4 and (cell.loc.confidence or 100.0) < 90.0:
        return "short", box
    return None


def second_look(blocks: list[Block], cleaned: Any, tess: Tesseract, end: float) -> None:
    """Read the doubtful table cells again, stacked as a uniform block of text (``--psm 6``).

    A lone digit in a cell is sometimes not found by sparse-text reading; a figure is read again by
    :data:`NUMBER_LANGUAGES` with only digits allowed. The new reading replaces the old when the cell
    was blank, when it is a well-formed number (for a figure), or when it is more confident.
    """
    import numpy as np
    from PIL import Image as PILImage

    from .blocks import Table
    from .pdf_reader import _cell_text
    from .positioned import _annotate

    ink = cleaned < 128
    todo: dict[bool, list[tuple[Any, str, tuple[int, int, int, int]]]] = {False: [], True: []}
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    found = _doubtful(cell, ink)
                    if found is not None:
                        todo[found[0] == "number"].append((cell, *found))
    jobs: list[tuple[_Job, list[tuple[Any, str, tuple[int, int, int, int]]], list[tuple[int, int]], Any]] = []
    for digits, items in todo.items():
        if not items:
            continue
        width = max(x1 - x0 for *_, (x0, _, x1, _) in items) + 2 * _GAP
        height = sum(b - t + _GAP for *_, (_, t, _, b) in items) + _GAP
        if width * height > MAX_PAGE_PIXELS:
            continue
        sheet = np.full((height, width), 255, dtype=np.uint8)
        spans: list[tuple[int, int]] = []
        y = _GAP
        for *_, (x0, top, x1, bottom) in items:
            sheet[y : y + bottom - top, _GAP : _GAP + x1 - x0] = cleaned[top:bottom, x0:x1]
            spans.append((y, y + bottom - top))
            y += bottom - top + _GAP
        job = tess.submit(
            PILImage.fromarray(sheet),
            psm="6",
            whitelist=_DIGITS if digits else None,
            first=True,
            languages=NUMBER_LANGUAGES if digits else LANGUAGES,
        )
        jobs.append((job, items, spans, sheet < 128))
    for job, items, spans, sheet_ink in jobs:
        glyphs = reconcile_percent(
            reconcile_comparators(parse_hocr(tess.result(job, end)), sheet_ink), sheet_ink
        )
        for (cell, why, _), (y0, y1) in zip(items, spans, strict=True):
            mine = [g for g in glyphs if y0 - 4 <= g.cy <= y1 + 4]
            if not mine:
                continue
            text = _cell_text([(g.x0, g.top, g.x1, g.bottom, g.text) for g in mine])
            new_loc = _annotate(cell.loc, mine, READER, LOW_CONFIDENCE)
            squeezed = "".join(text.split())
            if (
                why == "blank"
                or (why == "number" and _NUMBER.fullmatch(squeezed))
                or (why == "short" and (new_loc.confidence or 0) > (cell.loc.confidence or 0))
            ):
                cell.text = text
                cell.loc = new_loc


# --- comparators and punctuation -------------------------------------------------------------------

_COMPARATOR_LOOKALIKES = frozenset("=三二一<>〈〉《》兰之≈主王ミ")
"""What the recogniser reads a comparator as: the Chinese model has no "≥ ≤ ≧ ≦" at all (``≥`` → ``三``,
``=``; ``≤`` → ``<``), so a glyph read as one of these is looked at again by its shape."""


def comparator_shape(ink: Any) -> str | None:
    """The comparator a glyph's ink draws (a boolean array around one character), or None.

    Rows are told apart as blank, *wide* (ink across most of the glyph: a bar) or *narrow* (a slanting
    stroke). A chevron — a tall run of narrow rows — over one bar is ``≥``/``≤``, over two bars
    ``≧``/``≦``, alone ``>``/``<``; which way it points is where its middle rows' ink lies against its
    tips'. Two bars of one length are ``=`` (read as ``一`` or ``二``); other bars (``三``, ``二``) or
    anything else give None: the reading stands.
    """
    import numpy as np

    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if len(rows) < 4 or len(cols) < 4:
        return None
    part = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height, width = part.shape
    counts = part.sum(axis=1)
    labels = ["." if c == 0 else ("W" if c >= 0.6 * width else "n") for c in counts.tolist()]
    runs: list[tuple[str, int, int]] = []  # (label, first row, rows)
    for index, label in enumerate(labels):
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((label, index, 1))
    # a row or two of another label inside a run is the edge of a stroke, not a part of its own
    runs = [r for r in runs if r[2] >= 2 or r[0] == "."]
    merged: list[tuple[str, int, int]] = []
    for r in runs:
        if merged and merged[-1][0] == r[0]:
            merged[-1] = (r[0], merged[-1][1], r[1] + r[2] - merged[-1][1])
        else:
            merged.append(r)
    shape = [r for r in merged if r[0] != "."]
    if [label for label, _, _ in shape] == ["W", "W"]:
        # two bars of one length, as far apart as they are long at most: "=" (二 has a shorter top bar)
        (_, a, na), (_, b, nb) = shape
        lengths = [int(np.flatnonzero(part[r : r + n].any(axis=0)).size) for r, n in ((a, na), (b, nb))]
        if min(lengths) >= 0.9 * max(lengths) and height <= width:
            return "="
        return None
    if not shape or shape[0][0] != "n" or shape[0][2] < 0.4 * height:
        return None
    bars = shape[1:]
    if any(label != "W" or rows_ > 0.25 * height for label, _, rows_ in bars) or len(bars) > 2:
        return None
    first, count = shape[0][1], shape[0][2]
    chevron = part[first : first + count]
    xs = np.arange(width)
    centres = np.array(
        [float((row * xs).sum() / row.sum()) for row in chevron if row.any()], dtype=np.float64
    )
    if len(centres) < 6:
        return None
    third = len(centres) // 3
    middle = float(centres[third : len(centres) - third].mean())
    tips = float(np.concatenate((centres[: max(third // 2, 1)], centres[-max(third // 2, 1) :])).mean())
    if abs(middle - tips) < 0.2 * width:
        return None
    right = middle > tips  # the vertex points right: greater than
    return {0: (">", "<"), 1: ("≥", "≤"), 2: ("≧", "≦")}[len(bars)][0 if right else 1]


def _glyph_ink(ink: Any, glyph: Glyph) -> Any:
    """The ink of one glyph: the run of inked columns under the glyph's box nearest its centre."""
    import numpy as np

    # rows a fifth of its height beyond its box, or half its width (a box around one bar of "=")
    margin = max(0.2 * (glyph.bottom - glyph.top), 0.5 * (glyph.x1 - glyph.x0))
    top = max(int(glyph.top - margin), 0)
    bottom = min(int(glyph.bottom + margin) + 1, ink.shape[0])
    x0 = max(int(glyph.x0) - 2, 0)
    x1 = min(int(glyph.x1) + 3, ink.shape[1])
    part = ink[top:bottom, x0:x1]
    cols = part.any(axis=0)
    if not cols.any():
        return part
    padded = np.concatenate(([False], cols, [False])).astype(np.int8)
    starts = np.flatnonzero(np.diff(padded) == 1)
    ends = np.flatnonzero(np.diff(padded) == -1)
    centre = glyph.cx - x0
    k = min(
        range(len(starts)),
        key=lambda i: (
            0 if starts[i] <= centre < ends[i] else min(abs(starts[i] - centre), abs(ends[i] - centre))
        ),
    )
    return part[:, starts[k] : ends[k]]


def reconcile_comparators(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """Glyphs read as a comparator's lookalike (``三``, ``=``, ``<`` …) given the comparator their shape draws."""
    out: list[Glyph] = []
    for g in glyphs:
        if g.text in _COMPARATOR_LOOKALIKES and not _before_a_word(g, glyphs):
            shape = comparator_shape(_glyph_ink(ink, g))
            if shape is not None and shape != g.text:
                g = Glyph(shape, g.x0, g.top, g.x1, g.bottom, g.confidence)
        out.append(g)
    return out


def _before_a_word(glyph: Glyph, glyphs: Sequence[Glyph]) -> bool:
    """Whether the next character on the glyph's line, within a character's width, is a Chinese one
    (not itself a lookalike): a comparator stands before a figure ("≥90%"), a 三 or 二 before a word
    ("三级指标")."""
    height = max(glyph.bottom - glyph.top, 1.0)
    after = [
        g
        for g in glyphs
        if g is not glyph
        and abs(g.cy - glyph.cy) < 0.5 * height
        and glyph.cx < g.cx
        and g.x0 - glyph.x1 < height
    ]
    if not after:
        return False
    following = min(after, key=lambda g: g.x0).text
    # a lookalike after it is no word (三 after a ≥ read as 三): the shapes decide both
    return _wide(following) and following not in _COMPARATOR_LOOKALIKES


def reconcile_quotes(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """A quotation mark the Chinese model reads as "?" (“三公”经费 → 三公?经费) given back as ``"``.

    A question mark reaches down to the line's foot; a quotation mark's ink lies in the upper half of
    the line (the line taken from the characters beside the glyph, its own box may be the mark's).
    :func:`chinese_punctuation` then makes it a Chinese quotation mark.
    """
    import numpy as np

    out = list(glyphs)
    for i, g in enumerate(out):
        if g.text not in ("?", "？"):
            continue
        beside = [
            out[k]
            for k in (i - 1, i + 1)
            if 0 <= k < len(out) and _wide(out[k].text) and abs(out[k].cy - g.cy) < max(g.bottom - g.top, 1.0)
        ]
        if not beside:
            continue
        top = min(b.top for b in beside)
        bottom = max(b.bottom for b in beside)
        x0, x1 = max(int(g.x0), 0), min(int(g.x1) + 1, ink.shape[1])
        part = ink[max(int(top), 0) : min(int(bottom) + 1, ink.shape[0]), x0:x1]
        rows = np.flatnonzero(part.any(axis=1))
        if len(rows) and rows[-1] < 0.5 * part.shape[0]:
            out[i] = Glyph('"', g.x0, g.top, g.x1, g.bottom, g.confidence)
    return out


_CONFUSED_WORDS = (
    # “三公”经费 with the top bar of 三 clipped or blurred (一公, 二公) or read as 王
    (re.compile(r"(?<![\u4e00-\u9fff])([“\"]?)[一二王](公[”\"]?经费)"), r"\1三\2"),
)
"""Words of budget documents the recogniser reads with one character wrong, and the word they are
(the wrong ones are no words at all)."""


def known_words(text: str) -> str:
    """``text`` with the words of :data:`_CONFUSED_WORDS` read wrong put right (“一公”经费 → “三公”经费)."""
    for pattern, replacement in _CONFUSED_WORDS:
        text = pattern.sub(replacement, text)
    return text


def chinese_punctuation(text: str) -> str:
    """ASCII ``"`` and ``;`` in a text with Chinese characters as the Chinese model cannot read them:
    ``“ ”`` (opening and closing in turn) and ``；``.

    The model's character set has no ``；`` and reads ``“”`` as ``"``, so a Chinese name quoting a
    phrase (对推动基建项目“四项制度”健全…) would not be the name the text-layer PDF gives.
    """
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    out: list[str] = []
    inside = False
    for ch in text:
        if ch == '"':
            ch = "”" if inside else "“"
        elif ch == ";":
            ch = "；"
        if ch in "“”":
            inside = ch == "“"
        out.append(ch)
    return "".join(out)


def _ink_run(ink: Any, glyph: Glyph) -> tuple[int, int] | None:
    """The page columns of the run of inked columns under a glyph (its row band) nearest its centre."""
    import numpy as np

    top, bottom = max(int(glyph.top), 0), min(int(glyph.bottom) + 1, ink.shape[0])
    width = max(glyph.bottom - glyph.top, glyph.x1 - glyph.x0, 1.0)
    x0 = max(int(glyph.x0 - width), 0)
    x1 = min(int(glyph.x1 + width) + 1, ink.shape[1])
    cols = ink[top:bottom, x0:x1].any(axis=0)
    if not cols.any():
        return None
    padded = np.concatenate(([False], cols, [False])).astype(np.int8)
    starts = np.flatnonzero(np.diff(padded) == 1).tolist()
    ends = np.flatnonzero(np.diff(padded) == -1).tolist()
    centre = glyph.cx - x0
    s, e = min(
        zip(starts, ends, strict=True),
        key=lambda r: 0.0 if r[0] <= centre < r[1] else min(abs(r[0] - centre), abs(r[1] - centre)),
    )
    return x0 + s, x0 + e


def reconcile_percent(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """A "%" the Chinese model reads as two or three characters ("9%", "%6", "9%p") made one again.

    The glyphs next to a "%" on its line drawn by the same unbroken run of inked columns, the run no
    wider than one sign (:data:`_PERCENT_WIDTH` line heights), are one "%": ``1009%`` → ``100%``.
    """
    out = list(glyphs)
    i = 0
    while i < len(out):
        g = out[i]
        run = _ink_run(ink, g) if g.text == "%" else None
        height = max(g.bottom - g.top, 1.0)
        if run is None or run[1] - run[0] > _PERCENT_WIDTH * height:
            i += 1
            continue

        def same(k: int, g: Glyph = g, run: tuple[int, int] = run) -> bool:
            return (
                0 <= k < len(out)
                and len(out[k].text) == 1
                and (out[k].text in _PERCENT_PIECES)
                and abs(out[k].cy - g.cy) < 0.5 * max(g.bottom - g.top, 1.0)
                and _ink_run(ink, out[k]) == run
            )

        first, last = i, i
        while same(first - 1):
            first -= 1
        while same(last + 1):
            last += 1
        if first < last:
            group = out[first : last + 1]
            confidences = [x.confidence for x in group if x.confidence is not None]
            merged = Glyph(
                "%",
                min(x.x0 for x in group),
                g.top,
                max(x.x1 for x in group),
                g.bottom,
                min(confidences) if confidences else None,
            )
            out[first : last + 1] = [merged]
            i = first
        i += 1
    return out


_PERCENT_WIDTH = 1.5
_PERCENT_PIECES = frozenset("0123456789%oOpP")
"""What the Chinese model reads the parts of a "%" as; a bracket that touches the sign ("(%)" printed
tight) stays a bracket."""
