"""The figure engine on the 三公 / 预算 disclosures added to ``tests/corpus/real/dev`` on 2026-12-07.

Each sentence comes from a folder named beside it, written right (the arithmetic in the comment); the
tests after the table put the document's own slip back and expect the finding at its line.
"""

from __future__ import annotations

import pytest

from jixiao.audit import Severity, check_package
from jixiao.figures import Sentence, read_text
from jixiao.figures.subjects import stated_grades, stated_scores
from jixiao.model import EvaluationPackage, Report, ReportSection, Unit

from .test_wordings import relations, show


def relations_of(sentence: Sentence) -> list[str]:
    return [x for r in sentence.relations if (x := show(r)) is not None]


CASES: list[tuple[str, list[str]]] = [
    (  # cq-fuling-jiaoshi: a part's own split in brackets is not a part of the list: 0 + 21 + 20 = 41
        "2020年度“三公”经费41万元,其中:因公出国(境)费0万元,公务用车购置及运行维护费21万元"
        "(公务用车购置费0万元、公务用车运行维护费21万元),公务接待费20万元。",
        ["Total 41万元 = 0万元 + 21万元 + 20万元"],
    ),
    (  # a 其中 sentence after its whole: a part's split in brackets is not a part either: 0 + 6 + 4 = 10
        "2024年“三公”经费预算数为10万元，比2023年预算减少2万元。其中：因公出国（境）费0万元，与上年持平；"
        "公务用车购置及运行费6万元，比上年减少1万元（公务用车购置费0万元、公务用车运行费6万元）；公务接待费4万元，"
        "比上年减少1万元。",
        [
            "Change down now=10万元 amount=2万元 rate=None base=None",
            "Change flat now=0万元 amount=None rate=None base=None",
            "Change down now=6万元 amount=1万元 rate=None base=None",
            "Change down now=4万元 amount=1万元 rate=None base=None",
            "Total 10万元 = 0万元 + 6万元 + 4万元",
        ],
    ),
    (  # cq-fuling-jiaoshi, written right: a change against this year's 年初预算 beside one against last
        # year: 19 ÷ (41 + 19) = 31.67 %; 4 ÷ (41 + 4) = 8.89 %
        "2020年度镇本级“三公”经费41万元,较上年减少19万元,下降31.67% ,较年初预算数减少4万元,下降8.89%。",
        [
            "Change down now=41万元 amount=19万元 rate=31.67% base=None",
            "Change down now=41万元 amount=4万元 rate=8.89% base=None",
        ],
    ),
    (  # yn-diqing: the budget printed after 较预算数 is the base; the current figure is 209, not the
        # earlier comparison's base 251: 251 − 209 = 42, 42 ÷ 251 = 16.7 % → 17 %; 209 − 62 = 147,
        # 147 ÷ 62 = 237.1 % → 237 %
        "公务用车购置费209万元,较上年251万元减少42万元,下降17%,较预算数62万元增加147万元,增长237%。",
        [
            "Change down now=209万元 amount=42万元 rate=17% base=251万元",
            "Change up now=209万元 amount=147万元 rate=237% base=62万元",
        ],
    ),
    (  # yn-diqing: the bases of comparisons inside a 其中 are not its parts: 209 + 803 = 1012
        "公务用车购置及运行维护费为1012万元,较上年1024万元减少12万元,下降1%(其中:公务用车购置费209万元,"
        "较上年251万元减少42万元;公务用车运行维护费803万元,较上年773万元增加30万元)。",
        [
            "Total 1012万元 = 209万元 + 803万元",
            "Change down now=1012万元 amount=12万元 rate=1% base=1024万元",
            "Change down now=209万元 amount=42万元 rate=None base=251万元",
            "Change up now=803万元 amount=30万元 rate=None base=773万元",
        ],
    ),
    (  # cq-fuling-qingxi: 与…预算相比 with the year: 2.01 ÷ (14.01 − 2.01) = 16.75 %
        "2024年一般公共预算“三公”经费支出预算为14.01万元,与2023年预算相比增加2.01万元,增长16.75%。",
        ["Change up now=14.01万元 amount=2.01万元 rate=16.75% base=None"],
    ),
    (  # a change without 比 / 较, its base a year's figure between: 3 − 2 = 1, 1 ÷ 3 = 33.33 %
        "公务接待费2万元，上年为3万元，减少1万元，下降33.33%。",
        ["Change down now=2万元 amount=1万元 rate=33.33% base=3万元"],
    ),
    (  # a change without 比 / 较 right after its figure: 100 ÷ (1500 − 100) = 7.14 %
        "本年收入合计1500万元，增加100万元，增长7.14%。",
        ["Change up now=1500万元 amount=100万元 rate=7.14% base=None"],
    ),
    (  # "收、支总计均为…" then "收、支总计各增加…": the change of the joint total: 120.5 ÷ 1402.76 = 8.59 %
        "2023年度收、支总计均为1523.26万元。与2022年相比，收、支总计各增加120.5万元，增长8.59%。",
        ["Change up now=1523.26万元 amount=120.5万元 rate=8.59% base=None"],
    ),
    (  # rates listed after 分别占, in the order of the parts: 800 ÷ 1180 = 67.80 %, 380 ÷ 1180 = 32.20 %
        "本年支出合计1180万元，其中基本支出800万元、项目支出380万元，分别占67.8%、32.2%。",
        [
            "Total 1180万元 = 800万元 + 380万元",
            "Share 800万元/1180万元 = 67.8%",
            "Share 380万元/1180万元 = 32.2%",
        ],
    ),
    (  # the execution rate after the 到位率 takes the sentence's one budget: 95 ÷ 100 = 95 %
        "项目预算资金100万元，实际到位100万元，到位率100%，实际支出95万元，执行率95%。",
        ["Completion 100万元/100万元 = 100%", "Completion 95万元/100万元 = 95%"],
    ),
    (  # cq-tongliang-xiaolin, written right: 由…构成, in the sentence after its whole and after a comma:
        # 111.11 + 1756.37 = 1867.48; 1867.48 + 0 = 1867.48
        "全镇一般公共预算财力1,867.48万元。由一般公共预算收入111.11万元,加上级补助收入、上年结余等1,756.37万元构成。"
        "支出总计1,867.48万元,由一般公共预算支出1,867.48万元,加上解支出、结转下年等0万元等构成,当年收支平衡。",
        [
            "Total 1867.48万元 = 111.11万元 + 1756.37万元",
            "Total 1867.48万元 = 1867.48万元 + 0万元",
        ],
    ),
    (  # ah-chizhou-tangxi as its PDF gives it: a line broken inside a word after a ；-list is one sentence:
        # 30 + 30 + 29.99 = 89.99
        "本项目共完成预算资金89.99万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项\n目审计;"
        "29.99万元用于基建工程项目设计、规划、测绘。",
        ["Total 89.99万元 = 30万元 + 30万元 + 29.99万元"],
    ),
    (  # staffing in other words: 编制 in 个, 实有 as 现有在职 / 实际在岗
        "单位编制30个，现有在职职工28人，退休人员5人。",
        ["Staffing 30个/28人/5人"],
    ),
    (  # two 编制 figures and no total of them: no authorised figure is taken (10 + 20 would be a guess)
        "核定行政编制10名、事业编制20名，实际在岗人数28名。",
        ["Staffing None/28名/None"],
    ),
    (  # gd-zhanjiang-zjj, as the importer gives it (script converted): the mirror's pinyin glosses go
        "公务(wù)接待费(fèi)4万(wàn)元,比上年减少2万(wàn)元。",
        ["Change down now=4万元 amount=2万元 rate=None base=None"],
    ),
    (  # gd-zhanjiang-xcb: 其中 after a sentence that ends on its change: the parts are of 35, not of
        # 2.28: 0 + 5 + 30 = 35
        "2017年湛江市委宣传部“三公”经(jīng)费(fèi)支出合计(jì)35万(wàn)元,比上年减少2.28万(wàn)元。"
        "其中:因公出国(guó)(境)费(fèi) 0 万(wàn)元;购(gòu)置及运(yùn)行维护(hù)费(fèi)5万(wàn)元;公务(wù)接待费(fèi)30万(wàn)元。",
        [
            "Change down now=35万元 amount=2.28万元 rate=None base=None",
            "Total 35万元 = 0万元 + 5万元 + 30万元",
        ],
    ),
]


