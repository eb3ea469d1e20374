"""docs/findings.md is generated from the registry and must be up to date; codes are well formed."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.audit import CATEGORIES, CHECKS, CODES, render_findings_doc

DOC = Path(__file__).resolve().parents[2] / "docs" / "findings.md"


def test_findings_doc_is_up_to_date() -> None:
    # Regenerate with: python -c "from jixiao.audit import render_findings_doc as r; open('docs/findings.md','w').write(r())"
    assert DOC.read_text(encoding="utf-8") == render_findings_doc()


def test_codes_are_family_plus_three_digits_with_a_known_category() -> None:
    assert len(CODES) >= 60
    for code, spec in CODES.items():
        assert re.fullmatch(r"[A-Z]{3}\d{3}", code), code
        assert spec.category in CATEGORIES
        assert spec.title and spec.rule and spec.example


def test_every_check_emits_declared_codes_and_every_code_has_a_check() -> None:
    used = {c for chk in CHECKS for c in chk.codes}
    assert used <= set(CODES)
    assert set(CODES) - used == {"INT001"}  # emitted by the runner itself


def test_all_twenty_four_categories_exist() -> None:
    assert len(CATEGORIES) == 24
