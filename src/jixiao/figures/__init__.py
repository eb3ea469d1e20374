"""The figure engine: sentences with figures read once into quantities and relations.

``read_text(text, source)`` splits running text into sentences and reads in each the quantities
(value, unit as printed, label, year, offset) and the relations between them (:class:`Total`,
:class:`Change`, :class:`Completion`, :class:`Share`, :class:`Staffing`, :class:`Enumeration`,
:class:`Comparison`). The importer fills the package from them and the checks check them; no other
module reads figures out of sentences (HOUSE.md, "One reading of the text";
``/work/shared/design/reading-documents.md``).
"""

from __future__ import annotations

from .model import (
    MONEY_UNITS,
    Amount,
    ChangeSplit,
    Comparison,
    Completion,
    Enumeration,
    Quantity,
    Relation,
    Sentence,
    Share,
    Staffing,
    Total,
    YearMention,
    YearRef,
)
from .model import Change as Change
from .read import read_text
from .relate import find_labelled, is_budget, is_change, same_kind

__all__ = [
    "MONEY_UNITS",
    "Amount",
    "Change",
    "ChangeSplit",
    "Comparison",
    "Completion",
    "Enumeration",
    "Quantity",
    "Relation",
    "Sentence",
    "Share",
    "Staffing",
    "Total",
    "YearMention",
    "YearRef",
    "find_labelled",
    "is_budget",
    "is_change",
    "read_text",
    "same_kind",
]
