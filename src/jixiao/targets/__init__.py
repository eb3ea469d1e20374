"""The target parser: 年度指标值 / 实际完成值 → structured targets, and met / partly met / missed.

``parse_target("大于等于45万人")`` gives ``Target(kind=NUMERIC, comparator=GE, value=45,
unit="万人")``; ``parse_actual("45.99", target)`` takes the unit from the target; ``assess(target,
actual)`` applies the quantitative comparison of 财预〔2020〕10号 (RULES.md §1.3) and the
qualitative bands of §1.4. See :mod:`jixiao.targets.parser` and :mod:`jixiao.targets.assess`.
"""

from .assess import DEFAULT_APPROX_TOLERANCE, DEFAULT_PARTIAL_THRESHOLD, Judgement, assess, judge
from .model import (
    COMPARATOR_LABELS,
    LEVEL_LABELS,
    OUTCOME_LABELS,
    Assessment,
    Comparator,
    Direction,
    Outcome,
    Target,
    TargetKind,
)
from .parser import inherit_unit, parse_actual, parse_target
from .units import unit_base
from .vocabulary import direction_from_name

__all__ = [
    "COMPARATOR_LABELS",
    "DEFAULT_APPROX_TOLERANCE",
    "DEFAULT_PARTIAL_THRESHOLD",
    "LEVEL_LABELS",
    "OUTCOME_LABELS",
    "Assessment",
    "Comparator",
    "Direction",
    "Judgement",
    "Outcome",
    "Target",
    "TargetKind",
    "assess",
    "direction_from_name",
    "inherit_unit",
    "judge",
    "parse_actual",
    "parse_target",
    "unit_base",
]
