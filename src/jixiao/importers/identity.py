"""Whose document, which year: the unit and the evaluation year found from anything printed.

The year comes from the title first ("（2023年度）", "…2024年度部门决算"), then any "20XX年度" near
the top, then the file name, then anywhere in the text; the unit from, in order: the forms' own
fields (实施单位, 单位名称, 部门名称, 预算单位, 主管部门), the cover ("部门（单位）名称："), the title
("XX局2022年度部门决算", "关于XX中心…的报告"), a signature line ("XX财政局局长 …", "经XX局汇总"),
and for a government's 决算/预算 report the finance bureau of the place it names. Candidates that are
an assembly or a meeting ("…人民代表大会…") are never a unit. Budget codes printed before a name
("219001-", "51000021R000000019951-") are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from jixiao.model import EvaluationPackage

from .context import Context, Item

UNIT_SUFFIX = (
    r"(?:人民政府|人民检察院|人民法院|街道办事处|办事处|管理委员会|委员会|服务中心|管理中心|中心|"
    r"财政局|局|委|办公室|学校|中学|小学|幼儿园|医院|卫生院|研究院|研究所|院|所|站|队|馆|厅|署|"
    r"协会|联合会|会|部|处|镇|乡|街道|公司|大学|学院)"
)
_NOT_A_UNIT = re.compile(r"人民代表大会|常务委员会|人大|会议|政协|代表大会|您当前|当前位置|首页")
_CODE_PREFIX = re.compile(r"^[0-9A-Za-z]{3,}\s*[-－—_]\s*")
_PLACE = (
    r"(?:[\u4e00-\u9fa5]{1,8}(?:省|自治区|市|自治州|州|盟|地区))?[\u4e00-\u9fa5]{1,8}(?:市|县|区|旗|自治县)"
)
_YEAR_OF_TITLE = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")
_YEAR_DU = re.compile(r"((?:19|20)\d{2})\s*年度")
_TITLE_WORDS = re.compile(r"(报告|决算|预算|自评|说明|评分表|考核表|数据表|公开|财政收支)")


def clean_unit(text: str) -> str:
    """A printed unit name without its budget code, seal note or spaces: "219001-池州市…" → "池州市…"."""
    name = re.sub(r"\s+", "", text)
    name = _CODE_PREFIX.sub("", name)
    name = re.sub(r"[（(](盖章|公章|签章)[）)]$", "", name)
    return name.strip("：:，,。 ")


def is_unit_name(text: str) -> bool:
    name = clean_unit(text)
    return (
        4 <= len(name) <= 40
        and re.search(UNIT_SUFFIX + "$", name) is not None
        and not _NOT_A_UNIT.search(name)
        and re.search(r"\d", name) is None
    )


def _head(ctx: Context, count: int = 40) -> list[Item]:
    return [it for it in ctx.items[:400] if it.table is None and it.text.strip()][:count]


_NUMBERED = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+\s*、|\d{1,2}\s*[、．.](?!\d))"
)
_DATE = re.compile(r"(?:19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}")
_AMOUNT = re.compile(r"\d(?:[\d,]*\.?\d*)\s*(?:万元|亿元|元|%)")
_COMPARED = re.compile(r"(较|比|与|同|上年|上一)\s*$")


def _titles(ctx: Context) -> Iterator[Item]:
    for item in _head(ctx):
        text = item.text.strip()
        if _NUMBERED.match(text) or text.endswith(("。", "；", ";")):
            continue  # "(二)听取和审议主任委员会的报告。": a numbered sentence, not a title
        if _AMOUNT.search(text) or re.search(r"[，,。]\s*\S", text):
            continue  # "当年拨付的资金。较2020年度决算数减少157.86万元,下降": a wrapped line of a sentence
        if len(text) <= 80 and _TITLE_WORDS.search(text) and not re.search(r"(时间|日期)[:：]", text):
            yield item


def find_year(ctx: Context, filename: str | None) -> tuple[Item | None, int | None]:
    """The evaluation year and where it was read (``None`` item: from the file name)."""
    for item in _titles(ctx):
        m = _YEAR_OF_TITLE.search(_DATE.sub("", item.text))
        if m:
            return item, int(m.group(1))
    for item in ctx.items[:4000]:
        for m in _YEAR_DU.finditer(item.text.replace("\n", "")):
            if not _COMPARED.search(item.text.replace("\n", "")[max(0, m.start() - 3) : m.start()]):
                return item, int(m.group(1))  # not the year compared with (“较2020年度决算数”)
    if filename:
        m = re.search(r"((?:19|20)\d{2})", Path(filename).stem)
        if m:
            return None, int(m.group(1))
    # the year the text speaks of most, leaving out document numbers (〔2022〕), titles of rules
    # (《…2022年修订…》), dates and the years compared with
    counts: dict[int, int] = {}
    first: dict[int, Item] = {}
    for item in ctx.items[:4000]:
        text = re.sub(r"〔[^〕]*〕|《[^》]*》|[（(][^）)]*修订[^）)]*[）)]", "", _DATE.sub("", item.text))
        for m in re.finditer(r"((?:19|20)\d{2})\s*年", text):
            if _COMPARED.search(text[max(0, m.start() - 3) : m.start()]):
                continue  # the year compared with ("比2025年上升867.60万元")
            year = int(m.group(1))
            counts[year] = counts.get(year, 0) + 1
            first.setdefault(year, item)
    if counts:
        year = max(counts, key=lambda y: (counts[y], y))
        return first[year], year
    return _year_of_date(ctx)


_LABELLED_DATE = re.compile(
    r"(?:填报日期|报告日期|发布日期|发布时间|成文日期|公开日期|公开时间|生成日期|时间)\s*[:：]?\s*"
    r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})"
)


def _year_of_date(ctx: Context) -> tuple[Item | None, int | None]:
    """A paper that prints no year of its own ("20xx年") is about the year before it was filed or
    published: "填报日期：2024-05-06" → 2023 (self-evaluations and 决算 are made after the year ends).
    The import report says the year was inferred."""
    for item in ctx.items[:200]:
        m = _LABELLED_DATE.search(item.text)
        if m:
            year = int(m.group(1)) - 1
            ctx.issue(
                item, f"正文未写评价年度，按{m.group(0).strip()}推定为{year}年度", item.text.strip()[:60]
            )
            return item, year
    return None, None


def _from_title(text: str) -> str | None:
    flat = re.sub(r"\s+", "", text)
    m = re.match(
        r"^(?:关于)?(\S{2,40}?" + UNIT_SUFFIX + r")(?:(?:19|20)\d{2}年|关于|部门|单位|本级|的|项目|整体)",
        flat,
    )
    if m and is_unit_name(m.group(1)):
        return clean_unit(m.group(1))
    return None


_STRONG_SUFFIX = (
    r"(?:人民政府|人民检察院|人民法院|街道办事处|管理委员会|委员会|服务中心|管理中心|中心|财政局|局|"
    r"学校|中学|小学|幼儿园|医院|卫生院|研究院|研究所|指挥部|办公室)"
)


def _leading_unit(text: str) -> str | None:
    """ "红河州第二人民医院国家基本公共卫生服务项目州级补助资金2023年度绩效自评报告": a title that names
    its unit first and goes straight on with the project — the shortest opening that is a unit."""
    flat = re.sub(r"\s+", "", text)
    if not re.search(r"(报告|自评表|说明|结果)$", flat):
        return None
    m = re.match(
        r"^(?:关于)?([\u4e00-\u9fa5]{2,30}?" + _STRONG_SUFFIX + r")(?![\u4e00-\u9fa5]{0,2}(?:局|中心|院|部))",
        flat,
    )
    if m and is_unit_name(m.group(1)):
        return clean_unit(m.group(1))
    return None


_REPORTED_BY = re.compile(
    r"现将(?:(?:19|20)\d{2}年度?)?([\u4e00-\u9fa5]{4,30}?"
    + UNIT_SUFFIX
    + r")[^，,。]{0,40}?(?:报告|公布|公开|说明)如下"
    r"|现将([\u4e00-\u9fa5]{2,30}?"
    + UNIT_SUFFIX
    + r")(?:19|20)\d{2}年[^，,。]{0,40}?(?:报告|公布|公开|说明)如下"
)
_OVERVIEW = re.compile(
    r"^(?:第[一二三四五]部分)?\s*([\u4e00-\u9fa5]{4,30}?" + UNIT_SUFFIX + r")(?:本级)?(?:基本)?概况$"
)


def _body_units(ctx: Context) -> Iterator[tuple[str, Item]]:
    """Units the body names as the author: "现将2022年西平县交通运输局…报告如下", "第一部分 XX委员会概况"."""
    for item in ctx.items[:400]:
        if item.table is not None:
            continue
        m = _REPORTED_BY.search(re.sub(r"\s+", "", item.text))
        name = (m.group(1) or m.group(2)) if m else None
        short_town = (
            m is not None and m.group(2) is not None and re.fullmatch(r"[\u4e00-\u9fa5]{2}[镇乡]", name or "")
        )
        if name and (
            is_unit_name(name) or short_town
        ):  # "现将焦石镇2020年度…公布如下": a town of 3 characters
            yield clean_unit(name), item
    for item in ctx.items[:400]:
        m = _OVERVIEW.match(item.key) if item.table is None else None
        if m and is_unit_name(m.group(1)):
            yield clean_unit(m.group(1)), item


def _government_report(text: str) -> str | None:
    """A government's own 决算/预算 report names no unit: its finance bureau presents it."""
    flat = re.sub(r"\s+", "", text)
    flat = re.sub(r"^[（(][^）)]{2,8}[）)]", "", flat)  # "(天津市)和平区…"
    m = re.match(r"^(?:关于)?(" + _PLACE + r")(?:(?:19|20)\d{2}年)?.{0,12}(?:决算|预算|财政收支)", flat)
    if m:
        return m.group(1) + "财政局"
    return None


