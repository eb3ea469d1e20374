"""OFD (GB/T 33190): text with positions, tables from PathObject rulings, hostile packages refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jixiao.importers import DocumentError, ImportLimits, import_bytes, import_file, summary
from jixiao.importers.blocks import Paragraph, Table
from jixiao.importers.ofd_reader import _deltas, read_ofd

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "corpus" / "formats" / "001_a74d644552a354b1"
NS = "http://www.ofdspec.org/2016"


def _ofd(content: str, *, extra: dict[str, bytes] | None = None, template: str | None = None) -> bytes:
    buf = io.BytesIO()
    tpl_decl = '<ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "OFD.xml",
            f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>{tpl_decl}</ofd:CommonData>'
            f'<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        )
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", content)
        if template:
            zf.writestr("Doc_0/Tpls/Tpl_0/Content.xml", template)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def _text(x: float, y: float, text: str, size: float = 4.0, delta: str | None = None) -> str:
    dx = f' DeltaX="{delta}"' if delta is not None else ""
    return (
        f'<ofd:TextObject ID="1" Boundary="{x} {y} {size * len(text) + 1} {size + 1}" Font="1" Size="{size}">'
        f'<ofd:TextCode X="0" Y="{size}"{dx}>{text}</ofd:TextCode></ofd:TextObject>'
    )


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    w, h = max(x1 - x0, 0.1), max(y1 - y0, 0.1)
    return (
        f'<ofd:PathObject ID="2" Boundary="{x0} {y0} {w} {h}" LineWidth="0.2">'
        f"<ofd:AbbreviatedData>M 0 0 L {x1 - x0} {y1 - y0}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _page(*objects: str) -> str:
    return f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="3">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'


def test_deltas_with_g_repeats() -> None:
    assert _deltas("g 3 2.5 1", 5) == [2.5, 2.5, 2.5, 1.0]
    assert _deltas("1 2 3", 2) == [1.0, 2.0]


def test_a_ruled_table_and_a_title() -> None:
    # a 2 x 2 grid from 20..120 x 40..60 mm with a title above it
    rules = [_line(20, 40, 120, 40), _line(20, 50, 120, 50), _line(20, 60, 120, 60)]
    rules += [_line(20, 40, 20, 60), _line(70, 40, 70, 60), _line(120, 40, 120, 60)]
    texts = [
        _text(30, 20, "绩效自评表", size=6),
        _text(22, 42, "年初预算数"),
        _text(72, 42, "全年执行数"),
        _text(22, 52, "354.83", delta="g 5 2"),
        _text(72, 52, "444.24", delta="g 5 2"),
    ]
    doc = read_ofd(_ofd(_page(*rules, *texts)), "t", where="t.ofd")
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "绩效自评表"
    table = doc.blocks[1]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["年初预算数", "全年执行数"],
        ["354.83", "444.24"],
    ]
    assert table.rows[1][1].loc.page == 1 and table.rows[1][1].loc.table == "表1"


def test_template_content_is_read_too() -> None:
    template = _page(_text(20, 10, "模板页眉"))
    content = f'<ofd:Page xmlns:ofd="{NS}"><ofd:Template TemplateID="9"/><ofd:Content><ofd:Layer ID="3">{_text(20, 30, "正文")}</ofd:Layer></ofd:Content></ofd:Page>'
    doc = read_ofd(_ofd(content, template=template), "t", where="t.ofd")
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["模板页眉", "正文"]


def test_seed_ofd_gives_the_text_pdf_figures() -> None:
    pdf = summary(import_file(ROOT / "tests" / "corpus" / "samples" / "001_a74d644552a354b1.pdf")[0], "x")
    ofd_package = import_file(SEED / "document.ofd")[0]
    ofd = summary(ofd_package, "x")
    keys = [k for k, v in pdf.items() if v is not None and k != "path"]
    assert {k: ofd[k] for k in keys} == {k: pdf[k] for k in keys}
    assert ofd_package.documents[0].reader == "OFD（GB/T 33190）"


# --- bad and hostile -------------------------------------------------------------------------------


def _error(data: bytes, limits: ImportLimits | None = None) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        import_bytes(data, "bad.ofd", limits=limits)
    return info.value


def test_not_an_ofd_package() -> None:
    err = _error(b"\x00\x01garbage" * 100)
    assert "无法读取" in err.what


def test_truncated_ofd() -> None:
    data = (SEED / "document.ofd").read_bytes()
    err = _error(data[: len(data) // 2])
    assert "损坏" in err.what or "无法读取" in err.what


def test_missing_docroot() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("OFD.xml", f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody/></ofd:OFD>')
    assert "DocRoot" in _error(buf.getvalue()).what


def test_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer>&b;</ofd:Layer></ofd:Content></ofd:Page>'
    )
    assert "不安全" in _error(_ofd(bomb)).what


def test_zip_bomb_is_refused() -> None:
    data = _ofd(_page(_text(10, 10, "2024年度")), extra={"Doc_0/Res/big.bin": b"\x00" * (3 * 1024 * 1024)})
    err = _error(data, ImportLimits(max_uncompressed_bytes=1024 * 1024))
    assert "压缩炸弹" in err.what


def test_image_only_ofd() -> None:
    err = _error(_ofd(_page(_line(10, 10, 100, 10))))
    assert "没有文字" in err.what
