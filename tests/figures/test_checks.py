"""The narrative checks over the engine's relations, on a small report written for the purpose.

The first test is issue 16 item 4's measurement: the seeds' kinds of error written in other words.
Before the figure engine the checker found none of the seven (it reported a wrong UNT001 on
"27,200元" read as "200元" and a RAT009 on the 亿元 sentence instead); each is now found at its line.
"""

from __future__ import annotations

from jixiao.audit import Severity, check_package
from jixiao.model import EvaluationPackage, Report, ReportSection, Unit

OTHER_WORDINGS = [
    # 3 ÷ (12 + 3) = 20%, printed 25%                                   → RAT007
    "机关运行经费支出12万元，比上年减少3万元，同比下降25%。",
    # 95 ÷ 100 = 95%, printed 90%                                        → RAT006
    "全年预算数100万元，全年执行数95万元，执行率90%。",
    # 195 ÷ 200 = 97.5%, printed 98.5%                                   → RAT006
    "年初预算200万元，实际支出195万元，预算执行率为98.5%。",
    # 200 + 80 + 30 = 310 > 300                                          → SUM015
    "2023年度支出合计300万元，其中：基本支出200万元，项目支出80万元，其他支出30万元。",
    # 12,600元 = 1.26万元; 1.26 ÷ 2 = 63%, printed 36%                   → RAT006
    "公务接待费支出预算为2万元，支出决算为12,600元，完成预算的36%。",
    # 1.2亿元 = 12000万元; 10800 ÷ 12000 = 90%, printed 80%             → RAT006
    "年初预算1.2亿元，全年执行数10800万元，完成预算的80%。",
    # 27200 ÷ (145800 − 27200) = 22.93%, printed 25%                     → RAT007
    "机关运行经费支出145,800元，比上年增加27,200元，增长25%。",
]


def package(texts: list[str], year: int = 2023) -> EvaluationPackage:
    sections = [
        ReportSection(number=str(i + 1), heading="情况说明", text=t, line=10 * (i + 1))
        for i, t in enumerate(texts)
    ]
    report = Report(kind="final_accounts_notes", title=f"{year}年度部门决算情况说明", sections=sections)
    return EvaluationPackage(year=year, unit=Unit(name="某单位"), reports=[report])


def found(texts: list[str]) -> list[tuple[str, int | None]]:
    return sorted(
        (f.code, f.location.line)
        for f in check_package(package(texts))
        if f.severity in (Severity.ERROR, Severity.WARNING)
    )


def test_the_seeds_errors_in_other_words_are_found() -> None:
    assert found(OTHER_WORDINGS) == [
        ("RAT006", 20),
        ("RAT006", 30),
        ("RAT006", 50),
        ("RAT006", 60),
        ("RAT007", 10),
        ("RAT007", 70),
        ("SUM015", 40),
    ]


def test_the_same_sentences_written_right_give_nothing() -> None:
    right = [
        "机关运行经费支出12万元，比上年减少3万元，同比下降20%。",  # 3 ÷ 15 = 20%
        "全年预算数100万元，全年执行数95万元，执行率95%。",
        "年初预算200万元，实际支出195万元，预算执行率为97.5%。",
        "2023年度支出合计310万元，其中：基本支出200万元，项目支出80万元，其他支出30万元。",
        "公务接待费支出预算为2万元，支出决算为12,600元，完成预算的63%。",
        "年初预算1.2亿元，全年执行数10800万元，完成预算的90%。",
        "机关运行经费支出145,800元，比上年增加27,200元，增长22.93%。",  # 27200 ÷ 118600 = 22.934%
    ]
    assert found(right) == []


def test_a_rate_of_a_zero_budget_is_its_own_finding() -> None:
    assert found(["公务用车运行维护费年初预算0万元，支出决算3.2万元，完成年初预算的95.89%。"]) == [
        ("RAT011", 10)
    ]


def test_words_against_the_signs() -> None:
    assert found(
        [
            "上年决算数11.86万元，本年决算数10.2万元，比上年增加1.66万元，增长14%。",  # 10.2 < 11.86
            "年初预算为215.94万元，支出决算为208.09万元，决算数大于年初预算数。",  # 208.09 < 215.94
            "上年决算数11.86万元，本年决算数14.58万元，比上年增加2.27万元。",  # 14.58 − 11.86 = 2.72
        ]
    ) == [("SGN001", 10), ("SGN001", 20), ("SUM020", 30)]