def test_two_figures_of_a_joint_subject_take_their_sides_and_their_changes() -> None:
    # sc-dyrmt-2022-final: 收入总计 4125.49 (its unit printed after the second figure), 支出总计 4143.91;
    # 1267.86 ÷ (4125.49 + 1267.86) = 23.51 %; 2570.97 ÷ (4143.91 + 2570.97) = 38.29 % (printed 38.28)
    sentences = read_text(
        "2022年度收、支总计各是4125.49,4143.91万元。"
        "与2021年相比,收、支总计各减少1267.86,2570.97万元,各下降23.51%、38.28%。"
    )
    assert [(q.label, str(q.value), q.unit) for q in sentences[0].quantities] == [
        ("收入总计", "4125.49", "万元"),
        ("支出总计", "4143.91", "万元"),
    ]
    assert relations_of(sentences[1]) == [
        "Change down now=4125.49万元 amount=1267.86万元 rate=23.51% base=None",
        "Change down now=4143.91万元 amount=2570.97万元 rate=38.28% base=None",
    ]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_relations_in_disclosure_wordings(text: str, expected: list[str]) -> None:
    assert relations(text) == expected


def _found(text: str) -> list[tuple[str, int | None, object]]:
    report = Report(
        kind="document_text",
        title="正文",
        sections=[ReportSection(number=None, heading="", text=text, line=3)],
    )
    package = EvaluationPackage(year=2020, unit=Unit(name="某单位"), reports=[report])
    return sorted(
        (f.code, f.location.line, f.stated)
        for f in check_package(package)
        if f.severity in (Severity.ERROR, Severity.WARNING)
    )


