"""What the figure engine reads out of a sentence: quantities and the relations between them.

Plain frozen dataclasses. A money figure keeps the unit it was printed in (:class:`Amount`) until
:meth:`Amount.wan` normalises it, once, to 万元; every value is an exact :class:`~decimal.Decimal`
with the digits as printed (``"0.40"`` stays ``Decimal("0.40")``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeVar

MONEY_UNITS: dict[str, int] = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}
"""Money units and their power of ten in 元."""

Direction = Literal["up", "down", "flat"]
Basis = Literal["年初", "全年", "调整后"]


@dataclass(frozen=True)
class Amount:
    """A sum of money as printed: ``Amount(Decimal("208.09"), "元")``."""

    value: Decimal
    unit: str  # 元 / 千元 / 万元 / 亿元

    def wan(self) -> Decimal:
        """The amount in 万元, exactly (``1,234,500元`` → ``123.4500``)."""
        return self.value.scaleb(MONEY_UNITS[self.unit] - 4)


@dataclass(frozen=True)
class YearRef:
    """A year the text names: ``2023年`` (absolute) or ``上年`` / ``本年`` (relative to the report)."""

    raw: str
    year: int | None = None
    relative: int | None = None  # 0 本年 / 当年, -1 上年 / 去年


@dataclass(frozen=True)
class YearMention:
    """A printed year with where it stands in the sentence and whether it is a comparison's base."""

    year: int
    at: int  # start in Sentence.text
    end: int
    comparative: bool  # "比2021年", "与2021年相比", "上年和2021年"


@dataclass(frozen=True)
class Quantity:
    """A number in a sentence with its unit as printed and the words that name it.

    ``at``/``end`` are positions in :attr:`Sentence.text` (normalised); ``offset`` is where the
    figure starts in the source text as given to :func:`~jixiao.figures.read_text`.
    """

    value: Decimal
    unit: str  # as printed: 万元, 元, %, 人, 个, 元/人 … ("" when none)
    raw: str  # the figure as printed, unit included ("251. 21万元")
    label: str  # the noun phrase before it ("基本支出", "三公经费支出决算")
    verb: str  # the word between label and figure ("为", "增加", "下降", "") —
    lead: str  # the clause before the figure, as normalised
    after: str  # the noun right after the unit ("设6个内设机构" → "内设机构")
    year: YearRef | None
    at: int
    end: int
    offset: int
    source: str | None = None

    @property
    def amount(self) -> Amount | None:
        """The figure as money, when its unit is a money unit."""
        return Amount(self.value, self.unit) if self.unit in MONEY_UNITS else None

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def spaced(self) -> bool:
        """Printed with a stray space inside the number ("251. 21", "43 .97")."""
        digits = self.raw[: len(self.raw) - len(self.unit)] if self.unit else self.raw
        return any(ch in " \u3000\u00a0\t" for ch in digits.strip())

    def decimals(self) -> int:
        exponent = self.value.as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True)
class Total:
    """A whole and its parts: "支出合计350万元，其中：基本支出228万元，项目支出122万元".

    ``exhaustive`` says the wording lists every part (合计 / 总计 / 分别为 / 包括, or a 其中 that
    names a complete split such as 基本支出 + 项目支出); a plain 其中 may list only some.
    """

    whole: Quantity
    parts: tuple[Quantity, ...]
    marker: str
    exhaustive: bool


@dataclass(frozen=True)
class Change:
    """A change against an earlier year: "比上年减少1.3万元，下降25%" (amount and/or rate).

    ``now`` is the current figure when the sentence states it before the comparison, ``base`` the
    earlier one when the sentence states it; ``words`` the direction words as printed.
    """

    now: Quantity | None
    amount: Quantity | None
    rate: Quantity | None
    direction: Direction
    base: Quantity | None
    marker: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Completion:
    """A rate of completion of a budget: "预算4万元，决算2.76万元，完成预算的69%" / "执行率90%".

    ``remainder`` is the part left over when the sentence prints it instead of the budget
    ("支付18501.096万元，未支703万元，支付率95%": the budget is 支付 + 未支); the rate is then checked
    against ``actual ÷ (actual + remainder)``.
    """

    actual: Quantity | None
    budget: Quantity | None
    rate: Quantity
    basis: Basis | None
    marker: str
    remainder: Quantity | None = None


@dataclass(frozen=True)
class Share:
    """A part's share of a whole: "基本支出214.33万元，占85.32%" / "占本年支出合计的97.52%".

    ``whole`` is the figure when the same sentence states it; otherwise ``whole_label`` names it
    (resolve it with :func:`~jixiao.figures.find_labelled` over the paragraph or the document).
    """

    part: Quantity
    whole: Quantity | None
    whole_label: str
    rate: Quantity


@dataclass(frozen=True)
class Staffing:
    """Headcounts: 编制 (authorised), 实有 (actual), 退休 (retired)."""

    authorised: Quantity | None
    actual: Quantity | None
    retired: Quantity | None


@dataclass(frozen=True)
class Enumeration:
    """A count followed by the names it counts: "设6个内设机构，具体有：A、B、C"."""

    count: Quantity
    items: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """Two figures compared in words: "决算数小于年初预算数" (``word`` 大于 / 小于 / 等于)."""

    left: Quantity
    right: Quantity
    word: str
    text: str


@dataclass(frozen=True)
class ChangeSplit:
    """A whole's change and the changes of the parts that make it up, listed as numbered items after
    it: "2018年基本支出预算较上年增59.11万元…如下:" "1.工资福利支出较上年增94.22万元" "2.商品和服务支出较
    上年增1.11万元" "3.对个人和家庭补助支出较上年减少16.23万元". ``subjects`` name the whole and the parts
    as printed before each comparison; ``complete`` says the parts make up the whole (a split of
    :data:`~.lexicon.COMPLETE_SPLITS`), when their signed changes must add up to the whole's."""

    whole: Change
    parts: tuple[Change, ...]
    subjects: tuple[str, ...]
    complete: bool


Relation = Total | Change | Completion | Share | Staffing | Enumeration | Comparison | ChangeSplit


@dataclass(frozen=True)
class Sentence:
    """One sentence (up to 。！？ or a line break) with its figures and what relates them."""

    text: str  # normalised: full-width digits → ASCII, spaces inside figures and CJK removed
    raw: str
    offset: int  # start in the source text
    line: int  # 1-based line of the source text where it starts
    source: str | None
    quantities: tuple[Quantity, ...]
    relations: tuple[Relation, ...]
    years: tuple[YearMention, ...]

    def of(self, kind: type[R]) -> list[R]:
        """The relations of one kind: ``sentence.of(Completion)``."""
        return [r for r in self.relations if isinstance(r, kind)]


R = TypeVar("R")
