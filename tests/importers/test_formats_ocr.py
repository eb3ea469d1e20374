"""Scans and images: ruling lines, skew, OCR provenance (reader, confidence, uncertain digits), limits."""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from jixiao.importers import DocumentError, ImportLimits, import_bytes, import_file
from jixiao.importers.blocks import Loc, Table
from jixiao.importers.ocr import MAX_PIXELS, deskew_angle, parse_hocr, ruling_lines
from jixiao.importers.positioned import Glyph, Rule, page_blocks, uncertain_digits

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "corpus" / "formats" / "001_a74d644552a354b1"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None and not os.environ.get("CI"),
    reason="Tesseract not installed (scripts/setup.sh installs it)",
)


def _grid_image(angle: float = 0.0) -> Image.Image:
    """A 3 x 2 ruled table at 300 dpi: lines 3 px wide, 600 x 300 px cells."""
    image = Image.new("L", (2000, 1200), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 400, 700, 1000):
        draw.line([(100, y), (1300, y)], fill=0, width=3)
    for x in (100, 700, 1300):
        draw.line([(x, 100), (x, 1000)], fill=0, width=3)
    return image.rotate(angle, fillcolor=255) if angle else image


def test_ruling_lines_of_a_grid() -> None:
    rules, mask = ruling_lines(np.asarray(_grid_image()), 300)
    horizontal = {round((r.top + r.bottom) / 2 / 10) for r in rules if r.horizontal}
    vertical = {round((r.x0 + r.x1) / 2 / 10) for r in rules if not r.horizontal}
    assert horizontal == {10, 40, 70, 100}
    assert vertical == {10, 70, 130}
    assert mask[400, 500] and not mask[250, 400]  # on a line / inside a cell


def test_skew_is_measured() -> None:
    image = _grid_image()
    draw = ImageDraw.Draw(image)
    for y in range(150, 950, 40):  # rows of "text"
        draw.rectangle([(150, y), (650, y + 12)], fill=0)
    angle = deskew_angle(image.rotate(1.0, fillcolor=255))
    assert -1.2 <= angle <= -0.8  # turning back by about one degree levels it


def test_cells_from_rulings_carry_ocr_provenance() -> None:
    rules = [Rule(100, y - 1, 1300, y + 1) for y in (100, 400, 700)] + [
        Rule(x - 1, 100, x + 1, 700) for x in (100, 700, 1300)
    ]
    glyphs = [Glyph(ch, 150 + 40 * i, 200, 185 + 40 * i, 240, 96.0) for i, ch in enumerate("年初预算数")] + [
        Glyph(ch, 150 + 40 * i, 500, 185 + 40 * i, 540, 41.0 if i == 4 else 93.0)
        for i, ch in enumerate("45.99")
    ]
    items = page_blocks(glyphs, rules, 1, to_points=72 / 300, reader="OCR")
    tables = [b for _, b in items if isinstance(b, Table)]
    assert len(tables) == 1
    cells = [[c for c in row] for row in tables[0].rows]
    assert cells[0][0].text == "年初预算数" and cells[1][0].text == "45.99"
    assert cells[1][0].loc.reader == "OCR"
    assert cells[1][0].loc.confidence == 41.0
    assert cells[1][0].loc.uncertain == ("45.9[9]",)
    assert cells[0][0].loc.uncertain == ()
    source = cells[1][0].loc.source("scan", "45.99")
    assert (source.reader, source.confidence, source.uncertain) == ("OCR", 41.0, ["45.9[9]"])


def test_uncertain_digits_name_only_low_digits() -> None:
    glyphs = [Glyph(ch, 10 * i, 0, 10 * i + 8, 10, 99.0) for i, ch in enumerate("得分96分")]
    assert uncertain_digits(glyphs) == ()
    low = [
        Glyph(ch, 10 * i, 0, 10 * i + 8, 10, 30.0 if ch == "6" else 99.0) for i, ch in enumerate("得分96分")
    ]
    assert uncertain_digits(low) == ("9[6]",)


def test_parse_hocr_characters_and_confidences() -> None:
    hocr = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<span class='ocr_line' title='bbox 100 200 400 240'>
 <span class='ocrx_word' title='bbox 100 200 180 240; x_wconf 90'>
  <span class='ocrx_cinfo' title='x_bboxes 100 202 138 238; x_conf 95.5'>合</span>
  <span class='ocrx_cinfo' title='x_bboxes 142 201 180 239; x_conf 91.0'>计</span>
 </span>
 <span class='ocrx_word' title='bbox 300 200 360 240; x_wconf 60'>
  <span class='ocrx_cinfo' title='x_bboxes 300 205 320 238; x_conf 58.25'>9</span>
  <span class='ocrx_cinfo' title='x_bboxes 322 205 342 238; x_conf 88'>6</span>
 </span>