def test_the_disclosure_wordings_written_right_give_nothing() -> None:
    for text, _ in CASES:
        assert _found(text) == [], text


def test_the_rates_against_last_year_and_against_the_budget_are_both_checked() -> None:
    # cq-fuling-jiaoshi as printed: 19 ÷ 60 = 31.67 %, printed 43.78 %; 4 ÷ 45 = 8.89 %, printed 2.2 %
    text = "2020年度镇本级“三公”经费41万元,较上年减少19万元,下降43.78% ,较年初预算数减少4万元,下降2.2%。"
    assert _found(text) == [("RAT007", 3, "2.2%"), ("RAT007", 3, "43.78%")]


def test_a_wrong_rate_of_a_change_without_comparison_word_is_found() -> None:
    # 1 ÷ 3 = 33.33 %, printed 50 % (the rate of 1 ÷ 2, against this year's figure)
    assert _found("公务接待费2万元，上年为3万元，减少1万元，下降50%。") == [("RAT007", 3, "50%")]
    # 100 ÷ 1400 = 7.14 %, printed 6.67 % (100 ÷ 1500)
    assert _found("本年收入合计1500万元，增加100万元，增长6.67%。") == [("RAT007", 3, "6.67%")]


def test_a_figure_after_a_comma_that_follows_words_is_read() -> None:
    # cq-tongliang-xiaolin as printed: "支出总计,867.48万元" (the leading 1 lost) is 867.48, made of
    # 1867.48 + 0 = 1867.48 → SUM019
    text = (
        "支出总计,867.48万元,由一般公共预算支出1,867.48万元,加上解支出、结转下年等0万元等构成,当年收支平衡。"
    )
    assert _found(text) == [("SUM019", 3, "867.48")]


