"""The figure engine on the wordings of reports it had not met (issue 16, part 4), and the checks on them.

Sentences from the reports added to ``tests/corpus/real/dev`` on 2026-12-06 (cited by folder) and the
same relations in other words. Each expected relation is written as ``Kind figures`` with the figures
as printed; the arithmetic a check will do on them is in the comment beside.
"""

from __future__ import annotations

import pytest

from jixiao.audit import Severity, check_package
from jixiao.figures import Change, Completion, Quantity, Relation, Share, Staffing, Total, read_text
from jixiao.model import EvaluationPackage, Report, ReportSection, Unit


def fig(q: Quantity | None) -> str:
    return "None" if q is None else f"{q.value}{q.unit}"


def show(r: Relation) -> str | None:
    if isinstance(r, Total):
        return f"Total {fig(r.whole)} = {' + '.join(fig(p) for p in r.parts)}"
    if isinstance(r, Change):
        return f"Change {r.direction} now={fig(r.now)} amount={fig(r.amount)} rate={fig(r.rate)} base={fig(r.base)}"
    if isinstance(r, Completion):
        left = f" left={fig(r.remainder)}" if r.remainder is not None else ""
        return f"Completion {fig(r.actual)}/{fig(r.budget)}{left} = {fig(r.rate)}"
    if isinstance(r, Share):
        return f"Share {fig(r.part)}/{fig(r.whole) if r.whole else r.whole_label} = {fig(r.rate)}"
    if isinstance(r, Staffing):
        return f"Staffing {fig(r.authorised)}/{fig(r.actual)}/{fig(r.retired)}"
    return None


def relations(text: str) -> list[str]:
    return [x for s in read_text(text) for r in s.relations if (x := show(r)) is not None]


