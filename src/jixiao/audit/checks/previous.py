"""Checks across years: this year's targets and results against last year's package.

``jixiao check PACKAGE --previous LAST_YEAR_PACKAGE`` (and the web app, from the packages it holds)
puts last year's package in the context (:func:`context_with_previous`). The checks then report, each
with both years' figures and places:

* ``target_too_low`` (YOY001): this year's target below what the unit already achieved last year —
  the seeds' ≥11.19万 certified after 16.49万 achieved (RULES.md R-Q3, 中发〔2018〕34号: targets
  that are easy to meet);
* ``target_lowered`` (YOY002): this year's target below last year's target;
* ``indicator_dropped`` (YOY003) and renamed (YOY004): an indicator of last year that is gone;
* ``repeatedly_missed`` (YOY005): an indicator missed (or only partly met) in both years;
* ``cost_efficiency`` (YOY006): the money of a form went up while one of its output quantities fell.

This year's targets are the declared ones (``package.targets``, with approved adjustments) when the
package has them, else the 年度指标值 of the self-evaluation forms. Values are parsed by
:mod:`jixiao.targets` and compared by :func:`jixiao.targets.assess`; nothing here reads text itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher

from jixiao.model import EvaluationPackage, FundsRowKind, Level2, Located, SelfEvaluation
from jixiao.targets import Comparator, Direction, Outcome, Target, TargetKind, assess, direction_from_name
from jixiao.targets.model import format_number

from ..findings import Finding, FindingLocation
from ..registry import CheckContext, declare, locate, register

PREVIOUS = "previous_package"
"""Key of last year's package in :attr:`CheckContext.cache`."""

declare(
    "YOY001",
    "target_too_low",
    "warning",
    "年度指标值低于上年实际完成值（target_too_low）",
    "绩效目标应与上年实际完成情况相衔接，不应低于已达到的水平（中发〔2018〕34号；RULES.md R-Q3）",
    "2025年“全年认证人数”指标值≥11.19万人，2024年实际完成16.49万人",
)
declare(
    "YOY002",
    "target_too_low",
    "warning",
    "年度指标值比上年调低（target_lowered）",
    "调低目标应说明理由",
    "2025年“缴费人数”指标值>14万人，2024年指标值>15万人",
)
declare(
    "YOY003",
    "indicator_quality",
    "warning",
    "上年的绩效指标本年不再设置（indicator_dropped）",
    "延续性工作的绩效指标应保持连续，以便跨年比较",
    "2024年“基金静态可支付月数”，2025年没有",
)
declare(
    "YOY004",
    "indicator_quality",
    "info",
    "上年的绩效指标本年改了名称（indicator_dropped）",
    "同一指标应沿用同一名称，改名应说明",
    "2024年“全年认证人数”，2025年“认证人数”",
)
declare(
    "YOY005",
    "score_vs_target",
    "warning",
    "绩效指标连续两年未完成（repeatedly_missed）",
    "连续未完成的指标应分析原因并整改，或调整目标（财预〔2020〕10号：结果应用）",
    "“实际发放人数”2024年≥98%完成94%，2025年≥98%完成95%",
)
declare(
    "YOY006",
    "indicator_quality",
    "warning",
    "资金增加而产出数量下降（cost_efficiency）",
    "资金投入增加时产出不应减少；否则应说明原因（成本效益，财预〔2020〕10号）",
    "全年执行数由444.24万元增至500万元（+12.55%），参保人数由45.99万人降至44万人（−4.33%）",
)


def context_with_previous(previous: EvaluationPackage, *, rule_set_id: str | None = None) -> CheckContext:
    """A check context carrying last year's package."""
    ctx = CheckContext(rule_set_id=rule_set_id)
    ctx.cache[PREVIOUS] = previous
    return ctx


