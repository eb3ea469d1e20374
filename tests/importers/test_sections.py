"""The section tree of a narrative report, on small texts shaped like the seeds (read by hand)."""

from __future__ import annotations

import pytest

from jixiao.importers.sections import chinese_value, heading_of, split_heading
from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text
from jixiao.model import Report, ReportSection


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、基本情况", (1, "一", "基本情况")),
        ("十、 其他需要说明的问题", (1, "十", "其他需要说明的问题")),
        ("（一）单位基本情况", (2, "（一）", "单位基本情况")),
        ("(一) 内设机构设置。", (2, "(一)", "内设机构设置。")),  # brackets as printed
        # （1） is the level under 1． (GB/T 9704); a "（2）" opening no list is placed at （一）'s level
        ("（2） 部门支出规模", (4, "（2）", "部门支出规模")),
        ("1．项目资金到位及使用情况", (3, "1．", "项目资金到位及使用情况")),  # full-width point kept
        ("1、前期准备。", (3, "1", "前期准备。")),
        ("5、 存在的主要问题", (3, "5", "存在的主要问题")),
        ("2024 年基本支出", None),
        ("项目组织实施情况分析", None),
    ],
)
def test_heading_of(text: str, expected: tuple[int, str, str] | None) -> None:
    assert heading_of(text) == expected


@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("（3）", 3),
        ("1．", 1),
        ("x", None),
    ],
)
def test_chinese_value(number: str, value: int | None) -> None:
    assert chinese_value(number) == value


@pytest.mark.parametrize(
    ("level", "body", "heading", "rest"),
    [
        # a short title before a colon (seed 001 line 424)
        (
            "2",
            "部门中长期绩效目标和年度绩效目标：贯彻执行上级政策。",
            "部门中长期绩效目标和年度绩效目标",
            "贯彻执行上级政策。",
        ),
        # a (一) item with a short lead before the first comma (seed 000 line 673)
        (
            "2",
            "运行成本方面，严格执行规定，切实降低成本。坚持节约。",
            "运行成本方面",
            "严格执行规定，切实降低成本。坚持节约。",
        ),
        # a long lead: the first sentence is the heading, as printed (seed 001 line 422)
        (
            "2",
            "部门整体支出444.24万元，主要用于工资福利支出等。",
            "部门整体支出444.24万元，主要用于工资福利支出等。",
            "",
        ),
        # a title line without a full stop stays whole (seed 001 line 811)
        ("2", "规范支付管理，待遇发放有新突破", "规范支付管理，待遇发放有新突破", ""),
        # arabic items cut at the first full stop, not at a comma (seed 001 line 813)
        (
            "3",
            "及时审批待遇，做好养老金按时足额发放工作。今年新增9816人。",
            "及时审批待遇，做好养老金按时足额发放工作",
            "今年新增9816人。",
        ),
        # a short title closed by a full stop loses it (seed 001 line 449)
        ("3", "前期准备。", "前期准备", ""),
    ],
)
def test_split_heading(level: str, body: str, heading: str, rest: str) -> None:
    assert split_heading(int(level), body) == (heading, rest)


def _report(text: str) -> Report:
    package = structure(read_text(text, "t"), strict=True)[0]
    assert package.reports, "no report found"
    return package.reports[0]


def _tree(sections: list[ReportSection], depth: int = 0) -> list[tuple[int, str | None, str, int | None]]:
    out: list[tuple[int, str | None, str, int | None]] = []
    for s in sections:
        out.append((depth, s.number, s.heading, s.line))
        out.extend(_tree(s.subsections, depth + 1))
    return out


WORD_REPORT = """某县社会保险服务中心2024年度部门整体支出绩效报告
为规范管理，现将情况报告如下：
一、部门概况
（一）部门基本情况
本中心共有编制人数32人，实有人数27人。
（二）项目支出
1、项目资金共70.65万元，均为财政资金。
2、项目资金实际使用情况：补助24.65万元。
二、存在的问题
1、预算编制有待细化。
2、内控制度有待改进。
项目组织实施情况分析
（一）规范支付管理，待遇发放有新突破
1.及时审批待遇，做好发放工作。今年新增审批9816人。
附件：1. 2024年度部门整体支出绩效自评表
2. 2024年度项目支出绩效自评表
某县社会保险服务中心
2025年4月30日
附件2
后面的表不属于报告
"""


