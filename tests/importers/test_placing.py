"""Placing a document: the unit that wrote it, not a name a sentence refers to (issue 16, part 5)."""

from __future__ import annotations

from jixiao.importers.api import import_bytes


def _unit(text: str) -> str:
    (package,) = import_bytes(text.encode("utf-8"), "说明.txt")
    return package.unit.name


def test_a_town_that_reports_its_own_figures_is_the_unit() -> None:
    text = (
        "按照市政府、区政府关于推进政府信息公开工作部署和要求,现将焦石镇2020年度“三公”经费决算情况公布如下:\n"
        "2020年度镇本级“三公”经费41万元。\n"
    )
    assert _unit(text) == "焦石镇"  # 3 characters, named before its year in "现将…公布如下"


def test_a_ministry_a_note_refers_to_is_not_the_unit() -> None:
    text = (
        "2015年“三公”经费预算情况说明\n"
        "注:按照财政部和部门预算管理的有关规定,“三公”经费包括因公出国(境)经费、公务用车购置及运行费和公务接待费。\n"
    )
    assert _unit(text) != "按照财政部"  # a name after 按照 is what the sentence refers to