</span></body></html>"""
    glyphs = parse_hocr(hocr)
    assert [(g.text, g.confidence) for g in glyphs] == [("合", 95.5), ("计", 91.0), ("9", 58.25), ("6", 88.0)]
    assert glyphs[1].x0 == 138  # the gap inside a word is closed
    assert (glyphs[2].top, glyphs[2].bottom) == (200, 240)  # a one-line "line": its height


# --- end to end on a committed scan ------------------------------------------------------------


@needs_tesseract
def test_photo_of_the_first_page_is_read_with_ocr_provenance() -> None:
    package = import_file(SEED / "page1-300.png")[0]
    assert package.year == 2024
    assert package.unit.name == "桃江县社会保险服务中心"
    source = package.documents[0]
    assert source.reader == "OCR（Tesseract）"
    assert source.kind == "png"
    # 编制数 32 and 实有人数 27 of the 基础数据表, each traced to an OCR'd cell with its confidence
    assert package.unit.authorized_staff == 32
    where = package.unit.sources["authorized_staff"]
    assert where.reader == "OCR" and where.confidence is not None and where.page == 1


@needs_tesseract
def test_ocr_obeys_the_time_limit() -> None:
    data = (SEED / "page1-300.png").read_bytes()
    with pytest.raises(DocumentError) as info:
        import_bytes(data, "slow.png", limits=ImportLimits(time_limit_seconds=0.5))
    assert "时间限制" in info.value.what


# --- bad and hostile images ---------------------------------------------------------------------


def test_pixel_bomb_is_refused_before_decoding() -> None:
    side = int(MAX_PIXELS**0.5) + 100
    buf = io.BytesIO()
    Image.new("1", (side, side), 1).save(buf, format="PNG")
    assert len(buf.getvalue()) < 2 * 1024 * 1024
    with pytest.raises(DocumentError) as info:
        import_bytes(buf.getvalue(), "huge.png")
    assert "像素" in info.value.what or "图片炸弹" in info.value.what


def test_truncated_image() -> None:
    data = (SEED / "page1-150.jpg").read_bytes()
    with pytest.raises(DocumentError) as info:
        import_bytes(data[:200], "cut.jpg")
    assert "损坏" in info.value.what


@needs_tesseract
def test_blank_image_has_no_text() -> None:
    buf = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(buf, format="PNG", dpi=(150, 150))
    with pytest.raises(DocumentError) as info:
        import_bytes(buf.getvalue(), "blank.png")
    assert "没有识别出文字" in info.value.what


def test_loc_defaults_are_not_ocr() -> None:
    source = Loc(page=1).source("d")
    assert (source.reader, source.confidence, source.uncertain) == (None, None, [])


# --- the time limit of long scans --------------------------------------------------------------------


def test_a_scans_time_limit_scales_with_its_pages_within_a_bound() -> None:
    from jixiao.importers.ocr import MAX_SCAN_LIMIT_FACTOR, scan_time_limit

    assert scan_time_limit(60, 1) == 60
    assert scan_time_limit(60, 5) == 60
    assert scan_time_limit(60, 6) == 120
    assert scan_time_limit(60, 15) == 180
    assert scan_time_limit(60, 500) == 60 * MAX_SCAN_LIMIT_FACTOR


def test_the_isolated_hard_limit_allows_a_pdf_or_image_the_longest_scan() -> None:
    from jixiao.importers.ocr import MAX_SCAN_LIMIT_FACTOR
    from jixiao.isolation import IsolationLimits, _hard_seconds

    limits = ImportLimits(time_limit_seconds=60)
    isolation = IsolationLimits(time_limit_seconds=75)
    assert _hard_seconds(b"%PDF-1.7 ...", limits, isolation) == 75 + (MAX_SCAN_LIMIT_FACTOR - 1) * 60
    assert _hard_seconds(b"\x89PNG\r\n\x1a\n...", limits, isolation) == 75 + (MAX_SCAN_LIMIT_FACTOR - 1) * 60
    assert _hard_seconds("2024年度部门整体支出绩效自评".encode(), limits, isolation) == 75


def test_blank_cells_and_pages_are_not_sent_to_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what holds ink is read: a ruled table with one filled cell gives one cell to read."""
    from jixiao.importers import ocr

    submitted: list[tuple[int, int]] = []

    class Recorder:
        parallel = 2

        def submit(self, image: Image.Image | list[Image.Image], *, psm: str = "3") -> object:
            for one in image if isinstance(image, list) else [image]:
                submitted.append(one.size)
            return object()

    image = _grid_image()
    draw = ImageDraw.Draw(image)
    for x in range(200, 400, 30):  # strokes of "text" in one of the six cells
        draw.rectangle([(x, 200), (x + 12, 240)], fill=0)
    page = ocr.prepare_page(image, 1, Recorder())  # type: ignore[arg-type]
    assert len(page.sheets) == 1 and len(page.sheets[0][1]) == 1 and len(submitted) == 1
    assert not page.text  # nothing outside the table
    submitted.clear()
    blank = ocr.prepare_page(Image.new("L", (2000, 1200), 255), 2, Recorder())  # type: ignore[arg-type]
    assert not submitted and not blank.sheets and not blank.text