CASES: list[tuple[str, list[str]]] = [
    (  # cn-anon-xiangcun-zhenxing: 18501.096 ÷ (18501.096 + 703) = 96.34 %, printed 95 %
        "巩固拓展脱贫攻坚成果和乡村振兴建设任务资金支付18501.096万元,未支703万元,支付率95%。",
        ["Completion 18501.096万元/None left=703万元 = 95%"],
    ),
    (  # ha-zhumadian-xiping: 2113.63 ÷ 2179 = 97.00 %
        "项目资金共2179万元,截止2022年12月8日,已完成拨付2113.63万元,执行率97%。",
        ["Completion 2113.63万元/2179万元 = 97%"],
    ),
    (  # yn-honghe-dier-rmyy: 2.00 ÷ 2.00 = 100 %; 2.00 − 2.00 = 0 left
        "州级补助资金2.00万元,截至2023年12月31日,资金已使用2.00万元,结余0万元,资金执行率100%。",
        ["Completion 2.00万元/2.00万元 left=0万元 = 100%"],
    ),
    (  # the money received is the numerator of 到位率: 450 ÷ 500 = 90 %
        "下达专项资金500万元，实际到位资金450万元，资金到位率90%。",
        ["Completion 450万元/500万元 = 90%"],
    ),
    (  # the figure before 加上 is the first part: 238965 + 4550 + 318586 = 562101
        "全县一般公共预算本级收入238965万元,增长3.98%,加上:上年结转4550万元、上级补助收入318586万元,"
        "收入总计562101万元。",
        ["Total 562101万元 = 238965万元 + 4550万元 + 318586万元"],
    ),
    (  # jl-yanbian-helong: the base is in the comparison's own clause: 148 − 124 = 24; 24 ÷ 148 = 16.2 %
        "公务用车购置支出56万元比上年增加56万元;公务接待支出124万元,比上年累计支出148万元下降24万元,下降16%。",
        [
            "Change up now=56万元 amount=56万元 rate=None base=None",
            "Change down now=124万元 amount=24万元 rate=16% base=148万元",
        ],
    ),
    (  # 上年结转 is this year's money, not last year's 收入: 2498904 + 15422 = 2514326
        "全区一般公共预算收入2498904万元,同比增长8.3%,加上上年结转收入15422万元,收入合计2514326万元。",
        [
            "Total 2514326万元 = 2498904万元 + 15422万元",
            "Change up now=2498904万元 amount=None rate=8.3% base=None",
        ],
    ),
    (  # cq-bishan: a note in brackets between the verb and the rate
        "税收收入完成14.59亿元,同比下降(以下简称“增长”或“下降”)42.5%。",
        ["Change down now=14.59亿元 amount=None rate=42.5% base=None"],
    ),
    (  # jl-yanbian-helong-unit: 其中 refers to 2.05 (not to the 差值 0.9); the budgets are not parts:
        # 0 + 2.05 = 2.05
        "“三公”经费支出2.05万元,年初预算为2.95万元,差值为0.9万元。其中:因公出国(境)支出0万元,年初预算为0万元,"
        "差值为0万元;公务接待费支出2.05万元,年初预算为2万元,差值为0.05万元。",
        ["Total 2.05万元 = 0万元 + 2.05万元"],
    ),
    (  # ah-huainan-shouxian: the 其中 list ends at its bracket and before the condition: 1 + 1 = 2
        "1、设置年度绩效目标(2分,其中单位整体绩效目标1分,项目绩效目标1分,若单位无项目,得2分)2、绩效目标设置依据充分(1分)",
        ["Total 2分 = 1分 + 1分"],
    ),
    (  # cq-shapingba: 收支 names both totals; base = 23866.88 + 3888.01 = 27754.89; 3888.01 ÷ 27754.89 = 14.0 %
        "2021年度收入总计23,866.88万元,支出总计23,866.88万元。收支较上年决算数减少3,888.01万元、下降14%。",
        ["Change down now=23866.88万元 amount=3888.01万元 rate=14% base=None"],
    ),
    (  # hn-yiyang-taojiang: 20.10 ÷ 22.62 = 88.86 %; 2.52 ÷ 22.62 = 11.14 %
        "本年实际支出“三公经费”决算为22.62万元。其中公务接待费为20.10万元,占88.86%;公务用车运行维护费为2.52万元,占11.14%。",
        [
            "Share 20.10万元/22.62万元 = 88.86%",
            "Share 2.52万元/22.62万元 = 11.14%",
            "Total 22.62万元 = 20.10万元 + 2.52万元",
        ],
    ),
    (  # gd-czt: the budget printed inside the rate's words: 62.07 ÷ 84.82 = 73.18 % → 73.2 %
        "“三公”经费财政拨款支出决算为62.07万元,完成全年预算84.82万元的73.2%。",
        ["Completion 62.07万元/84.82万元 = 73.2%"],
    ),
    (  # the whole of a share printed inside its words: 120 ÷ 150 = 80 %
        "截至12月31日，已支付资金120万元，占全年预算150万元的80%。",
        ["Share 120万元/150万元 = 80%"],
    ),
    (  # the rate names its budget: 310 ÷ 300 = 103.33 % (not 310 ÷ 320)
        "年初预算300万元，调整后预算320万元，实际支出310万元，完成年初预算的103.33%。",
        ["Completion 310万元/300万元 = 103.33%"],
    ),
    (  # the 其中 refers to the figure before its change: 5.2 + 7.3 = 12.5; base 12.5 + 2.3 = 14.8,
        # 2.3 ÷ 14.8 = 15.54 %
        "三公经费支出12.5万元，比上年减少2.3万元，下降15.54%，其中：公务接待费5.2万元，公务用车运行维护费7.3万元。",
        [
            "Total 12.5万元 = 5.2万元 + 7.3万元",
            "Change down now=12.5万元 amount=2.3万元 rate=15.54% base=None",
        ],
    ),
    (  # the comparison names another subject than the figure before it: no current figure
        "收入100万元，支出同比增加10万元，增长10%。",
        ["Change up now=None amount=10万元 rate=10% base=None"],
    ),
    (  # a 其中 inside another's list lists only the parts named like its whole: 0 + 27.46 = 27.46
        # (公务接待费 22.59 belongs to the outer list)
        "其中:因公出国(境)费支出决算为12.02万元;公务用车购置及运行维护费支出决算为27.46万元,其中:公务用车购置支出决算为0万元;"
        "公务用车运行维护费支出决算为27.46万元;公务接待费支出决算为22.59万元。",
        ["Total 27.46万元 = 0万元 + 27.46万元"],
    ),
    (  # two 其中 lists in one sentence: 30 + 15 = 45 closes the first before 实有人数; 40 ≤ 42 (退休 apart)
        "部门共有编制人数45人，其中行政编制30人、事业编制15人；实有人数42人，其中在职40人、退休2人。",
        ["Total 45人 = 30人 + 15人", "Total 42人 = 40人", "Staffing 45人/42人/2人"],
    ),
    (  # 总支出 is the 支出合计 of the sentence before: 400 ÷ 500 = 80 %, 100 ÷ 500 = 20 %
        "本年支出合计500万元。基本支出400万元，占总支出的80%；项目支出100万元，占总支出的20%。",
        ["Share 400万元/总支出 = 80%", "Share 100万元/总支出 = 20%"],
    ),
    (  # 增幅 is a change rate: 20 ÷ (120 − 20) = 20 %
        "一般公共预算收入120万元，比上年增加20万元，增幅为20%。",
        ["Change up now=120万元 amount=20万元 rate=20% base=None"],
    ),
    (  # the name before a colon: 收入 792.22 = 财政拨款收入 792.22
        "1、收入:792.22万元。其中:财政拨款收入792.22万元。",
        ["Total 792.22万元 = 792.22万元"],
    ),
    (  # gx-wzyjs-wenlv, written right: a sentence wrapped onto the next line is one sentence:
        # 16803.36 ÷ (116433.12 − 16803.36) = 16.87 % (the document prints 14.43 %: RAT007 below)
        "(二)社会保障和就业支出类科目 116433.12 元,占支\n出总预算 10.73 %,同比增加 16803.36 元,增长 16.87%。",
        [
            "Change up now=116433.12元 amount=16803.36元 rate=16.87% base=None",
            "Share 116433.12元/支出总预算 = 10.73%",
        ],
    ),
    (  # a title line over a sentence is not wrapped into it
        "二、机构设置\n本单位内设3个科室,分别为办公室、财务科、业务科。",
        [],
    ),
    (  # sc-aba-abaxian: 230 + 14 = 244 在职
        "截止到2021年末在职244人,其中:政法专项230人、工勤14人;",
        ["Total 244人 = 230人 + 14人", "Staffing None/244人/None"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_relations_in_other_wordings(text: str, expected: list[str]) -> None:
    assert relations(text) == expected


def _found(text: str) -> list[tuple[str, int | None, object]]:
    report = Report(
        kind="document_text",
        title="正文",
        sections=[ReportSection(number=None, heading="", text=text, line=3)],
    )
    package = EvaluationPackage(year=2022, unit=Unit(name="某单位"), reports=[report])
    return sorted(
        (f.code, f.location.line, f.stated)
        for f in check_package(package)
        if f.severity in (Severity.ERROR, Severity.WARNING)
    )


def test_a_payment_rate_is_checked_against_spent_plus_left() -> None:
    # 18501.096 ÷ (18501.096 + 703) = 96.34 %, printed 95 %
    assert _found(CASES[0][0]) == [("RAT006", 3, "95%")]
    # 18501.096 ÷ 19204.096 = 96.34 % → printed 96.34 %: nothing
    assert _found(CASES[0][0].replace("95%", "96.34%")) == []


def test_the_new_wordings_written_right_give_nothing() -> None:
    for text, _ in CASES[1:]:
        assert _found(text) == [], text


def test_a_share_of_the_total_named_in_the_sentence_before_is_checked() -> None:
    # 400 ÷ 500 = 80 %, printed 85 %
    text = "本年支出合计500万元。基本支出400万元，占总支出的85%；项目支出100万元，占总支出的20%。"
    assert _found(text) == [("RAT008", 3, "85%")]


def test_a_wrong_change_rate_after_a_stated_total_is_found() -> None:
    # base = 23866.88 + 3888.01 = 27754.89; 3888.01 ÷ 27754.89 = 14.01 %, printed 41 %
    text = CASES[10][0].replace("下降14%", "下降41%")
    assert _found(text) == [("RAT007", 3, "41%")]


def test_a_wrong_change_rate_in_a_wrapped_sentence_is_found() -> None:
    # gx-wzyjs-wenlv as printed: 16803.36 ÷ 99629.76 = 16.87 %, printed 14.43 %
    text = (
        "(二)社会保障和就业支出类科目 116433.12 元,占支\n出总预算 10.73 %,同比增加 16803.36 元,增长 14.43%。"
    )
    assert _found(text) == [("RAT007", 3, "14.43%")]


def test_a_list_ends_where_its_parts_changes_are_told_together() -> None:
    # fj-fujian-czt-2016: "包括A0.14亿元和B1.27亿元,与2015年相比,分别减少0.18亿元和0.56亿元…;公务接待费0.27亿元" —
    # the list is 0.14 + 1.27 = 1.41; the changes (0.18, 0.56) and the next item (0.27) are not parts of it
    # (read as parts they made 0.14 + 1.27 + 0.56 + 0.27 = 2.24 ≠ 1.41, a false SUM019)
    text = (
        "公务用车购置及运行费1.41亿元,包括公务用车购置费0.14亿元和公务用车运行费1.27亿元,与2015年相比,"
        "分别减少0.18亿元和0.56亿元,下降133.1%和43.7%;公务接待费0.27亿元,比2015年减少0.14亿元,下降51.7%。"
    )
    assert [r for r in relations(text) if r.startswith("Total")] == ["Total 1.41亿元 = 0.14亿元 + 1.27亿元"]


def test_budget_report_shapes_raise_nothing_when_right() -> None:
    # ln-benxi-czj-2023 and gd-zhanjiang-czj-2020 (dev), every figure right as printed:
    # - "加上…" opening a sentence: its first part (本级收入) is in the sentence before; 54.3 + 34.6 + 24.2 + 25.4 +
    #   6.6 = 145.1 is not the 222.7 总计 and must not be read as its whole list (3 false SUM019)
    # - a part's own items after "主要支出事项:" are not parts of the whole: 68.4 + 13.2 = 81.6 (a false SUM015
    #   summed 68.4 + 7.1 + 7.5 + 15.4 + 2.4 + 1.1 + 7 + 13.2 = 122.1)
    # - the 全市 and 市本级 shares of 税收收入 are of two wholes that share a name (a false RAT012: 84.6 + 81)
    # - "占一般公共预算收入比重63.7%" is of 一般公共预算收入 137.78 (87.75 ÷ 137.78 = 63.69 %), not of the
    #   一般公共预算收入总计 673.56 told after it (two false RAT008)
    whole_city = (
        "全市一般公共预算收入安排96.3亿元,其中:税收收入81.5亿元,占一般公共预算收入的84.6%。"
        "加上上级补助收入54.3亿元、置换债券收入34.6亿元、调入资金24.2亿元、上年结转收入25.4亿元和动用预算稳定调节基金"
        "6.6亿元,收入总计241.4亿元。"
    )
    city_level = (
        "市本级一般公共预算支出安排81.6亿元。其中:财力安排支出68.4亿元,比上年预算数增长10.1%,主要支出事项:一般公共服务"
        "支出7.1亿元、教育支出7.5亿元、社会保障和就业支出15.4亿元等;上级专项、上年结转安排支出13.2亿元。"
        "市本级一般公共预算收入安排44.2亿元,其中:税收收入35.8亿元,占一般公共预算收入的81%;非税收入8.4亿元。"
    )
    zhanjiang = (
        "2020年,全市一般公共预算收入137.78亿元。其中:税收收入87.75亿元,占一般公共预算收入比重63.7%;"
        "非税收入50.03亿元,占一般公共预算收入比重36.3%。加上上级补助收入366.92亿元、上年结余55.84亿元、"
        "调入资金47.08亿元、债务(转贷)收入39.68亿元、动用预算稳定调节基金25.82亿元等,全市一般公共预算收入总计673.12亿元。"
    )

    # 96.3 + 54.3 + 34.6 + 24.2 + 25.4 + 6.6 = 241.4 ✓; 81.5 ÷ 96.3 = 84.63 % ✓; 35.8 ÷ 44.2 = 80.99 % ✓;
    # 35.8 + 8.4 = 44.2 ✓; 87.75 + 50.03 = 137.78 ✓; 50.03 ÷ 137.78 = 36.31 % ✓;
    # 137.78 + 366.92 + 55.84 + 47.08 + 39.68 + 25.82 = 673.12 ✓
    def found(*texts: str) -> list[str]:
        sections = [
            ReportSection(number=str(i + 1), heading=f"{i + 1}．", text=t, line=3 + i)
            for i, t in enumerate(texts)
        ]
        package = EvaluationPackage(
            year=2022,
            unit=Unit(name="某市"),
            reports=[Report(kind="document_text", title="预算说明", sections=sections)],
        )
        return [f.code for f in check_package(package) if f.severity != Severity.INFO and f.code != "RAT009"]

    assert found(whole_city, city_level) == []
    assert found(zhanjiang) == []
    # a 加上 list whose first part is in its own sentence is still checked: 96.3 + 145.1 = 241.4, printed 242.4
    # (one whose first part is sentences before is not checked at all — recall given up for no false error)
    same_sentence = whole_city.replace("占一般公共预算收入的84.6%。加上", "占一般公共预算收入的84.6%,加上")
    assert found(same_sentence.replace("收入总计241.4亿元", "收入总计242.4亿元"), city_level) == ["SUM019"]


def test_a_full_looking_qizhong_list_short_of_its_whole_is_a_warning() -> None:
    # nm-hohhot (dev): 1435 + 25 + 55 + 700 + 6 + 14 + 18 = 2253, printed 2263 — seven parts, no "等": a warning
    text = (
        "下达2023年中央水利发展资金2263万元。其中:中小河流治理工程1435万元,小型水库工程维修养护25万元,农村饮水工程维修养护"
        "55万元,小流域综合治理700万元,山洪灾害防治设施维养6万元,水资源管理14万元,农业水价改革18万元。"
    )
    assert [(c, s) for c, _, s in _found(text)] == [("SUM022", "2263")]
    # a list that says it is not all of it, or adds up, or has two parts only: nothing
    assert _found(text.replace("农业水价改革18万元。", "农业水价改革18万元等。")) == []
    assert _found(text.replace("其中:", "其中主要有:")) == []
    assert _found(text.replace("2263万元", "2253万元")) == []
    assert _found("下达资金791万元。其中:中小河流治理工程481万元,小流域综合治理300万元。") == []


def test_a_budget_notes_total_before_numbered_items_is_their_whole() -> None:
    # hb-huangshi-qizhong-2023 (dev): "收入预算3814.61万元,其中:" then four numbered items on lines of their own —
    # the whole is a budget, and the only figure of its sentence (no outturn beside it): 3362.61 + 434 + 0 + 0
    text = (
        "(一)2023年收入预算3796.61万元,其中:\n1、财政拨款3362.61万元;\n2、专户管理的事业收入434万元;\n"
        "3、单位资金收入0万元;\n4、政府性基金安排的收入0万元。"
    )
    assert relations(text) == ["Total 3796.61万元 = 3362.61万元 + 434万元 + 0万元 + 0万元"]
    # written with 3814.61 (18 more than its items): numbered items after 其中 are all of it — a warning
    assert [c for c, _, _ in _found(text.replace("3796.61", "3814.61"))] == ["SUM022"]
    # a budget beside its outturn is not the whole of the items after it
    assert relations("预算数100万元,决算数90万元,其中:\n1、甲50万元;\n2、乙40万元。") == [
        "Total 90万元 = 50万元 + 40万元"
    ]


def test_an_unmarked_change_after_a_semicolon_is_not_of_another_subjects_figure() -> None:
    # yn-kunming-xundian-nyncj-2022 (dev): "…公务用车购置及运行费支出决算174,732.10元,增长176.55%;公务接待费支出决算
    # 增加56,716.00元,增长95.00%" — 56,716 is 公务接待费's change, not 公务用车's: read of 174,732.10 it gave a false
    # RAT007 (56,716 ÷ (174,732.10 − 56,716) = 48.06 % ≠ 95 %)
    text = (
        "其中:因公出国(境)费支出决算增加0元,增长0%;公务用车购置及运行费支出决算174,732.10元,增长176.55%;"
        "公务接待费支出决算增加56,716.00元,增长95.00%。"
    )
    assert relations(text) == []
    # the same subject across the semicolon is still its change: 2 − 1 = 1 last year, 1 ÷ 1 = 100 %
    assert relations("公务接待费支出2万元;公务接待费增加1万元,增长100%。") == [
        "Change up now=2万元 amount=1万元 rate=100% base=None"
    ]
