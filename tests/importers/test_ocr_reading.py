"""OCR reading, cell by cell and character by character: short rulings inside bordered tables, cells
framed in white, one character read as two, quotation marks read as "?", words read with one
character wrong, a touching bracket beside a "%", and the gap before a flat character (issue 15)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from jixiao.importers import ocr
from jixiao.importers.positioned import Glyph


def _table_with_a_low_row(extra: list[tuple[int, int, int, int]]) -> Image.Image:
    """A table whose long outer border crosses every row; its first row is 45 px (3.8 mm) high."""
    image = Image.new("L", (1600, 700), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 145, 400, 600):
        draw.line([(100, y), (1400, y)], fill=0, width=3)
    for x in (100, 1400):
        draw.line([(x, 100), (x, 600)], fill=0, width=3)
    for box in extra:
        draw.rectangle(box, fill=0)
    return image


def _verticals_between(rules: list[Any], top: int, bottom: int) -> list[int]:
    return sorted(
        round((r.x0 + r.x1) / 2)
        for r in rules
        if not r.horizontal and r.top <= top + 5 and r.bottom >= bottom - 5
    )


def test_a_short_ruling_splits_a_low_row_of_a_bordered_table() -> None:
    """The line between "部门" and its value in a row 45 px high (shorter than MIN_RULE_MM) is a
    ruling although the table's border crosses the row; a bold stroke 10 px wide is not."""
    line = (500, 100, 502, 145)  # 3 px wide, from one horizontal line to the next
    stroke = (900, 100, 909, 145)  # 10 px wide: thicker than a ruling (0.5 mm = 6 px)
    rules, _ = ocr.ruling_lines(np.asarray(_table_with_a_low_row([line, stroke])), 300)
    xs = _verticals_between(rules, 101, 144)
    assert any(499 <= x <= 503 for x in xs)
    assert not any(895 <= x <= 912 for x in xs)
    # its cells: the low row is cut in two at x 500
    _, cells = ocr.cell_boxes(rules)
    low = sorted((x0, x1) for x0, top, x1, bottom in cells if top < 110 and bottom < 160)
    assert len(low) == 2 and abs(low[0][1] - 501) <= 3


def test_a_short_line_with_ink_beside_it_is_not_a_ruling() -> None:
    """A 3 px stem with a character's ink 4 px beside it all along (a bold character filling the row)."""
    stem = (500, 100, 502, 145)
    beside = (506, 108, 530, 138)
    rules, _ = ocr.ruling_lines(np.asarray(_table_with_a_low_row([stem, beside])), 300)
    assert not any(495 <= x <= 505 for x in _verticals_between(rules, 101, 144))