def unit_candidates(ctx: Context, package: EvaluationPackage) -> Iterator[tuple[str, Item | None]]:
    """Unit names in order of trust, each with the item it was read from (when there is one)."""
    for ev in package.evaluations():
        for attr in ("implementing_unit", "department"):
            value = getattr(ev, attr)
            if value and is_unit_name(value):
                yield clean_unit(value), None
    if package.cover is not None and package.cover.unit_name and is_unit_name(package.cover.unit_name):
        yield clean_unit(package.cover.unit_name), None
    titles = list(_titles(ctx))
    for item in titles:
        name = _from_title(item.text) or _leading_unit(item.text)
        if name:
            yield name, item
    yield from _body_units(ctx)
    for item in ctx.items[:200]:
        # the publisher a portal prints above the paper: "发布机构 | 施甸县财政局" (a cell, or a line)
        if item.key in ("发布机构", "发布单位", "公开单位", "信息来源") and item.index + 1 < len(ctx.items):
            nxt = ctx.items[item.index + 1]
            if is_unit_name(nxt.text):
                yield clean_unit(nxt.text), nxt
        m = re.search(
            r"(?:发布机构|发布单位|公开单位|信息来源)\s*[|:：]?\s*(\S{4,30}?" + UNIT_SUFFIX + r")", item.text
        )
        if m and is_unit_name(m.group(1)):
            yield clean_unit(m.group(1)), item
    for item in ctx.items[:400]:
        m = re.search(
            r"(\S{2,30}?" + UNIT_SUFFIX + r")(?:局长|主任|书记|负责人)\s*\S{2,4}$", item.text.strip()
        )
        if m and is_unit_name(m.group(1)):
            yield clean_unit(m.group(1)), item
        m = re.search(r"经(\S{2,30}?" + UNIT_SUFFIX + r")(?:汇总|审核|批复)", item.text)
        if m and is_unit_name(m.group(1)):
            yield clean_unit(m.group(1)), item
    for item in titles:
        name = _government_report(item.text)
        if name:
            yield name, item


