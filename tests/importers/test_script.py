"""Documents printed in traditional characters read as their simplified originals (importers.script)."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from jixiao.importers.api import import_bytes, import_file
from jixiao.importers.blocks import Cell, Document, Loc, Paragraph, Table
from jixiao.importers.script import GLOSS_NOTE, NOTE, is_traditional, simplify, unglossed

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "src/jixiao/data/seeds").glob("*.txt"))
REAL = [
    ROOT / "tests/corpus/real/dev/sc-meishan-qingshen-fgj-2023-project/document.txt",
    ROOT / "tests/corpus/real/dev/sc-dazhou-quxian-nongji-2024-final/document.txt",
]
_S2T = opencc.OpenCC("s2t.json")


def _content(packages: list) -> list[dict]:
    return [p.model_dump(mode="json", exclude={"documents"}) for p in packages]


@pytest.mark.parametrize("path", SEEDS + REAL, ids=lambda p: p.parent.name + "/" + p.name[:12])
def test_a_traditional_copy_reads_exactly_what_the_original_reads(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    traditional = _S2T.convert(original)
    assert traditional != original  # the copy really is in other characters (35-40 % of them)
    expected = import_file(path)
    got = import_bytes(traditional.encode("utf-8"), path.name)
    assert _content(got) == _content(expected)
    assert all(NOTE in (doc.conversion or "") for p in got for doc in p.documents if doc.id == path.stem)


def test_a_simplified_document_is_left_as_printed() -> None:
    packages = import_file(SEEDS[0])
    assert all(doc.conversion is None for p in packages for doc in p.documents)


def test_detection_needs_a_share_of_traditional_characters() -> None:
    # 23 CJK characters, 1 of them traditional (資): 1 changed, fewer than the minimum of 8 → not converted
    assert not is_traditional("项目资金总额全年预算数执行率得分分值偏差原因資")
    # "項目資金總額" : 項→项 資→资 總→总 額→额 = 4 changed, below the minimum of 8
    assert not is_traditional("項目資金總額")
    # 年度資金總額 全年預算數 執行率 績效 評價: 資 總 額 預 數 執 績 評 價 = 9 of 18 changed (50 %)
    assert is_traditional("年度資金總額全年預算數執行率績效評價")


def test_simplify_converts_cells_titles_and_paragraphs_in_place() -> None:
    doc = Document(
        id="d",
        kind="txt",
        blocks=[
            Paragraph("項目支出績效自評表（2023年度）", Loc(line=1)),
            Table(rows=[[Cell("年度資金總額", Loc(row=1)), Cell("12.5", Loc(row=1))]], title="預算執行"),
        ],
    )
    assert simplify(doc)
    assert doc.blocks[0].text == "项目支出绩效自评表（2023年度）"  # type: ignore[union-attr]
    table = doc.blocks[1]
    assert isinstance(table, Table)
    assert [c.text for c in table.rows[0]] == ["年度资金总额", "12.5"]  # the number untouched
    assert table.title == "预算执行"


def test_pinyin_glosses_of_a_mirror_are_removed_from_cells_and_sentences() -> None:
    doc = Document(
        id="d",
        kind="txt",
        blocks=[
            Paragraph("“三公”經(jīng)費(fèi)支出合計(jì)35萬元", Loc(line=1)),
            Table(rows=[[Cell("公務(wù)用車(chē)運行費", Loc(row=1)), Cell("12.5", Loc(row=1))]]),
        ],
    )
    # 經 費 計 萬 + 務 車 運 費 = 8 of the 17 CJK characters traditional (47 %; ≥ 8 changed)
    assert simplify(doc)
    assert unglossed(doc)  # 6 glosses, each with a tone mark (≥ 3)
    assert doc.blocks[0].text == "“三公”经费支出合计35万元"  # type: ignore[union-attr]
    table = doc.blocks[1]
    assert isinstance(table, Table)
    assert table.rows[0][0].text == "公务用车运行费"


def test_a_lone_letter_in_brackets_is_not_a_gloss() -> None:
    doc = Document(
        id="d", kind="txt", blocks=[Paragraph("项目(a)、项目(b)、项目(c)：资金(万元)", Loc(line=1))]
    )
    assert not unglossed(doc)  # no tone mark: enumerations, not pinyin
    assert doc.blocks[0].text == "项目(a)、项目(b)、项目(c)：资金(万元)"  # type: ignore[union-attr]


def test_a_glossed_traditional_copy_reads_what_the_original_reads() -> None:
    path = SEEDS[1]
    original = path.read_text(encoding="utf-8")
    # a gloss after every 费 and 经 as the mirrors print them: 經(jīng) 費(fèi)
    glossed = _S2T.convert(original).replace("經", "經(jīng)").replace("費", "費(fèi)")
    assert glossed.count("(fèi)") >= 3
    got = import_bytes(glossed.encode("utf-8"), path.name)
    assert _content(got) == _content(import_file(path))
    conversions = [doc.conversion or "" for p in got for doc in p.documents if doc.id == path.stem]
    assert conversions and all(NOTE in c and GLOSS_NOTE in c for c in conversions)
