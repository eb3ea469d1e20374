"""Form layouts as data (src/jixiao/data/forms): the bundled specs are valid, a bad file is refused
in Chinese naming the file, a variant restates only what differs, and the recogniser picks the
variant whose header words a grid prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.importers.blocks import Cell, Loc
from jixiao.importers.forms import choose_spec, funds_header, indicator_header
from jixiao.layouts import header_key, lint, load_specs, spec
from jixiao.layouts.spec import FormSpecError
from jixiao.model import Scope


def test_the_bundled_specs_lint_clean_and_cite_their_source() -> None:
    assert lint() == []
    for s in load_specs():
        assert s.source.title.strip()


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("全年执行数（万元）", "全年执行数"),
        ("产出指标(50分)", "产出指标"),
        ("其中：当年财政拨款", "当年财政拨款"),
        ("得分 (分值 ×执行", "得分"),  # a header cut off inside its annotation (seed 004)
        ("年度资金总额:", "年度资金总额"),
        ("1、公务用车购置和维护经费", "公务用车购置和维护经费"),
    ],
)
def test_printed_headers_are_compared_without_annotations(printed: str, key: str) -> None:
    assert header_key(printed) == key


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


BASE = """
id: self-evaluation/base
family: self-evaluation
scope: project
name: 测试表
source: {title: 测试来源}
title: [测试表]
indicators:
  columns:
    name: [三级指标]
    target: [指标值]
    max_score: [分值]
"""


def test_a_variant_restates_only_what_differs(tmp_path: Path) -> None:
    _write(tmp_path, "self-evaluation/base.yaml", BASE)
    _write(
        tmp_path,
        "self-evaluation/variant.yaml",
        "extends: self-evaluation/base\nname: 变体\nsource: {title: 变体来源}\n"
        "indicators:\n  columns:\n    max_score: {words: {add: [权重]}}\n",
    )
    variant = {s.id: s for s in load_specs(tmp_path)}["self-evaluation/variant"]
    assert variant.indicators is not None
    assert variant.indicators.columns["max_score"].words == ["分值", "权重"]  # the parent's, then the added
    assert variant.indicators.columns["target"].words == ["指标值"]  # inherited unchanged


def test_a_bad_spec_is_refused_in_chinese_naming_the_file(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "self-evaluation/bad.yaml",
        BASE.replace("id: self-evaluation/base", "id: self-evaluation/bad") + "colour: red\n",
    )
    with pytest.raises(FormSpecError, match=r"bad\.yaml"):
        load_specs(tmp_path)
    _write(tmp_path, "self-evaluation/bad.yaml", "id: self-evaluation/bad\nextends: self-evaluation/none\n")
    problems = lint(tmp_path)
    assert problems and "bad.yaml" in problems[0] and "不存在" in problems[0]


def test_a_word_claimed_by_two_columns_is_a_lint_problem(tmp_path: Path) -> None:
    _write(tmp_path, "self-evaluation/base.yaml", BASE.replace("target: [指标值]", "target: [指标值, 分值]"))
    assert any("同时属于" in p for p in lint(tmp_path))


def _row(*texts: str) -> list[Cell]:
    return [Cell(t, Loc(row=1, column=str(i + 1))) for i, t in enumerate(texts)]


def test_headers_are_found_in_any_column_order() -> None:
    # a provincial order: 分值 before 指标值, 完成值 for 实际完成值
    row = _row("一级指标", "二级指标", "三级指标", "分值", "指标值", "完成值", "得分")
    cols = indicator_header(row)
    assert cols is not None
    assert (cols.get("name"), cols.get("max_score"), cols.get("target"), cols.get("actual")) == (2, 3, 4, 5)
    funds = funds_header(_row("项目资金", "年初预算数", "调整后预算数", "实际支出", "权重", "执行率", "得分"))
    assert funds is not None and (funds["annual_budget"], funds["executed"], funds["max_score"]) == (2, 3, 4)


def test_the_variant_whose_words_a_grid_prints_is_chosen() -> None:
    sichuan = [
        _row(
            "绩效指标(90分)",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
        ),
    ]
    national = [
        _row(
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        )
    ]
    assert choose_spec(sichuan, Scope.PROJECT)[0].id == "self-evaluation/sichuan-project-2023"
    assert choose_spec(national, Scope.PROJECT)[0].id == "self-evaluation/project-national-2020"
    assert spec("self-evaluation/sichuan-project-2023").weights == "own"


def test_a_variant_that_only_adds_words_does_not_take_the_national_form() -> None:
    from jixiao.layouts import header_key
    from jixiao.layouts.spec import best_spec

    national = [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "偏差原因分析及改进措施",
        "预期目标",
        "实际完成情况",
    ]
    assert best_spec(map(header_key, national), "overall")[0].id == "self-evaluation/overall-national"
    chongqing = [
        "年初预算数",
        "全年(调整)预算数",
        "全年执行数",
        "执行率(%)",
        "执行率权重",
        "执行率得分(分)",
        "指标名称",
        "年初指标值",
        "全年完成值",
        "指标权重(分)",
        "指标得分(分)",
    ]
    assert best_spec(map(header_key, chongqing), "overall")[0].id == "self-evaluation/chongqing-overall"


@pytest.mark.parametrize(
    ("heading", "level2"),
    [
        ("进度指标", "timeliness"),
        ("时效指标", "timeliness"),
        ("质量指标", "quality"),
        ("经济效益指标", "economic"),
    ],
)
def test_level2_headings_other_provinces_print(heading: str, level2: str) -> None:
    from jixiao.layouts import is_level2_label, level2_of

    assert is_level2_label(heading)
    assert level2_of(heading).value == level2


def test_a_one_budget_header_names_the_annual_budget_and_a_sideways_header_its_total() -> None:
    one = _row("预算执行情况", "", "预算数（A）", "执行数（B）", "执行率（B/A）")
    assert funds_header(one) == {"annual_budget": 2, "executed": 3, "rate": 4}
    early = _row("项目资金", "年初预算数", "执行数", "执行率")
    assert funds_header(early) == {"initial_budget": 1, "executed": 2, "rate": 3}  # 年初 stays 年初
    texts = [
        "项目资金",
        "来源",
        "中央（万元）",
        "省、地（万元）",
        "本级（万元）",
        "其他（万元）",
        "合计（万元）",
    ]
    sideways = _row(*texts, "执行数（万元）", "执行率")
    assert funds_header(sideways) == {"annual_budget": 6, "executed": 7, "rate": 8}


def test_a_header_tells_its_scope_only_by_columns_one_scope_declares() -> None:
    """指标性质 / 度量单位 are declared by project specs only (the 四川 form) and so make a headless
    fragment a project form; the words both scopes print (一级指标, 标准分, 备注 …) tell nothing,
    however many of them a header has — the variants' combined header prints 年度绩效目标 and 备注,
    overall words, beside 指标性质 and was read as an overall form by comparing shares of roles."""
    from jixiao.layouts.spec import scope_by_header

    shared = ["一级指标", "二级指标", "三级指标", "标准分", "实际得分", "目标值", "全年实际值"]
    assert scope_by_header([*shared, "指标性质", "度量单位", "年度绩效目标", "备注"]) == "project"
    assert scope_by_header([*shared, "计量单位"]) == "project"
    assert scope_by_header(shared) is None
    assert scope_by_header([*shared, "年度绩效目标", "备注"]) is None
