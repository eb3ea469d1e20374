"""财政重点评价 and 抽评: a reproducible sample, conflicts of interest, and self-score vs re-score.

财预〔2020〕10号 has the finance department evaluate (财政评价) besides the units' own 自评, and 财预
〔2021〕6号 lets it commission third-party agencies and experts under conflict-of-interest rules.

- :func:`draw_sample`: random with a recorded seed, stratified (by desk, by size band or not at all),
  proportional allocation by largest remainder; the same candidates, seed and size always give the
  same sample, and the result records how it was drawn.
- :func:`conflicts`: an agency or expert may not re-evaluate a unit it works for, served in the recent
  years it lists, or whose evaluation panel it sat on (回避).
- :func:`scoring_rows` and :func:`re_score_total`: the rows of a 自评表 a re-scorer may score again
  (预算执行率 and each 三级指标) and the re-score of the form: the typed total, or the self-score less
  the gaps of the rows re-scored (rows not re-scored keep their self-score).
- :func:`read_candidates`: a candidate list from a .csv (``jixiao sample 名单.csv --size 5 --seed 2024
  --by desk``): a column naming the unit or project, and optionally its code, desk and budget (万元).
- :func:`score_gaps` and :func:`overstating_units`: the gap self − re-score per item, and the units
  whose self-scores exceed the re-scores on average by more than the rule set's threshold.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from jixiao.layouts.words import header_key
from jixiao.model import EvaluationPackage, SelfEvaluation


@dataclass(frozen=True)
class Candidate:
    """A unit or project that may be drawn: its key (stable id), label, stratum and size (万元)."""

    key: str
    label: str
    stratum: str = ""
    size: Decimal | None = None


@dataclass(frozen=True)
class Sample:
    seed: int
    size: int
    method: Literal["simple", "stratified"]
    stratify_by: str  # "" / desk / size
    allocation: dict[str, int]  # stratum → drawn
    population: dict[str, int]  # stratum → candidates
    drawn: list[Candidate]

    def describe(self) -> str:
        parts = "，".join(f"{k or '全部'} {self.allocation[k]}/{self.population[k]}" for k in self.population)
        how = "分层随机抽样" if self.method == "stratified" else "简单随机抽样"
        return f"{how}（随机种子 {self.seed}，共抽取{len(self.drawn)}个）：{parts}"


def size_band(size: Decimal | None, bounds: Sequence[Decimal]) -> str:
    """The band of an amount: ``bounds`` ascending (万元), e.g. [100, 1000] → 100万元以下 / 100–1000万元 / 1000万元以上."""
    if size is None:
        return "规模不详"
    edges = list(bounds)
    for i, upper in enumerate(edges):
        if size < upper:
            return f"{_n(upper)}万元以下" if i == 0 else f"{_n(edges[i - 1])}–{_n(upper)}万元"
    return f"{_n(edges[-1])}万元以上" if edges else "全部"


def _n(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _allocate(population: dict[str, int], size: int) -> dict[str, int]:
    """Proportional allocation with the largest remainder (ties broken by stratum name)."""
    total = sum(population.values())
    if total == 0:
        return {k: 0 for k in population}
    size = min(size, total)
    quotas = {k: Decimal(n) * size / total for k, n in population.items()}
    alloc = {k: int(q) for k, q in quotas.items()}
    left = size - sum(alloc.values())
    order = sorted(population, key=lambda k: (-(quotas[k] - alloc[k]), k))
    for k in order:
        if left <= 0:
            break
        if alloc[k] < population[k]:
            alloc[k] += 1
            left -= 1
    return alloc


def draw_sample(
    candidates: Iterable[Candidate], *, size: int, seed: int, stratify_by: Literal["", "desk", "size"] = ""
) -> Sample:
    """A reproducible sample of ``size`` candidates (the candidates' ``stratum`` is the desk or size band)."""
    if size < 1:
        raise ValueError("抽样数量至少为1")
    pool = sorted(candidates, key=lambda c: c.key)
    strata: dict[str, list[Candidate]] = {}
    for c in pool:
        strata.setdefault(c.stratum if stratify_by else "", []).append(c)
    population = {k: len(v) for k, v in sorted(strata.items())}
    allocation = _allocate(population, size)
    drawn: list[Candidate] = []
    for stratum in sorted(strata):
        rng = random.Random(f"{seed}:{stratum}")  # one stream per stratum: adding a stratum moves no other
        drawn += sorted(rng.sample(strata[stratum], allocation[stratum]), key=lambda c: c.key)
    return Sample(
        seed=seed,
        size=size,
        method="stratified" if stratify_by else "simple",
        stratify_by=stratify_by,
        allocation=allocation,
        population=population,
        drawn=drawn,
    )


@dataclass(frozen=True)
class Reviewer:
    """A third-party agency (第三方机构) or an expert (专家) in the bureau's registry."""

    name: str
    kind: Literal["agency", "expert"]
    employer: str | None = None  # an expert's work unit
    clients: tuple[str, ...] = ()  # units the agency or expert served in the recent years (咨询、代编等)


@dataclass(frozen=True)
class Conflict:
    reviewer: str
    unit: str
    reason: str


def conflicts(reviewer: Reviewer, unit: str, *, panel: Iterable[str] = ()) -> list[Conflict]:
    """Why ``reviewer`` may not re-evaluate ``unit`` (empty: no conflict). ``panel``: the names on the
    unit's own evaluation panel (评价人员) for the year."""
    out: list[Conflict] = []
    key = header_key(unit)
    if reviewer.employer and header_key(reviewer.employer) == key:
        out.append(Conflict(reviewer.name, unit, "专家在被评价单位任职"))
    if any(header_key(c) == key for c in reviewer.clients):
        out.append(Conflict(reviewer.name, unit, "近年为被评价单位提供过服务（咨询、代编、审计等）"))
    if any(header_key(p) == header_key(reviewer.name) for p in panel):
        out.append(Conflict(reviewer.name, unit, "参加过被评价单位本年度的自评（评价人员）"))
    return out


@dataclass(frozen=True)
class Gap:
    unit: str
    subject: str
    self_score: Decimal
    re_score: Decimal

    @property
    def gap(self) -> Decimal:
        """Self-score minus re-score: positive when the unit scored itself higher."""
        return self.self_score - self.re_score


@dataclass
class UnitGap:
    unit: str
    gaps: list[Gap] = field(default_factory=list)

    @property
    def mean(self) -> Decimal:
        return sum((g.gap for g in self.gaps), Decimal(0)) / len(self.gaps)


def score_gaps(items: Iterable[tuple[str, str, Decimal | None, Decimal | None]]) -> list[Gap]:
    """(unit, subject, self-score, re-score) → the gaps of the items that have both scores."""
    return [Gap(u, s, a, b) for u, s, a, b in items if a is not None and b is not None]


def overstating_units(gaps: Iterable[Gap], *, points: Decimal, min_samples: int) -> list[UnitGap]:
    """Units with at least ``min_samples`` re-scored items whose mean gap exceeds ``points``."""
    by_unit: dict[str, UnitGap] = {}
    for g in gaps:
        by_unit.setdefault(g.unit, UnitGap(g.unit)).gaps.append(g)
    return [u for _, u in sorted(by_unit.items()) if len(u.gaps) >= min_samples and u.mean > points]


# ---------------------------------------------------------------- re-scoring a form


@dataclass(frozen=True)
class ScoreRow:
    """A row of a 自评表 that can be re-scored: ``key`` is ``execution`` or ``indicators[i]``."""

    key: str
    label: str
    max_score: Decimal | None
    self_score: Decimal | None


@dataclass(frozen=True)
class ScoredForm:
    """A 自评表 of a package: ``path`` ``overall`` or ``projects[i]``, its label and stated total."""

    path: str
    label: str
    self_score: Decimal | None
    rows: list[ScoreRow]


def scoring_rows(evaluation: SelfEvaluation) -> list[ScoreRow]:
    """预算执行率 (when the form gives it points) and each 三级指标 with its 分值 and 自评得分."""
    rows: list[ScoreRow] = []
    funds = evaluation.funds
    if funds is not None and (funds.max_score is not None or funds.stated_score is not None):
        rows.append(ScoreRow("execution", "预算执行率", funds.max_score, funds.stated_score))
    for i, ind in enumerate(evaluation.indicators):
        rows.append(ScoreRow(f"indicators[{i}]", ind.name, ind.max_score, ind.score))
    return rows


def scored_forms(package: EvaluationPackage) -> list[ScoredForm]:
    """The forms of a package a re-evaluation can score: the overall form, then each project's."""
    out: list[ScoredForm] = []
    if package.overall is not None:
        o = package.overall
        out.append(ScoredForm("overall", "部门整体支出绩效自评表", o.stated_total_score, scoring_rows(o)))
    for i, p in enumerate(package.projects):
        out.append(
            ScoredForm(
                f"projects[{i}]", f"项目“{p.name or i + 1}”绩效自评表", p.stated_total_score, scoring_rows(p)
            )
        )
    return out


def re_score_total(
    self_total: Decimal | None, rows: dict[str, tuple[Decimal | None, Decimal]], total: Decimal | None = None
) -> Decimal:
    """The form's re-score. ``rows``: row key → (self-score, re-score) of the rows re-scored; ``total``:
    a re-score typed for the whole form (used when no row is re-scored).

    With rows, the re-score is the self total less Σ (self − re) over those rows: a row not re-scored
    keeps its self-score, and the form's own arithmetic is not re-judged."""
    if rows:
        if self_total is None:
            raise ValueError("自评表没有总分，不能按行复评；请直接填写复评总分")
        return self_total - sum(((s or Decimal(0)) - r for s, r in rows.values()), Decimal(0))
    if total is None:
        raise ValueError("请填写复评总分，或逐行填写复评得分")
    return total


# ---------------------------------------------------------------- candidates from a file

_LABEL = ("单位名称", "项目名称", "名称", "单位", "项目")
_KEY = ("编码", "编号", "单位编码", "项目编码", "预算编码")
_DESK = ("归口科室", "科室", "业务科室")
_SIZE = ("全年预算数", "预算数", "预算金额", "预算", "规模")


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    keys = [header_key(h) for h in headers]
    for name in names:
        for i, k in enumerate(keys):
            if k.startswith(header_key(name)):
                return i
    return None


def read_candidates(
    text: str, *, stratify_by: Literal["", "desk", "size"] = "", bounds: Sequence[Decimal] = ()
) -> list[Candidate]:
    """Candidates from CSV text (header row first): 名称 (required), 编码, 科室, 预算数 (万元). The stratum is
    the desk or the size band; the key is the code, else the name."""
    import csv
    import io

    rows = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(c.strip() for c in r)]
    if not rows:
        raise ValueError("名单为空")
    headers = rows[0]
    label_at = _column(headers, _LABEL)
    if label_at is None:
        raise ValueError("名单第一行须有“单位名称”或“项目名称”一栏")
    key_at, desk_at, size_at = _column(headers, _KEY), _column(headers, _DESK), _column(headers, _SIZE)
    if stratify_by == "desk" and desk_at is None:
        raise ValueError("按科室分层须有“归口科室”一栏")
    if stratify_by == "size" and (size_at is None or not bounds):
        raise ValueError("按规模分层须有“预算数”一栏并给出分档界限")
    out: list[Candidate] = []
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):

        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""

        label = cell(label_at)
        if not label:
            continue
        key = cell(key_at) or label
        if key in seen:
            raise ValueError(f"第{n}行：“{key}”重复")
        seen.add(key)
        size: Decimal | None = None
        if cell(size_at):
            try:
                size = Decimal(cell(size_at).replace(",", ""))
            except ArithmeticError as exc:
                raise ValueError(f"第{n}行：预算数“{cell(size_at)}”不是数字") from exc
        stratum = (
            cell(desk_at)
            if stratify_by == "desk"
            else size_band(size, bounds)
            if stratify_by == "size"
            else ""
        )
        out.append(Candidate(key, label, stratum, size))
    return out