def _plain(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@dataclass(frozen=True)
class Row:
    """One indicator of one year: its form, name, target, actual and place."""

    form: str  # "overall" / "project:<name>"
    form_label: str
    name: str
    level2: Level2
    target_raw: str
    target: Target
    actual_raw: str | None
    actual: Target | None
    owner: Located
    path: str
    field: str  # the field that holds the target text


def _form_key(form_scope: str, name: str | None) -> str:
    return "overall" if form_scope == "overall" else f"project:{_plain(name)}"


def rows(package: EvaluationPackage) -> list[Row]:
    """Every indicator of the package with its target in force and its actual (if any)."""
    out: list[Row] = []
    declared: set[str] = set()
    for i, decl in enumerate(package.targets):
        key = _form_key(decl.scope.value, decl.name)
        declared.add(key)
        label = "部门整体" if key == "overall" else f"项目“{decl.name}”"
        actuals = _actuals(package, key)
        for j, di in enumerate(decl.indicators):
            text = decl.effective_target_raw(di)
            target = di.target() if text == di.target_text() else _parse(text, di.name)
            raw_actual = actuals.get(_plain(di.name))
            out.append(
                Row(
                    key,
                    label,
                    di.name,
                    di.level2,
                    text,
                    target,
                    raw_actual,
                    _parse_actual(raw_actual, target),
                    di,
                    f"targets[{i}].indicators[{j}].target_raw",
                    "target_raw",
                )
            )
    for path, form in _forms(package):
        key = _form_key(form.scope.value, form.name)
        if key in declared:
            continue
        label = "部门整体" if key == "overall" else f"项目“{form.name}”"
        for j, ind in enumerate(form.indicators):
            target = ind.target()
            out.append(
                Row(
                    key,
                    label,
                    ind.name,
                    ind.level2,
                    ind.target_raw or "",
                    target,
                    ind.actual_raw,
                    _parse_actual(ind.actual_raw, target),
                    ind,
                    f"{path}.indicators[{j}].target_raw",
                    "target_raw",
                )
            )
    return out


def _forms(package: EvaluationPackage) -> list[tuple[str, SelfEvaluation]]:
    out = [("overall", package.overall)] if package.overall is not None else []
    return out + [(f"projects[{i}]", p) for i, p in enumerate(package.projects)]


def _actuals(package: EvaluationPackage, key: str) -> dict[str, str]:
    for _, form in _forms(package):
        if _form_key(form.scope.value, form.name) == key:
            return {
                _plain(i.name): i.actual_raw for i in form.indicators if i.actual_raw and _plain(i.actual_raw)
            }
    return {}


def _parse(text: str, name: str) -> Target:
    from jixiao.targets import parse_target

    return parse_target(text, indicator_name=name)


def _parse_actual(text: str | None, target: Target) -> Target | None:
    if not _plain(text):
        return None
    from jixiao.targets import parse_actual

    return parse_actual(text or "", target)


def _simple(t: Target | None) -> Target | None:
    """A single numeric figure with a value (compound and other kinds are not compared)."""
    if t is None or t.parts or t.kind is not TargetKind.NUMERIC or t.normalized_value() is None:
        return None
    return t


def _direction(row: Row) -> Direction:
    if row.target.direction is not Direction.NONE:
        return row.target.direction
    return direction_from_name(row.name) or Direction.NONE


def _where(row: Row, package: EvaluationPackage) -> str:
    src = row.owner.sources.get(row.field) or row.owner.sources.get("name")
    place = src.describe() if src is not None else ""
    return f"{package.year}年{row.form_label}“{row.name}”" + (f"（{place}）" if place else "")


def _pairs(current: list[Row], previous: list[Row]) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """Rows matched by form and name (in order for repeated names); the unmatched of each year."""
    pool: dict[tuple[str, str], list[Row]] = {}
    for r in current:
        pool.setdefault((r.form, _plain(r.name)), []).append(r)
    pairs, dropped = [], []
    for p in previous:
        bucket = pool.get((p.form, _plain(p.name)))
        if bucket:
            pairs.append((bucket.pop(0), p))
        else:
            dropped.append(p)
    new = [r for bucket in pool.values() for r in bucket]
    return pairs, dropped, new


def _previous(ctx: CheckContext) -> EvaluationPackage | None:
    prev = ctx.cache.get(PREVIOUS)
    return prev if isinstance(prev, EvaluationPackage) else None


def _loc(row: Row, ctx_path: str | None = None) -> FindingLocation:
    return locate(row.owner, ctx_path or row.path, row.field, "name")


@register("YOY001", "YOY002")
def check_targets_against_last_year(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    prev = _previous(ctx)
    if prev is None:
        return
    pairs, _, _ = _pairs(rows(package), rows(prev))
    for cur, old in pairs:
        target = _simple(cur.target)
        if target is None:
            continue
        direction = _direction(cur)
        t = target.normalized_value()
        assert t is not None
        actual = _simple(old.actual)
        if actual is not None and actual.base_unit() == target.base_unit():
            a = actual.normalized_value()
            assert a is not None
            low = (
                direction is Direction.HIGHER_BETTER and target.comparator is not Comparator.LE and t < a
            ) or (direction is Direction.LOWER_BETTER and target.comparator is not Comparator.GE and t > a)
            if low:
                verb = "低于" if direction is Direction.HIGHER_BETTER else "高于（宽于）"
                yield ctx.emit(
                    "YOY001",
                    f"{_where(cur, package)}指标值“{cur.target_raw}”{verb}"
                    f"{_where(old, prev)}实际完成值“{old.actual_raw}”"
                    f"（{target.describe()}，上年实际{actual.describe()}）。",
                    _loc(cur),
                    stated=cur.target_raw,
                    computed=f"{prev.year}年实际{old.actual_raw}",
                )
        old_target = _simple(old.target)
        if old_target is not None and old_target.base_unit() == target.base_unit():
            o = old_target.normalized_value()
            assert o is not None
            lowered = (direction is Direction.HIGHER_BETTER and t < o) or (
                direction is Direction.LOWER_BETTER and t > o
            )
            if lowered:
                yield ctx.emit(
                    "YOY002",
                    f"{_where(cur, package)}指标值“{cur.target_raw}”比{_where(old, prev)}指标值"
                    f"“{old.target_raw}”{'调低' if direction is Direction.HIGHER_BETTER else '放宽'}。",
                    _loc(cur),
                    stated=cur.target_raw,
                    computed=f"{prev.year}年指标值{old.target_raw}",
                )


@register("YOY003", "YOY004")
def check_dropped_indicators(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    prev = _previous(ctx)
    if prev is None:
        return
    current = rows(package)
    present_forms = {r.form for r in current}
    _, dropped, new = _pairs(current, rows(prev))
    for old in dropped:
        if old.form not in present_forms:
            continue  # the whole form (a project) ended: not an indicator dropped
        candidates = [r for r in new if r.form == old.form]
        best = max(
            candidates,
            key=lambda r: SequenceMatcher(None, _plain(r.name), _plain(old.name)).ratio(),
            default=None,
        )
        ratio = SequenceMatcher(None, _plain(best.name), _plain(old.name)).ratio() if best else 0.0
        renamed = best is not None and (
            ratio >= 0.6
            or (
                best.level2 == old.level2
                and best.target.base_unit() == old.target.base_unit()
                and ratio >= 0.4
            )
        )
        if renamed and best is not None:
            new.remove(best)
            yield ctx.emit(
                "YOY004",
                f"{_where(old, prev)}（指标值“{old.target_raw}”）在{package.year}年可能改名为"
                f"“{best.name}”（指标值“{best.target_raw}”）。",
                _loc(best),
                stated=best.name,
                computed=old.name,
            )
        else:
            yield ctx.emit(
                "YOY003",
                f"{_where(old, prev)}（指标值“{old.target_raw}”，实际完成“{old.actual_raw or '—'}”）"
                f"在{package.year}年{old.form_label}中不再设置。",
                locate(old.owner, f"previous.{old.path}", old.field, "name"),
                stated=old.name,
            )


def _missed(row: Row) -> bool:
    if row.actual is None:
        return False
    result = assess(row.target, row.actual, indicator_name=row.name)
    return result.outcome in (Outcome.MISSED, Outcome.PARTLY_MET)


@register("YOY005")
def check_repeatedly_missed(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    prev = _previous(ctx)
    if prev is None:
        return
    pairs, _, _ = _pairs(rows(package), rows(prev))
    for cur, old in pairs:
        if _missed(cur) and _missed(old):
            yield ctx.emit(
                "YOY005",
                f"“{cur.name}”连续两年未完成：{prev.year}年指标值“{old.target_raw}”实际“{old.actual_raw}”"
                f"（{_where(old, prev)}），{package.year}年指标值“{cur.target_raw}”实际“{cur.actual_raw}”。",
                _loc(cur),
                stated=f"{package.year}年{cur.actual_raw}",
                computed=f"{prev.year}年{old.actual_raw}",
            )


def _money(package: EvaluationPackage, key: str) -> tuple[Decimal, str] | None:
    """The money of a form (全年执行数, else 全年预算数, else the declared total) and what it is."""
    for _, form in _forms(package):
        if _form_key(form.scope.value, form.name) == key and form.funds is not None:
            total = form.funds.row(FundsRowKind.TOTAL)
            if total is not None and total.executed is not None:
                return total.executed, "全年执行数"
            if total is not None and total.annual_budget is not None:
                return total.annual_budget, "全年预算数"
    for decl in package.targets:
        if _form_key(decl.scope.value, decl.name) == key:
            fund = decl.fund(FundsRowKind.TOTAL)
            if fund is not None and fund.amount is not None:
                return fund.amount, "申报资金总额"
    return None


def _rate(new: Decimal, old: Decimal) -> Decimal:
    return ((new - old) / old * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _signed(rate: Decimal) -> str:
    return f"+{rate}%" if rate > 0 else f"−{-rate}%"


@register("YOY006")
def check_cost_efficiency(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    prev = _previous(ctx)
    if prev is None:
        return
    pairs, _, _ = _pairs(rows(package), rows(prev))
    for cur, old in pairs:
        if cur.level2 is not Level2.QUANTITY or _direction(cur) is not Direction.HIGHER_BETTER:
            continue
        money_now, money_then = _money(package, cur.form), _money(prev, old.form)
        if money_now is None or money_then is None or money_then[0] <= 0 or money_now[0] <= money_then[0]:
            continue
        output_now = _simple(cur.actual) or _simple(cur.target)
        said_now = cur.actual_raw if _simple(cur.actual) else f"指标值{cur.target_raw}"
        output_then = _simple(old.actual)
        if output_now is None or output_then is None or output_now.base_unit() != output_then.base_unit():
            continue
        n, o = output_now.normalized_value(), output_then.normalized_value()
        assert n is not None and o is not None
        if o <= 0 or n >= o:
            continue
        money_rate, output_rate = _rate(money_now[0], money_then[0]), _rate(n, o)
        yield ctx.emit(
            "YOY006",
            f"{cur.form_label}{money_then[1]}由{format_number(money_then[0])}万元（{prev.year}年）增至"
            f"{format_number(money_now[0])}万元（{package.year}年，{_signed(money_rate)}），"
            f"而“{cur.name}”由{old.actual_raw}降至{said_now}（{_signed(output_rate)}）。",
            _loc(cur),
            stated=f"资金{_signed(money_rate)}",
            computed=f"产出{_signed(output_rate)}",
        )