def test_a_list_that_does_not_add_up() -> None:
    # 562.52 + 114.8 + 45.09 + 14.48 = 736.89, printed 736; 基本 214.33 + 项目 36.88 = 251.21, printed 215.21
    assert found(
        [
            "2023年支出分别为：工资福利支出562.52万元；商品和服务支出114.8万元；对个人和家庭的补助45.09万元；"
            "资本性支出14.48万元，合计736万元。",
            "2023年度支出合计261.21万元，其中：基本支出214.33万元，项目支出36.88万元。",
        ]
    ) == [("SUM016", 20), ("SUM019", 10)]  # exhaustive lists: 合计 and a 基本 + 项目 split


def test_one_unit_of_the_last_digit_is_rounding_never_an_error() -> None:
    # 214.33 + 36.89 = 251.22 against 251.21: 0.01, one unit of the last printed digit
    sentence = "2023年度支出合计251.21万元，其中：基本支出214.33万元，项目支出36.89万元。"
    silent = check_package(package([sentence]))
    assert [(f.code, f.severity) for f in silent if f.code.startswith(("SUM", "RND"))] == [
        ("RND003", Severity.WARNING)
    ]
    announced = check_package(package([sentence, "本报告金额按四舍五入保留两位小数，可能存在尾数误差。"]))
    assert [(f.code, f.severity) for f in announced if f.code.startswith(("SUM", "RND"))] == [
        ("RND002", Severity.INFO)
    ]


def test_a_share_off_by_one_in_the_last_digit() -> None:
    # 214.33 ÷ 251.21 = 85.319…%: 85.32 matches, 85.33 is one unit off (rounding), 86.32 is wrong
    base = "2023年度支出合计251.21万元，其中：基本支出214.33万元，占{}%；项目支出36.88万元。"
    assert found([base.format("85.32")]) == []
    assert found([base.format("85.33")]) == [("RND003", 10)]
    assert found([base.format("86.32")]) == [("RAT008", 10)]


def test_a_figure_in_the_reason_given_is_not_the_base_of_the_change() -> None:
    # 天水市妇幼保健院 2017 决算说明 (tests/corpus/real/dev/gs-tianshui-fybjy-2017-final): the base is
    # 1813.24 + 520.82 = 2334.06 and 520.82 ÷ 2334.06 = 22.31 %, as printed; the 1000万元 of the reason
    # ("主要原因是2016年财政拨付1000万元…") is another figure, not 2016's 财政拨款收入 (it gave SGN001:
    # "本年1813.24，上年1000 … 文中写减少")
    reason = "财政拨款收入1813.24万元,较2016年度决算数减少520.82万元,下降22.31%,主要原因是2016年财政拨付1000万元政府债券。"
    assert found([reason]) == []
    # the same change with the base printed in its own clause is still checked against it:
    # 1813.24 − 2334.06 = −520.82 but the text says 增加 → SGN001
    assert found(["上年决算数2334.06万元，财政拨款收入1813.24万元，比上年增加520.82万元。"]) == [
        ("SGN001", 10)
    ]


def test_a_narrative_finding_names_the_sentence_it_quotes() -> None:
    # two sentences in one section: the finding's location text is the second, which is wrong
    # (3 ÷ 15 = 20 %, printed 25 %), not the section's first
    texts = ["本年收入合计100万元。机关运行经费支出12万元，比上年减少3万元，同比下降25%。"]
    [f] = [f for f in check_package(package(texts)) if f.code == "RAT007"]
    assert f.location.line == 10  # the section's line: a line counted in the joined text is not the source's
    assert f.location.text is not None and f.location.text.startswith("机关运行经费支出12万元")


def test_numbered_items_after_a_closing_qizhong_are_its_parts() -> None:
    # 天水市妇幼保健院 2017: "收入总计为10070.54万元,其中:" then six numbered items, one a line;
    # 1813.24 + 0 + 8257.3 + 0 + 0 + 27.93 = 10098.47 > 10070.54 → SUM015 (a 其中 may leave parts out,
    # so only a sum above the whole is wrong: without item 6, 10070.54 = the whole, nothing is said)
    items = [
        "1.财政拨款收入1813.24万元,较上年减少520.82万元。",
        "2.上级补助收入0万元。",
        "3.事业收入8257.3万元,为事业单位开展专业业务活动取得的收入。较上年增加518.65万元。",
        "4.其他收入0万元。",
        "5.用事业基金弥补收支差额0万元。",
        "6.上年结转和结余27.93万元,是财政拨款结转和结余。",
    ]
    text = "2017年度,收入总计为10070.54万元,其中:\n" + "\n".join(items)
    assert found([text]) == [("SUM015", 10)]
    assert found(["2017年度,收入总计为10070.54万元,其中:\n" + "\n".join(items[:5])]) == []