def test_word_report_tree() -> None:
    report = _report(WORD_REPORT)
    # by hand: line 2 is the preface; 二's items are untitled one-sentence lines, so they stay its
    # text; 项目资金实际使用情况 has a title, so 一（二）'s items are subsections; line 12 is an
    # unnumbered title over （一）; 附件 list, signature and date close the report at line 18.
    assert _tree(report.sections) == [
        (0, None, "", 2),
        (0, "一", "部门概况", 3),
        (1, "（一）", "部门基本情况", 4),
        (1, "（二）", "项目支出", 6),
        (2, "1", "项目资金共70.65万元，均为财政资金。", 7),
        (2, "2", "项目资金实际使用情况", 8),
        (0, "二", "存在的问题", 9),
        (0, None, "项目组织实施情况分析", 12),
        (1, "（一）", "规范支付管理，待遇发放有新突破", 13),
        (2, "1", "及时审批待遇，做好发放工作", 14),
    ]
    assert report.sections[0].text == "为规范管理，现将情况报告如下："
    assert report.sections[2].text == "1、预算编制有待细化。\n2、内控制度有待改进。"
    assert report.sections[1].subsections[1].subsections[1].text == "补助24.65万元。"
    assert report.attachments == ["1. 2024年度部门整体支出绩效自评表", "2. 2024年度项目支出绩效自评表"]
    assert report.signed_by == "某县社会保险服务中心"
    assert report.date == "2025年4月30日"
    assert report.sources["attachments"].line == 15
    assert report.sources["date"].line == 18
    assert "后面的表" not in report.full_text()


def test_table_inside_the_text_stays_text() -> None:
    text = """某中心2024年度部门整体支出绩效评价报告
一、支出情况
2．“三公经费”支出使用和管理情况
项目
2023 年
决算数
1.因公出国（境）费 0 0 0
2.公务用车购置及运
行维护费
0 0 0
合计 2.77 0.4 4
从上表可以看出：控制较好。
"""
    report = _report(text)
    # by hand: the numbered rows carry figures, so they are table rows, not headings
    assert _tree(report.sections) == [(0, "一", "支出情况", 2), (1, "2．", "“三公经费”支出使用和管理情况", 3)]
    assert report.sections[0].subsections[0].text.split("\n") == [
        "项目 2023 年决算数",
        "1.因公出国（境）费 0 0 0",
        "2.公务用车购置及运行维护费 0 0 0",
        "合计 2.77 0.4 4",
        "从上表可以看出：控制较好。",
    ]


def test_bulleted_one_sentence_items_stay_text() -> None:
    text = """2022年度
某中心 单位概况
一、 部门职责
- (一) 认真贯彻执行有关法律、法规、政策。
- (二) 负责本区养老保险工作。
二、 机构设置
- (一) 内设机构设置。内设科室 6 个。
第二部分
"""
    report = _report(text)
    assert _tree(report.sections) == [
        (0, "一", "部门职责", 3),
        (0, "二", "机构设置", 6),
        (1, "(一)", "内设机构设置", 7),
    ]
    assert report.sections[0].text == "(一) 认真贯彻执行有关法律、法规、政策。\n(二) 负责本区养老保险工作。"
    assert report.sections[1].subsections[0].text == "内设科室 6 个。"


def test_an_arabic_list_under_a_chinese_one_is_nested_and_a_stray_arabic_number_is_not() -> None:
    text = "\n".join(
        [
            "某单位2022年度部门整体支出绩效自评报告",
            "一、基本情况",
            "（一）机构设置",
            "（1）内设科室六个。",
            "（2）下属单位两个。",
            "（二）人员情况",
            "（3）编制39人。",
        ]
    )
    # （1）（2） open a list under （一）; （3） after （二） opens none: a slip in the （一） list (FMT)
    assert [(d, n) for d, n, _, _ in _tree(_report(text).sections)] == [
        (0, "一"),
        (1, "（一）"),
        (2, "（1）"),
        (2, "（2）"),
        (1, "（二）"),
        (1, "（3）"),
    ]