def test_cells_are_read_in_a_white_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cell's ink goes to the recogniser with _PAD white pixels on every side, even when the text
    fills the cell and its rulings leave no room (bold 未完成原因分析 read as 未元抱上原因人分析)."""
    submitted: list[np.ndarray] = []

    class Recorder:
        parallel = 1

        def submit(self, image: Image.Image | list[Image.Image], *, psm: str = "3") -> object:
            for one in image if isinstance(image, list) else [image]:
                submitted.append(np.asarray(one))
            return object()

    image = Image.new("L", (1600, 700), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 140, 400):
        draw.line([(100, y), (1400, y)], fill=0, width=3)
    for x in (100, 700, 1400):
        draw.line([(x, 100), (x, 400)], fill=0, width=3)
    for x in range(110, 680, 40):  # "characters" 32 px high in a row 37 px high between its lines
        draw.rectangle([(x, 105), (x + 30, 136)], fill=0)
    page = ocr.prepare_page(image, 1, Recorder())  # type: ignore[arg-type]
    assert len(submitted) == 1
    sent = submitted[0] < 128
    rows = np.flatnonzero(sent.any(axis=1))
    cols = np.flatnonzero(sent.any(axis=0))
    # the ink: rows 105..136 less what the whitened lines' margins took; columns 110..670
    assert rows[0] == ocr._PAD and sent.shape[0] - 1 - rows[-1] == ocr._PAD
    assert cols[0] == ocr._PAD and sent.shape[1] - 1 - cols[-1] == ocr._PAD
    # and its place: the framed image's origin is the ink's, less the frame
    (x0, _top, _, _) = page.sheets[0][1][0]
    assert x0 == 110 - ocr._PAD


def test_a_touching_bracket_stays_beside_a_percent_sign() -> None:
    """ "(%)" printed tight is one run of ink; its brackets are not parts of the "%" ("执行率(%)" was
    read "执行率%)")."""
    ink = np.zeros((60, 300), dtype=bool)
    ink[10:50, 100:150] = True  # "(%)": one unbroken run of columns 100–150 (1.25 line heights)
    glyphs = [
        Glyph("(", 100, 10, 112, 50, 99.0),
        Glyph("%", 112, 10, 138, 50, 99.0),
        Glyph(")", 138, 10, 150, 50),
    ]
    assert [g.text for g in ocr.reconcile_percent(glyphs, ink)] == ["(", "%", ")"]


def test_a_quotation_mark_read_as_a_question_mark() -> None:
    ink = np.zeros((80, 400), dtype=bool)
    ink[10:50, 20:60] = True  # 三 (rows 10–50)
    ink[10:50, 64:104] = True  # 公
    ink[10:22, 108:118] = True  # ” : ink in the top of the line
    ink[10:50, 122:162] = True  # 经
    ink[10:50, 250:262] = True  # a real "?" reaching the line's foot, between 费 and 吗
    ink[10:50, 206:246] = True
    ink[10:50, 266:306] = True
    glyphs = [
        Glyph("三", 20, 10, 60, 50, 95.0),
        Glyph("公", 64, 10, 104, 50, 95.0),
        Glyph("?", 108, 10, 118, 50, 96.0),
        Glyph("经", 122, 10, 162, 50, 95.0),
        Glyph("费", 206, 10, 246, 50, 95.0),
        Glyph("?", 250, 10, 262, 50, 90.0),
        Glyph("吗", 266, 10, 306, 50, 95.0),
    ]
    out = ocr.reconcile_quotes(glyphs, ink)
    assert [g.text for g in out] == ["三", "公", '"', "经", "费", "?", "吗"]
    assert (
        ocr.chinese_punctuation("".join(g.text for g in out[:4])) == "三公“经"
    )  # quotes stripped by the forms


def test_words_read_with_one_character_wrong() -> None:
    assert ocr.known_words("2013年“一公”经费财政拨款支出决算表") == "2013年“三公”经费财政拨款支出决算表"
    assert ocr.known_words("“王公”经费变动率") == "“三公”经费变动率"
    assert ocr.known_words("二公经费") == "三公经费"
    # a word that is one: left alone
    assert ocr.known_words("统一公经费") == "统一公经费"
    assert ocr.known_words("“三公”经费") == "“三公”经费"


def _two_on_one_run() -> tuple[np.ndarray, list[Glyph]]:
    ink = np.zeros((70, 400), dtype=bool)
    ink[10:58, 10:40] = True  # "3" (digits are not split characters)
    ink[10:58, 48:106] = True  # bold 年: one run 58 px wide for a 48 px line
    ink[10:58, 114:162] = True  # 度
    glyphs = [
        Glyph("3", 10, 10, 40, 58, 99.0),
        Glyph("和", 40, 10, 79, 58, 94.0),  # (1)  two characters on the run of 年
        Glyph("年", 78, 10, 116, 58, 84.0),  # (2)
        Glyph("度", 114, 10, 162, 58, 99.0),
    ]
    return ink, glyphs


def test_one_character_read_as_two_is_found() -> None:
    ink, glyphs = _two_on_one_run()
    # 和 (centre 59.5) and 年 (centre 97) both on columns 48–106, 58 px ≤ 1.4 × 48
    assert ocr.split_characters(glyphs, ink) == [(48, 106)]
    # each on its own run: no split
    assert ocr.split_characters([glyphs[0], glyphs[2], glyphs[3]], ink) == []
    # two characters touching (档案 in a bold title): one run 96 px wide for ink 48 px high, 96 > 1.4 × 48
    touching = np.zeros((70, 400), dtype=bool)
    touching[10:58, 100:196] = True
    pair = [Glyph("档", 100, 0, 148, 70, 99.0), Glyph("案", 148, 0, 196, 70, 99.0)]
    assert ocr.split_characters(pair, touching) == []


def test_one_character_read_as_two_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The piece is read again thinned; its one character on that run replaces the two."""
    ink, glyphs = _two_on_one_run()
    image = np.where(ink, 0, 255).astype(np.uint8)
    again = [
        Glyph("3", 10, 10, 40, 58, 99.0),
        Glyph("年", 50, 10, 104, 58, 97.0),
        Glyph("度", 114, 10, 162, 58),
    ]
    submitted: list[str] = []

    class Fake:
        def submit(self, image: Image.Image, *, psm: str, first: bool = False) -> str:
            submitted.append(psm)
            return "job"

        def result(self, job: str, end: float) -> str:
            return "<hocr/>"

    monkeypatch.setattr(ocr, "parse_hocr", lambda hocr: again)
    out = ocr.mend_split_characters(glyphs, image, Fake(), 0.0, "7")  # type: ignore[arg-type]
    assert [g.text for g in out] == ["3", "年", "度"] and submitted == ["7"]
    assert (out[1].x0, out[1].x1, out[1].confidence) == (
        40,
        116,
        97.0,
    )  # the two's extent, the new reading's confidence
    # a new reading with no single character there: the first reading stands
    monkeypatch.setattr(
        ocr, "parse_hocr", lambda hocr: [Glyph("千", 50, 10, 80, 58), Glyph("年", 80, 10, 104, 58)]
    )
    assert [g.text for g in ocr.mend_split_characters(glyphs, image, Fake(), 0.0, "7")] == [
        "3",
        "和",
        "年",
        "度",
    ]  # type: ignore[arg-type]
    # nothing split: not read again
    submitted.clear()
    assert ocr.mend_split_characters([glyphs[0], glyphs[2], glyphs[3]], image, Fake(), 0.0, "7") is not None  # type: ignore[arg-type]
    assert submitted == []