def test_shares_of_an_unprinted_whole_that_cannot_all_hold() -> None:
    # 梧州 2024 部门预算 (tests/corpus/real/dev/gx-wuzhou-anon-2024-budget): the whole is not printed;
    # 84.06 + 19.62 = 103.68 % > 100 %, and the whole each implies differs: 2476260.58 ÷ 84.06 % ≈ 2945825,
    # 469500 ÷ 19.62 % ≈ 2392966 → RAT012 (the right share is 469500 ÷ 2945760.58 = 15.94 %)
    wrong = [
        "1.基本支出预算2476260.58元,占一般公共预算支出的84.06%。",
        "2.项目支出469500元,占一般公共预算支出的19.62%。",
    ]
    assert found(wrong) == [("RAT012", 20)]  # at the share that makes the sum pass 100 %
    assert found([wrong[0], wrong[1].replace("19.62", "15.94")]) == []
    # one whole split twice (by way of purchase, then by kind): 100 + 58.8 + 41.2 = 200 %, but every
    # share implies 17000 (10000 ÷ 58.8 % ≈ 17007, 7000 ÷ 41.2 % ≈ 16990, within a unit of the last digit)
    twice = [
        "政府集中采购17000元,占政府采购预算的100%。",
        "其中:货物类采购10000元,占政府采购预算58.8%;服务类采购7000元,占政府采购预算41.2%。",
    ]
    assert found(twice) == []


def test_the_changes_of_a_complete_split_add_up_to_the_wholes() -> None:
    # 临沧 2018 预算说明: 基本支出 +59.11 against 工资福利 +94.22, 商品和服务 +1.11, 对个人和家庭补助 −16.23:
    # 94.22 + 1.11 − 16.23 = 79.10 ≠ 59.11 → SUM021 (the direction printed in brackets "(减少)" is read)
    lines = [
        "2018年基本支出预算较上年增59.11万元,增幅22%。主要变动原因如下:",
        "1.工资福利支出较上年增94.22万元,增44%。主要原因是:2018年度增资及新增人员。",
        "2.商品和服务支出较上年增1.11万元,增3.6%。主要原因是:新增人员。",
        "3.对个人和家庭补助支出较上年(减少)16.23万元,减幅71%。",
    ]
    assert [c for c in found(["\n".join(lines)]) if c[0] == "SUM021"] == [("SUM021", 10)]
    right = "\n".join([lines[0].replace("59.11", "79.10"), *lines[1:]])
    assert [c for c in found([right]) if c[0] == "SUM021"] == []
    # the main causes only (工资福利 and 商品和服务, no third part): not a complete split, nothing said
    assert [c for c in found(["\n".join(lines[:3])]) if c[0] == "SUM021"] == []


def test_a_list_opened_inside_brackets_is_not_the_totals() -> None:
    # 佛坪 2021 决算: 3002 + 93096 + 7661 + 1378 + 144 + 154 = 105435, as printed; the bracketed 其中 lists
    # (4330 + 3331 = 7661; 镇级结余 10) are the parts' own splits, not the list of 收入总计
    text = (
        "全县地方一般公共预算收入3002万元,加上省市补助收入93096万元,债务转贷收入7661万元(其中:新增一般债券收入"
        "4330万元,再融资一般债券收入3331万元),动用预算稳定调节基金1378万元,调入资金144万元,上年结余154万元"
        "(其中镇级结余10万元),全县一般公共预算收入总计105435万元。"
    )
    assert found([text]) == []
    assert found([text.replace("105435", "105535")]) == [("SUM019", 10)]  # 100 more than the parts


def test_shares_of_each_parts_own_budget_are_not_one_whole() -> None:
    # 黄平 2022: "税务部门完成13,866万元,占调整预算100.93%" … "财政部门完成14,717万元,占调整预算110.14%":
    # completions of two budgets, not shares of one; RAT012 stays quiet
    text = (
        "税务部门完成13,866万元,占调整预算100.93%,占一般公共预算收入的48.51%;"
        "财政部门完成14,717万元,占调整预算110.14%,占一般公共预算收入的51.49%。"
    )
    assert [c for c in found([text]) if c[0] == "RAT012"] == []


def test_a_fall_told_as_a_rise_in_the_same_change() -> None:
    # 临沧 2018: "商品和服务支出较上年减0.04万元,增0.01%" — 减 and 增 of one change → SGN001; "减少3万元，
    # 增幅-20%" is a negative rise, which is a fall (3 ÷ 15 = 20 %): nothing to say
    assert found(["商品和服务支出较上年减0.04万元,增0.01%。"]) == [("SGN001", 10)]
    assert found(["机关运行经费支出12万元，比上年减少3万元，增幅-20%。"]) == []


