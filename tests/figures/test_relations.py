"""The figure engine on real sentences: the relations it reads, written out by hand.

Sentences from the seeds (``src/jixiao/data/seeds``, cited by seed and line), from the dev corpus
(``tests/corpus/real/dev``), and the seeds' kinds of error in other words (issue 16, item 4). Each
expected relation is written as ``Kind figures`` with the figures as printed; the arithmetic a check
will do on them is in the comment beside.
"""

from __future__ import annotations

import pytest

from jixiao.figures import (
    Change,
    Comparison,
    Completion,
    Enumeration,
    Quantity,
    Relation,
    Share,
    Staffing,
    Total,
    read_text,
)


def fig(q: Quantity | None) -> str:
    return "None" if q is None else f"{q.value}{q.unit}"


def show(r: Relation) -> str:
    if isinstance(r, Total):
        return f"Total {fig(r.whole)} = {' + '.join(fig(p) for p in r.parts)}"
    if isinstance(r, Change):
        return f"Change {r.direction} now={fig(r.now)} amount={fig(r.amount)} rate={fig(r.rate)} base={fig(r.base)}"
    if isinstance(r, Completion):
        return f"Completion {fig(r.actual)}/{fig(r.budget)} = {fig(r.rate)} basis={r.basis}"
    if isinstance(r, Share):
        return f"Share {fig(r.part)}/{fig(r.whole) if r.whole else r.whole_label} = {fig(r.rate)}"
    if isinstance(r, Staffing):
        return f"Staffing {fig(r.authorised)}/{fig(r.actual)}/{fig(r.retired)}"
    if isinstance(r, Enumeration):
        return f"Enumeration {fig(r.count)} {len(r.items)}"
    assert isinstance(r, Comparison)
    return f"Comparison {fig(r.left)} {r.word} {fig(r.right)}"