def test_the_gap_before_a_flat_character_is_closed() -> None:
    """ "一" has a box of its stroke's height (4 px): the gap before it is measured against the taller
    neighbour's line (41 px; 19 px < 2.5 × 41), so "人民政府一品街道" has no space."""
    glyphs = [Glyph("府", 1111, 434, 1153, 475, 99.0), Glyph("一", 1172, 451, 1194, 455, 99.0)]
    ocr._close_cjk_gaps(glyphs, 0, (), reach=ocr._CELL_REACH)
    assert glyphs[1].x0 == 1153


def test_a_lookalike_before_a_word_is_not_a_comparator() -> None:
    """ "三级指标" read "二级指标" stays a word: two bars of one length are "=" only before a figure."""
    ink = np.zeros((80, 300), dtype=bool)
    ink[20:24, 10:50] = True  # two bars of one length (an "=" or a 三 lost its middle bar)
    ink[40:44, 10:50] = True
    ink[10:50, 60:100] = True  # 级 / 9
    word = [Glyph("二", 10, 10, 50, 50, 80.0), Glyph("级", 60, 10, 100, 50, 99.0)]
    figure = [Glyph("二", 10, 10, 50, 50, 80.0), Glyph("9", 60, 10, 100, 50, 99.0)]
    assert [g.text for g in ocr.reconcile_comparators(word, ink)] == ["二", "级"]
    assert [g.text for g in ocr.reconcile_comparators(figure, ink)] == ["=", "9"]
