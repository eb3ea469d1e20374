"""The audit checker (issue 3): finds every inconsistency a careful reviewer would.

``check_package(package, *, rule_set_id=None) -> list[Finding]``; ``report.render`` and
``report.exit_status`` for output; ``registry.render_findings_doc`` for docs/findings.md.
"""

from .check import check_package
from .findings import CATEGORIES, CodeSpec, Finding, FindingLocation, Severity
from .registry import CHECKS, CODES, CheckContext, render_findings_doc
from .report import exit_status, render

__all__ = [
    "CATEGORIES",
    "CHECKS",
    "CODES",
    "CheckContext",
    "CodeSpec",
    "Finding",
    "FindingLocation",
    "Severity",
    "check_package",
    "exit_status",
    "render",
    "render_findings_doc",
]
