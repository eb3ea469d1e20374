"""judge(): an indicator's cells parsed and compared once, cached on their text (issue 11).

Behaviour, not timing: the cached result is the very object of the first call, and it says what
parse_target / parse_actual / assess say on their own.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.targets import Comparator, Direction, Outcome, assess, judge, parse_actual, parse_target
from jixiao.targets.parser import parse_cache_clear


def test_second_call_returns_the_cached_judgement() -> None:
    first = judge("≥95%", "97%", "群众满意度")
    assert judge("≥95%", "97%", "群众满意度") is first


def test_judgement_is_what_the_parts_say() -> None:
    target = parse_target("≥1200人", indicator_name="培训人数")
    actual = parse_actual("1080", target)
    result = judge("≥1200人", "1080", "培训人数")
    assert result.target == target
    assert result.actual == actual  # the unit 人 taken from the target
    assert result.actual.unit == "人"
    assert result.assessment == assess(target, actual, indicator_name="培训人数")
    assert result.assessment.outcome is Outcome.PARTLY_MET
    assert result.assessment.completion_ratio == Decimal("0.9")  # 1080 / 1200 = 0.9
    assert result.reversed is False


def test_reverse_unmarked_reads_a_bare_number_as_at_most() -> None:
    # 100台 written without a comparator under a name that says nothing of direction, 90台 done
    plain = judge("100台", "90台", "设备台数")
    reverse = judge("100台", "90台", "设备台数", reverse_unmarked=True)
    assert plain.reversed is False
    assert plain.assessment.outcome is Outcome.PARTLY_MET  # read as ≥ 100: 90 / 100 = 0.9
    assert reverse.reversed is True
    assert reverse.target.comparator is Comparator.LE
    assert reverse.target.direction is Direction.LOWER_BETTER
    assert reverse.assessment.outcome is Outcome.MET  # read as ≤ 100: 90 ≤ 100


def test_reverse_unmarked_leaves_a_written_comparator() -> None:
    result = judge("≥100台", "90台", "设备台数", reverse_unmarked=True)
    assert result.reversed is False
    assert result.target.comparator is Comparator.GE


def test_parse_cache_clear_forgets_judgements() -> None:
    first = judge("≥98%", "99%", "发放率")
    parse_cache_clear()
    again = judge("≥98%", "99%", "发放率")
    assert again is not first
    assert again == first