def weak_unit(ctx: Context) -> tuple[Item | None, str | None]:
    """A last resort: the first unit-like name at the start of a line near the top."""
    for item in _head(ctx, 80):
        m = re.match(
            r"^([\u4e00-\u9fa5]{2,30}?" + UNIT_SUFFIX + r")(?=[\s，,。：:（(]|$|(?:19|20)\d{2})",
            item.text.strip(),
        )
        if m and is_unit_name(m.group(1)):
            return item, clean_unit(m.group(1))
    return None, None


_LABELLED_UNIT = (
    re.compile(r"^(?:部门[（(]单位[）)]|单位|预算单位|项目实施单位|实施单位)名称[:：]\s*(\S+)"),
    re.compile(r"^(?:部门|项目实施单位|实施单位)[:：]\s*(\S+)$"),
    re.compile(r"^(?:州级|县级|区级|市级)?预算部门名称[:：]\s*(\S+)"),
)
_NAME_CELLS = ("县级预算部门、单位名称", "部门名称", "单位名称", "预算部门名称")
_WORDS = r"(?:服务中心|中心|局|委员会|办公室|研究院|院|所|站|队|馆|厅|会|部|处)(?![门分署])"
"""Endings of a name a label or a title line gives (narrower than :data:`UNIT_SUFFIX`: not 镇, 学校)."""
_QUOTED = re.compile(r"《[^》]*》|“[^”]*”|〔[^〕]*〕")
# "按照财政部…", "向区七届人大常委会…", "分享文档赚钱的网站": a name a sentence refers to or addresses, a
# ministry, a site's boilerplate — never the unit that wrote the paper
_NOT_AUTHOR = re.compile(
    r"^(?:按照|根据|依据|向|对|经|由|关于|会同|为了?|在|从|与|报)|^财政部$|网站$|名称|表"
)