def test_listed_shares_are_checked_each_against_its_part() -> None:
    # 800 ÷ 1180 = 67.80 %, 380 ÷ 1180 = 32.20 %: the second printed 23.2 % is wrong
    text = "本年支出合计1180万元，其中基本支出800万元、项目支出380万元，分别占67.8%、23.2%。"
    assert _found(text) == [("RAT008", 3, "23.2%")]


def test_a_budget_base_printed_after_the_comparison_is_used() -> None:
    # 147 ÷ 62 = 237.1 %; printed 137 % is wrong (with 251 as the current figure it would read 141.35 %)
    text = "公务用车购置费209万元,较上年251万元减少42万元,下降17%,较预算数62万元增加147万元,增长137%。"
    assert _found(text) == [("RAT007", 3, "137%")]


@pytest.mark.parametrize(
    ("text", "score", "grade"),
    [
        ("最终评分为89.5分，评价等级为良。", "89.5", "良"),
        ("按照评价指标体系评分，项目得分92分，绩效评价结果为“优秀”。", "92", "优秀"),
        ("自评总分98.5分，评价结论为优。", "98.5", "优"),
        ("绩效评价得分95分，属于“优”等级。", "95", "优"),
        ("部门整体支出绩效自评分数为96.5分，自评结论为优秀。", "96.5", "优秀"),
        ("本部门自评分为92分，自评等次为良。", "92", "良"),
        ("通过自评，总得分93分，为“优”等级。", "93", "优"),
        ("经综合评价，本项目自评分值为95分，等级评定为优。", "95", "优"),
        ("绩效自评综合得分为91.2分，评价级别为“优秀”。", "91.2", "优秀"),
        ("考评得分95分，评价等次为“良好”。", "95", "良好"),
    ],
)
def test_a_report_states_its_score_and_grade_in_other_words(text: str, score: str, grade: str) -> None:
    sentences = read_text(text)
    assert [str(q.value) for _, q in stated_scores(sentences)] == [score]
    assert [g for _, g in stated_grades(sentences)] == [grade]


def test_a_maximum_or_a_group_score_is_no_stated_total() -> None:
    # "总分100分" is the scale; "产出指标得分40分" a group's score
    assert stated_scores(read_text("评价总分值100分，其中产出指标得分40分，项目管理得分18分。")) == []
    assert stated_scores(read_text("产出指标自评分为40分。")) == []


def test_a_grade_word_inside_a_count_is_no_stated_grade() -> None:
    # "优秀等级的占比": the share of answers graded 优秀, not the report's grade
    assert stated_grades(read_text("满意度为优秀等级的占比为95%。")) == []


def _with_table(text: str) -> list[tuple[str, int | None, object]]:
    from decimal import Decimal

    from jixiao.model import ThreePublicComponent, ThreePublicRow, ThreePublicTable

    report = Report(
        kind="final_accounts_notes",
        title="决算情况说明",
        sections=[ReportSection(number=None, heading="", text=text, line=3)],
    )
    row = ThreePublicRow(
        component=ThreePublicComponent.RECEPTION, label="公务接待费", budget=Decimal("5"), actual=Decimal("2")
    )
    table = ThreePublicTable(title="一般公共预算财政拨款“三公”经费支出决算表", rows=[row])
    package = EvaluationPackage(
        year=2020, unit=Unit(name="某单位"), reports=[report], three_public_tables=[table]
    )
    return sorted(
        (f.code, f.location.line, f.stated)
        for f in check_package(package)
        if f.severity in (Severity.ERROR, Severity.WARNING)
    )


def test_a_three_public_rate_without_its_budget_is_checked_against_the_table() -> None:
    # the table: 公务接待费 预算 5, 决算 2 → 2 ÷ 5 = 40 %; the text says 50 % without the budget
    assert _with_table("公务接待费支出决算为2万元，完成预算的50%。") == [("RAT006", 3, "50%")]
    assert _with_table("公务接待费支出决算为2万元，完成预算的40%。") == []