CASES: list[tuple[str, list[str]]] = [
    # --- seed 004, 部门决算情况说明 ------------------------------------------------------------
    (  # line 365: 214.33 + 36.88 = 251.21; 214.33 ÷ 251.21 = 85.32%; 36.88 ÷ 251.21 = 14.68%
        "2022年度支出合计251. 21万元，其中：基本支出214. 33万元，占85. 32%；项目支出36. 88万元，占14. 68%。",
        [
            "Total 251.21万元 = 214.33万元 + 36.88万元",
            "Share 214.33万元/251.21万元 = 85.32%",
            "Share 36.88万元/251.21万元 = 14.68%",
        ],
    ),
    (  # line 373: 37.73 ÷ (244.97 − 37.73) = 18.21%; the whole of the share is named, not printed here
        "2022年度财政拨款支出244. 97万元，占本年支出合计的97. 52%，与上年相比，财政拨款支出增加37. 73万元，"
        "增长18. 21%，主要是因为人员增加，社保财政补贴增加。",
        [
            "Change up now=244.97万元 amount=37.73万元 rate=18.21% base=None",
            "Share 244.97万元/本年支出合计 = 97.52%",
        ],
    ),
    (  # line 387: 208.09 printed in 元 (a slip); 208.09 ÷ 215.94 = 96.36% in 万元
        "年初预算为215.94万元，支出决算为208.09元，完成年初预算的96.36%，决算数小于年初预算数的主要原因是：厉行节约。",
        [
            "Completion 208.09元/215.94万元 = 96.36% basis=年初",
            "Comparison 208.09元 小于 215.94万元",
        ],
    ),
    (  # line 391: 11.88 > 0
        "年初预算为0万元，支出决算为11.88万元，决算数大于年初预算数的主要原因是：追加了财政代缴城乡居民基本养老保险费支出",
        ["Comparison 11.88万元 大于 0万元"],
    ),
    (
        "年初预算为25万元，支出决算为25万元，完成年初预算的100%。",
        ["Completion 25万元/25万元 = 100% basis=年初"],
    ),
    (  # line 399: 193.51 + 14.58 = 208.09 once 14.58元 is read as 万元; 193.51 ÷ 208.09 = 92.99%
        "2022年度财政拨款基本支出208.09万元，其中：人员经费193.51万元，占基本支出的92.99%，主要包括基本工资、"
        "津贴补贴、奖金、伙食补助费；公用经费14.58元，占基本支出的7.01%，主要包括办公费、印刷费、咨询费、手续费。",
        [
            "Total 208.09万元 = 193.51万元 + 14.58元",
            "Share 193.51万元/208.09万元 = 92.99%",
            "Share 14.58元/208.09万元 = 7.01%",
        ],
    ),
    (  # line 435: 2.72 ÷ (14.58 − 2.72) = 22.93%, printed 69.2%
        "本部门2022年度机关运行经费支出14.58万元，比上年决算数增加2.72万元，增长69.2%。",
        ["Change up now=14.58万元 amount=2.72万元 rate=69.2% base=None"],
    ),
    ("本部门2022年度政府采购支出总额0万元，其中：政府采购货物支出0.27万元。", ["Total 0万元 = 0.27万元"]),
    ("授予中小企业合同金额0万元，占政府采购支出总额的0%。", ["Share 0万元/政府采购支出总额 = 0%"]),
    (  # line 513: 214.33 + 7272.63 = 7486.96
        "2022 年支出 7486.96 万元，其中基本支出 214.33 万元，项目支出 7272.63 万元。",
        ["Total 7486.96万元 = 214.33万元 + 7272.63万元"],
    ),
    ("本部门 2022 年底共有编制人数 14 人，实有人数 20 人。", ["Staffing 14人/20人/None"]),
    (
        "株洲市石峰区社会保险服务中心内设机构包括：内设科室 6 个，分别为：企业养老保险、机关养老保险、失业保险、"
        "城乡居民养老保险、退休审批室、财务室。",
        ["Enumeration 6个 6"],
    ),
    (
        "项目全年预算数为25万元，执行数为25万元，完成预算的100%。",
        ["Completion 25万元/25万元 = 100% basis=全年"],
    ),
    (  # 422.75 ÷ 200 = 211.375 → 211.38%
        "项目全年预算数为200万元，执行数为422.75万元，完成预算的211.38%。",
        ["Completion 422.75万元/200万元 = 211.38% basis=全年"],
    ),
    # --- seed 001 --------------------------------------------------------------------------------
    (  # line 426: 2.76 ÷ 4 = 69%; 4.11 ÷ (2.76 + 4.11) = 59.825%
        "2024年度“三公”经费财政拨款支出预算为4万元，支出决算为2.76万元，完成预算的69%，决算数小于预算数的主要原因是"
        "严格遵守中央八项规定，厉行节约，与上年相比减少4.11万元，下降59.82%，下降的主要原因是严格遵守中央八项规定。",
        [
            "Completion 2.76万元/4万元 = 69% basis=None",
            "Change down now=2.76万元 amount=4.11万元 rate=59.82% base=None",
            "Comparison 2.76万元 小于 4万元",
        ],
    ),
    (  # 1.63 ÷ 2 = 81.5%; 1.79 ÷ 3.42 = 52.34%
        "公务接待费支出预算为2万元，支出决算为1.63万元，完成预算的81.5%，决算数小于预算数的主要原因是严格遵守中央八项"
        "规定，与上年相比减少1.79万元，下降52.34%。",
        [
            "Completion 1.63万元/2万元 = 81.5% basis=None",
            "Change down now=1.63万元 amount=1.79万元 rate=52.34% base=None",
            "Comparison 1.63万元 小于 2万元",
        ],
    ),
    (
        "因公出国（境）费支出预算为0万元，支出决算为0万元，由于预算数为0万元，无法计算百分比，决算数与预算数一致，"
        "我单位严格按预算执行决算，因公出国（境）费支出与上年持平。",
        ["Change flat now=0万元 amount=None rate=None base=None"],
    ),
    ("桃江县社会保险服务中心共有编制人数32人，实有人数27人。", ["Staffing 32人/27人/None"]),
    (
        "内设股室7个，分别为：办公室、稽核股、财务股、退管股、征缴股、被征地股、个账与职业年金股。",
        ["Enumeration 7个 7"],
    ),
    # --- seed 000 --------------------------------------------------------------------------------
    (  # line 541: 643.58 + 93.31 = 736.89
        "本单位 2024 年一般公共预算财政拨款支出年初结转和结余 0 万元，年初预算 620.76 万元，年中追加 116.13 万元，"
        "本年实际收入 736.89 万元，实际支出 736.89 万元，包括：基本支出 643.58 万元、项目支出 93.31 万元。",
        ["Total 736.89万元 = 643.58万元 + 93.31万元"],
    ),
    (  # line 553: 562.52 + 114.8 + 45.09 + 14.48 = 736.89
        "按经济科目划分，2024 年支出分别为：工资福利支出562.52 万元；商品和服务支出 114.8 万元；对个人和家庭的补助 "
        "45.09 万元；资本性支出 14.48 万元，合计 736.89 万元。",
        ["Total 736.89万元 = 562.52万元 + 114.8万元 + 45.09万元 + 14.48万元"],
    ),
    (  # line 618: the 2024 figure is in the table above, not in the sentence
        "本单位 2024 年度“三公经费”控制率为 0.1%，预算控制较好，2024 年决算数比 2023 年决算数减少 2.37 万元，"
        "降低 85.56%，主要原因是：本单位 2024 年严格执行例行节约的文件要求。",
        ["Change down now=None amount=2.37万元 rate=85.56% base=None"],
    ),
    (  # line 528: the 退休 staff are not part of the 在职
        "截止 2024 年 12 月 31 日，本单位年末实有在职人数 30 人，其中：参照公务员法管理人员 30 人；退休人员 23 人。",
        ["Total 30人 = 30人", "Staffing None/30人/23人"],
    ),
    # --- seed 003 --------------------------------------------------------------------------------
    (  # line 281: 6 said, 5 listed
        "岳阳市岳阳楼区社会保险服务中心设6个内设机构，具体有：综合办公室、财务股、个人账户管理股、机关事业股、"
        "退休管理和稽核股。",
        ["Enumeration 6个 5"],
    ),
    ("2021年编制部门核定社保中心在职人员编制39人。", ["Staffing 39人/None/None"]),
    ("三公经费使用情况：公务接待费0元，完成年初预算的0%。", ["Completion 0元/None = 0% basis=年初"]),
    # --- dev corpus --------------------------------------------------------------------------------
    (  # cq-dazu-fgw-2020: 607.91 + 721.53 = 1329.44; 607.91 ÷ 1329.44 = 45.73% → 46%
        "本部门2020年度本年支出合计1329.44万元，其中：基本支出607.91万元，占46%；项目支出721.53万元，占54%。",
        [
            "Total 1329.44万元 = 607.91万元 + 721.53万元",
            "Share 607.91万元/1329.44万元 = 46%",
            "Share 721.53万元/1329.44万元 = 54%",
        ],
    ),
    (
        "本部门2020年度本年收入合计1162.2万元，其中：财政拨款收入1162.2万元，占100%。",
        ["Total 1162.2万元 = 1162.2万元", "Share 1162.2万元/1162.2万元 = 100%"],
    ),
    (  # 42.91 ÷ (1162.2 + 42.91) = 3.56% → 3.6%
        "本部门2020年度财政拨款本年收入1162.2万元，比2019年度减少42.91万元，降低3.6%。",
        ["Change down now=1162.2万元 amount=42.91万元 rate=3.6% base=None"],
    ),
    (
        "收入较上年减少1909.96万元，降低1.89%，主要原因为根据当年土地出让、配套收入、税收决定。",
        ["Change down now=None amount=1909.96万元 rate=1.89% base=None"],
    ),
    (
        "与2019年度决算相比，收支各增加57.45万元，增长4%，主要原因是财政拨款收入有增加。",
        ["Change up now=None amount=57.45万元 rate=4% base=None"],
    ),
    (  # tangxi: 为年初预算的 is a completion; the whole year's budget is not printed
        "全镇本级一般公共预算收入实现111.11万元,为年初预算的116.9%,比上年增长9.0%,其中税收收入109.91万元,增长14.5%",
        [  # the 其中 refers to 111.11 across the change told about it: 109.91 ≤ 111.11
            "Total 111.11万元 = 109.91万元",
            "Completion 111.11万元/None = 116.9% basis=年初",
            "Change up now=111.11万元 amount=None rate=9.0% base=None",
        ],
    ),
    (
        "全区一般公共预算收入2498904万元,完成年度预算的102.3%,同比增长8.3%",
        [
            "Completion 2498904万元/None = 102.3% basis=全年",
            "Change up now=2498904万元 amount=None rate=8.3% base=None",
        ],
    ),
    (  # 377841 ÷ 368000 = 102.67%; 57452 ÷ (377841 − 57452) = 17.93%
        "2021年一般公共预算收入调整为368000万元，实际收入377841万元，比2020年增加57452万元，增长17.93%，"
        "完成调整预算的102.67%",
        [
            "Completion 377841万元/368000万元 = 102.67% basis=调整后",
            "Change up now=377841万元 amount=57452万元 rate=17.93% base=None",
        ],
    ),
    (
        "一般公共预算支出684.6亿元,完成预算81.6%,比上年下降15.3%",
        [
            "Completion 684.6亿元/None = 81.6% basis=None",
            "Change down now=684.6亿元 amount=None rate=15.3% base=None",
        ],
    ),
    (
        "其中,税收收入420.6亿元,可比下降8.4%,占一般公共预算收入比重83.2%",
        ["Share 420.6亿元/一般公共预算收入 = 83.2%"],
    ),
    # --- the seeds' errors in other words (issue 16, item 4) ---------------------------------------
    (  # 3 ÷ (12 + 3) = 20%, printed 25% (3 ÷ 12)
        "机关运行经费支出12万元，比上年减少3万元，同比下降25%。",
        ["Change down now=12万元 amount=3万元 rate=25% base=None"],
    ),
    ("全年预算数100万元，全年执行数95万元，执行率90%。", ["Completion 95万元/100万元 = 90% basis=全年"]),
    (
        "年初预算200万元，实际支出195万元，预算执行率为98.5%。",
        ["Completion 195万元/200万元 = 98.5% basis=年初"],
    ),
    (  # 200 + 80 + 30 = 310 > 300
        "2023年度支出合计300万元，其中：基本支出200万元，项目支出80万元，其他支出30万元。",
        ["Total 300万元 = 200万元 + 80万元 + 30万元"],
    ),
    (  # 12,600元 = 1.26万元; 1.26 ÷ 2 = 63%
        "公务接待费支出预算为2万元，支出决算为12,600元，完成预算的36%。",
        ["Completion 12600元/2万元 = 36% basis=None"],
    ),
    (  # 1.2亿元 = 12000万元; 10800 ÷ 12000 = 90%
        "年初预算1.2亿元，全年执行数10800万元，完成预算的80%。",
        ["Completion 10800万元/1.2亿元 = 80% basis=年初"],
    ),
    (  # 27200 ÷ (145800 − 27200) = 22.93%
        "机关运行经费支出145,800元，比上年增加27,200元，增长25%。",
        ["Change up now=145800元 amount=27200元 rate=25% base=None"],
    ),
    (  # a rate of a zero budget
        "公务用车运行维护费年初预算0万元，支出决算3.2万元，完成年初预算的95.89%。",
        ["Completion 3.2万元/0万元 = 95.89% basis=年初"],
    ),
    (  # the base printed: 10.2 − 11.86 = −1.66, yet 增加
        "上年决算数11.86万元，本年决算数10.2万元，比上年增加1.66万元，增长14%。",
        ["Change up now=10.2万元 amount=1.66万元 rate=14% base=11.86万元"],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_relations(sentence: str, expected: list[str]) -> None:
    sentences = read_text(sentence)
    assert len(sentences) == 1
    assert sorted(show(r) for r in sentences[0].relations) == sorted(expected)


def test_offsets_lines_and_cache() -> None:
    text = "前言。\n年初预算为25万元，支出决算为２５万元，完成年初预算的100%。"
    first = read_text(text, "doc")
    assert read_text(text, "doc") == first  # cached: the same reading
    s = first[1]
    assert (s.line, s.source) == (2, "doc")
    q = s.quantities[1]
    assert (q.value, q.unit, q.raw, q.label) == (25, "万元", "２５万元", "支出决算")
    assert text[q.offset : q.offset + len(q.raw)] == "２５万元"


def test_a_其中_in_the_next_sentence_is_exhaustive_when_its_parts_are_a_complete_split() -> None:
    from decimal import Decimal

    from jixiao.figures.model import Total

    [_, second] = read_text(
        "支出480.2万元。其中：人员经费支出300万元，公用经费支出80.2万元，项目支出100万元。"
    )
    [total] = second.of(Total)
    assert total.whole.value == Decimal("480.2") and total.exhaustive
    [_, partial] = read_text("支出480.2万元。其中：人员经费支出300万元，项目支出100万元。")
    [total] = partial.of(Total)
    assert not total.exhaustive  # 公用经费 left out: a 其中 that names some parts only
