"""Forms in PDF-extracted flowing text (one cell or piece of a cell per line).

Placeholder: filled in below.
"""

from __future__ import annotations

from jixiao.model import EvaluationPackage

from .context import Context


def parse_flow_forms(ctx: Context, package: EvaluationPackage) -> None:
    return None