def test_unnumbered_items_that_open_with_their_figure_after_a_closing_qizhong() -> None:
    # 梧州 2023 预算 (gx-wuzhou-u1284): "基本支出 911000.39 元,其中:" then "人员经费 809961.19 元,主要包括:…",
    # "公用经费 71339.2 元,主要包括:…": a complete split, 809961.19 + 71339.2 = 881300.39 ≠ 911000.39 → SUM019
    # (the figures shown in 元, as printed)
    text = (
        "2023年本年一般公共预算基本支出911000.39元,其中:\n"
        "人员经费809961.19元,主要包括:基本工资、津贴补贴、伙食补助费。\n"
        "公用经费71339.2元,主要包括:办公费、工会经费。"
    )
    [f] = [f for f in check_package(package([text])) if f.code == "SUM019"]
    assert "= 881300.39元，总数911000.39元" in f.message
    assert found([text.replace("911000.39", "881300.39")]) == []


def test_a_change_said_as_zengshou() -> None:
    # 黄平 2022: "完成30,161万元,同比增长14.6%,增收4,376万元" — 4376 ÷ (30161 − 4376 = 25785) = 16.97 %, not
    # 14.6 % → RAT007; "增收"/"减收" are the change's words as 增加/减少 are
    text = "地方一般公共预算收入(同口径)完成30,161万元,同比增长14.6%,增收4,376万元。"
    assert found([text]) == [("RAT007", 10)]
    assert found([text.replace("14.6%", "16.97%")]) == []


def test_a_change_takes_its_figure_from_the_sentence_before_by_its_name() -> None:
    # 临沧 2018: "“三公”经费预算总额为2.7万元" then "“三公”经费预算数比2017年预算数减少0.06万元,减幅0.02%":
    # 预算数 and 预算总额 name one figure; 0.06 ÷ (2.7 + 0.06) = 2.17 %, not 0.02 % → RAT007
    text = (
        "2018年财政拨款“三公”经费预算总额为2.7万元,其中,因公出国(境)费支出0万元,公务用车购置及运行费支出1.5万元,"
        "公务接待费支出1.2万元。\n2018年“三公”经费预算数比2017年预算数减少0.06万元,减幅0.02%。"
    )
    assert found([text]) == [("RAT007", 10)]
    assert found([text.replace("减幅0.02%", "减幅2.17%")]) == []


def test_a_sentence_that_names_a_disclosure_section_is_not_its_heading() -> None:
    # the same 临沧 page imported whole: the sentence stays in its section, so the change finds its figure
    from jixiao.importers.api import import_bytes

    text = (
        "一、预算收支增减变化情况说明\n(一)基本支出预算收支增减情况\n2018年基本支出预算较上年增17.1万元。\n"
        "二、“三公”经费预算收支增减情况\n"
        "2018年财政拨款“三公”经费预算总额为2.7万元,其中,因公出国(境)费支出0万元,公务用车购置及运行费支出1.5万元,"
        "公务接待费支出1.2万元。\n2018年“三公”经费预算数比2017年预算数减少0.06万元,减幅0.02%。\n"
    )
    (p,) = import_bytes(text.encode(), "说明.txt")
    assert [f.code for f in check_package(p) if f.code.startswith("RAT")] == ["RAT007"]


def test_a_rate_that_fits_the_printed_amount_and_base_leaves_the_slip_to_the_amount() -> None:
    # 14.58 − 11.86 = 2.72, printed 2.27 → SUM020; the rate 2.27 ÷ 11.86 = 19.14 % is the printed amount's
    # over the printed base, so no RAT007 for the same slip (before: both)
    text = "上年决算数11.86万元，本年决算数14.58万元，比上年增加2.27万元，增长19.14%。"
    assert found([text]) == [("SUM020", 10)]
    # a rate wrong against both is still its own finding: 2.27 ÷ 11.86 = 19.14 %, 2.72 ÷ 11.86 = 22.93 %
    assert found([text.replace("19.14%", "25%")]) == [("RAT007", 10), ("SUM020", 10)]


def test_an_unmarked_change_after_two_years_figures_is_not_read_of_the_earlier_one() -> None:
    # "2023年…14.58万元,2022年…11.86万元,增加2.72万元,增长22.93%" (right: 14.58 − 11.86 = 2.72, 2.72 ÷ 11.86 =
    # 22.93 %): the change was read of 11.86, the last figure, whose base came out 9.14 — a false RAT007
    assert found(["机关运行经费2023年支出14.58万元,2022年支出11.86万元,增加2.72万元,增长22.93%。"]) == []
    # one figure and its change, as before: 100 ÷ 1400 = 7.14 %, printed 8 % → RAT007
    assert found(["本年收入合计1500万元，增加100万元，增长8%。"]) == [("RAT007", 10)]