def unit_from_labels(ctx: Context) -> tuple[Item | None, str | None, bool]:
    """The unit before anything else is read: (item, name, strong).

    Strong when a label names it ("部门（单位）名称：…", "部门：…", a 部门名称 / 单位名称 cell with the name
    beside it, "预算部门名称：…") or a title line opens with it ("XX局2023年度…"); otherwise the first
    unit-like name in the text outside titles of documents (《…》), quotations and document numbers —
    a guess the importer replaces by :func:`unit_candidates` once the forms are read. This is the one
    place the importer looks for a unit name (``structure`` calls it; :func:`unit_candidates` and
    :func:`weak_unit` settle a guess).
    """
    for pattern in _LABELLED_UNIT[:2]:
        for item in ctx.items:
            m = pattern.match(item.text.strip().replace("\u3000", " "))
            if m and re.search(_WORDS + "$", m.group(1)):
                return item, m.group(1).strip(), True
    for item in ctx.items:
        if item.key in _NAME_CELLS and item.table is not None and item.index + 1 < len(ctx.items):
            nxt = ctx.items[item.index + 1]
            if (
                nxt.table == item.table
                and nxt.row == item.row
                and re.search(_WORDS + "$", nxt.key)
                and len(nxt.key) > 6
            ):
                return nxt, nxt.joined, True
    for item in ctx.items[:3000]:
        text = item.text.strip()
        m = re.match(r"^(\S{4,30}?" + _WORDS + r")\s*(?:19|20)\d{2}\s*年度", text)
        if m and not _NUMBERED.match(text):
            return item, m.group(1), is_unit_name(m.group(1))
        m = re.match(r"^(\S{4,30}?" + _WORDS + r")$", text)
        if m and item.index < 12 and item.table is None:
            return item, m.group(1), is_unit_name(m.group(1))
    for item in ctx.items:
        m = _LABELLED_UNIT[2].match(item.text.strip())
        if m and re.search(_WORDS + "$", m.group(1)):
            return item, m.group(1).strip(), True
    for item in ctx.items[:3000]:
        if item.table is not None or _NUMBERED.match(item.text.strip()):
            continue
        for m in re.finditer(r"([\u4e00-\u9fa5]{2,20}" + _WORDS + ")", _QUOTED.sub("，", item.text)):
            if not _NOT_AUTHOR.search(m.group(1)):
                return item, m.group(1), False
            break  # the line's first name is a reference, a verb's object or a web site: not the unit
    return None, None, False