def test_placeholders_are_told_by_their_shape() -> None:
    """A low row of dots in a cell is "……", one low stroke "—"; characters are left to Tesseract."""
    from jixiao.importers.ocr import _placeholder

    ink = np.zeros((200, 600), dtype=bool)
    for x in range(100, 220, 20):
        ink[100:106, x : x + 6] = True  # six dots
    assert _placeholder(ink, (90, 90, 240, 116)).text == "……"  # type: ignore[union-attr]
    ink[:] = False
    ink[100:104, 100:200] = True  # a dash
    assert _placeholder(ink, (90, 90, 210, 114)).text == "—"  # type: ignore[union-attr]
    ink[:] = False
    ink[80:124, 100:144] = True  # a character-sized blot
    assert _placeholder(ink, (90, 70, 154, 134)) is None


# --- reconciling what the Chinese model cannot read ------------------------------------------------


def _drawn(
    strokes: list[tuple[tuple[int, int], tuple[int, int]]], size: tuple[int, int] = (60, 70)
) -> np.ndarray:
    """Ink (True) of strokes 4 px wide on a white image, as a boolean array."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for a, b in strokes:
        draw.line([a, b], fill=0, width=4)
    return np.asarray(image) < 128


# a chevron from (10, 5) to its vertex (45, 22) and back to (10, 39); bars under it at y 52 and 62
_GREATER = [((10, 5), (45, 22)), ((45, 22), (10, 39))]
_LESS = [((45, 5), (10, 22)), ((10, 22), (45, 39))]
_BAR, _BAR2 = [((10, 52), (45, 52))], [((10, 62), (45, 62))]


def test_comparators_are_told_by_their_shape() -> None:
    from jixiao.importers.ocr import comparator_shape

    assert comparator_shape(_drawn(_GREATER + _BAR)) == "≥"
    assert comparator_shape(_drawn(_LESS + _BAR)) == "≤"
    assert comparator_shape(_drawn(_GREATER + _BAR + _BAR2)) == "≧"
    assert comparator_shape(_drawn(_LESS + _BAR + _BAR2)) == "≦"
    assert comparator_shape(_drawn(_GREATER)) == ">"
    assert comparator_shape(_drawn(_LESS)) == "<"
    # bars alone are what they were read as: 三, =
    three = [((12, 8), (42, 8)), ((15, 30), (40, 30)), ((8, 55), (46, 55))]
    assert comparator_shape(_drawn(three)) is None
    # two bars of one length are "=" (read as 一 or 二); 二's top bar is shorter
    assert comparator_shape(_drawn([((10, 20), (45, 20)), ((10, 40), (45, 40))])) == "="
    assert comparator_shape(_drawn([((16, 20), (38, 20)), ((8, 40), (46, 40))])) is None


def test_a_lookalike_read_for_a_comparator_takes_the_shape_it_draws() -> None:
    from jixiao.importers.ocr import reconcile_comparators

    ink = np.zeros((100, 300), dtype=bool)
    ink[10:80, 20:80] = _drawn(_GREATER + _BAR)  # "≥" at x 20–80
    ink[10:80, 120:180] = _drawn([((12, 8), (42, 8)), ((15, 30), (40, 30)), ((8, 55), (46, 55))])  # "三"
    glyphs = [
        Glyph("三", 25, 10, 75, 80, 71.0),
        Glyph("三", 125, 10, 175, 80, 96.0),
        Glyph("5", 200, 10, 230, 80),
    ]
    out = reconcile_comparators(glyphs, ink)
    assert [g.text for g in out] == ["≥", "三", "5"]
    assert out[0].confidence == 71.0  # the recogniser's confidence stays with the glyph


def test_the_characters_of_one_percent_sign_become_one() -> None:
    from jixiao.importers.ocr import reconcile_percent

    ink = np.zeros((60, 400), dtype=bool)
    ink[10:50, 20:44] = True  # "1"  (columns 20–44)
    ink[10:50, 50:74] = True  # "0"  (columns 50–74)
    ink[10:50, 80:112] = True  # "%": one unbroken run of columns 80–112, 32 px for a 40 px line
    # read as "1 0 9 % 6": the "9" and the "6" lie on the "%"'s ink
    glyphs = [
        Glyph("1", 20, 10, 44, 50, 95.0),
        Glyph("0", 50, 10, 74, 50, 95.0),
        Glyph("9", 80, 10, 92, 50, 60.0),
        Glyph("%", 92, 10, 104, 50, 80.0),
        Glyph("6", 104, 10, 112, 50, 55.0),
    ]
    out = reconcile_percent(glyphs, ink)
    assert [g.text for g in out] == ["1", "0", "%"]
    assert (out[2].x0, out[2].x1, out[2].confidence) == (80, 112, 55.0)  # its extent, its lowest confidence
    # a digit with its own ink before the "%" stays
    assert [g.text for g in reconcile_percent([glyphs[1], Glyph("%", 80, 10, 112, 50, 90.0)], ink)] == [
        "0",
        "%",
    ]
    # ink wider than one sign (60 px for a 30 px line) is not one "%"
    wide = np.zeros((60, 400), dtype=bool)
    wide[10:40, 80:140] = True
    pair = [Glyph("9", 80, 10, 110, 40), Glyph("%", 110, 10, 140, 40)]
    assert [g.text for g in reconcile_percent(pair, wide)] == ["9", "%"]


def test_chinese_punctuation_the_model_reads_in_ascii() -> None:
    from jixiao.importers.ocr import chinese_punctuation

    assert chinese_punctuation('对推动基建项目"四项制度"健全') == "对推动基建项目“四项制度”健全"
    assert chinese_punctuation("编制预算;审计") == "编制预算；审计"
    assert chinese_punctuation('"a";"b"') == '"a";"b"'  # no Chinese: left alone


def test_text_beside_a_title_is_a_piece_of_its_own() -> None:
    """A "单位：万元" low at the left of a centred title is read apart from it; a line of words with
    narrow gaps stays one piece."""
    from jixiao.importers.ocr import text_pieces

    ink = np.zeros((400, 2000), dtype=bool)
    ink[100:160, 800:1600] = True  # the title, 60 px high
    ink[150:190, 100:300] = True  # 单位：万元, its top above the title's bottom
    for x in range(100, 1900, 60):
        ink[300:340, x : x + 48] = True  # a line of characters 12 px apart
    pieces = text_pieces(ink, (0, 0, 2000, 400))
    # a band cut in pieces: each piece to its ink; a band alone: with 8 px of margin within the box
    assert [(p[0], p[2]) for p in pieces] == [(100, 300), (800, 1600), (100 - 8, 1888 + 8)]


def test_lines_of_text_in_a_cell() -> None:
    from jixiao.importers.ocr import text_lines

    one = np.zeros((80, 300), dtype=bool)
    for x in range(10, 290, 45):
        one[20:60, x : x + 36] = True  # one line of 40 px characters
    assert text_lines(one) == 1
    two = np.zeros((140, 300), dtype=bool)
    two[10:50, 10:290] = True
    two[70:110, 10:200] = True  # a second line 20 px lower
    assert text_lines(two) == 2
    lone_three = np.zeros((60, 60), dtype=bool)
    for y in (10, 25, 40):
        lone_three[y : y + 4, 10:50] = True  # a lone "三": bars, not three lines
    assert text_lines(lone_three) == 1


@needs_tesseract
def test_cells_read_one_image_each_by_one_run() -> None:
    """Several images handed to one Tesseract run come back as one hOCR page each, in order."""
    from jixiao.importers.ocr import Tesseract, parse_hocr_pages

    blank = Image.new("L", (200, 80), 255)
    digits = Image.new("L", (200, 80), 255)
    ImageDraw.Draw(digits).text((20, 20), "2024", fill=0, font_size=36)
    with Tesseract("test.png", parallel=1) as tess:
        job = tess.submit([digits, blank, digits], psm="7", languages="eng")
        pages = parse_hocr_pages(tess.result(job, time.monotonic() + 60))
    texts = {k: "".join(g.text for g in v) for k, v in pages.items()}
    assert texts.get(0) == "2024" and texts.get(2) == "2024" and not texts.get(1)
