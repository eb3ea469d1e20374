"""Scoring (评分): (package, rule set) → score sheets with every point traced to a rule and its source.

Implements the self-evaluation scoring of 财预〔2020〕10号 (as configured by the national rule
sets) and the row-by-row 评分表 of local rule sets (岳阳楼区 附件3-2, 湘西州 附件9).
:func:`final_score` is the package's one score and grade, for every page, download and document.
"""

from .engine import ScoreMemo, score_evaluation, score_package, score_table
from .final import FinalScore, final_score
from .primitives import Outcome, apply, describe_rule
from .sheet import GroupSubtotal, InputShown, ScoreRow, ScoreSheet, round2

__all__ = [
    "FinalScore",
    "GroupSubtotal",
    "InputShown",
    "Outcome",
    "ScoreMemo",
    "ScoreRow",
    "ScoreSheet",
    "apply",
    "describe_rule",
    "final_score",
    "round2",
    "score_evaluation",
    "score_package",
    "score_table",
]
