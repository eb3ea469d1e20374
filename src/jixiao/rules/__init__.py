"""Rule sets as data (HOUSE.md "Rules as data"): schema, loader, lint, selection, input registry.

The rule files themselves live in ``jixiao/data/rules/<jurisdiction>/<scope>/<id>.yaml`` and cite
their sources (财预〔2020〕10号, local 评分表 …); see ``docs/rules.md``.
"""

from .inputs import REGISTRY as INPUTS
from .inputs import InputResult, InputSpec, InputValue, compute_input
from .loader import (
    RULES_DIR,
    LintProblem,
    RuleSetError,
    content_hash,
    get_rule_set,
    lint_rule_sets,
    load_rule_sets,
    select_rule_sets,
)
from .model import (
    Band,
    Bands,
    Checklist,
    Composite,
    DeductionPerDayLate,
    GradeBand,
    LinearDeduction,
    Manual,
    Proportional,
    Qualitative,
    Row,
    RuleSet,
    Weight,
)

__all__ = [
    "INPUTS",
    "RULES_DIR",
    "Band",
    "Bands",
    "Checklist",
    "Composite",
    "DeductionPerDayLate",
    "GradeBand",
    "InputResult",
    "InputSpec",
    "InputValue",
    "LinearDeduction",
    "LintProblem",
    "Manual",
    "Proportional",
    "Qualitative",
    "Row",
    "RuleSet",
    "RuleSetError",
    "Weight",
    "compute_input",
    "content_hash",
    "get_rule_set",
    "lint_rule_sets",
    "load_rule_sets",
    "select_rule_sets",
]
