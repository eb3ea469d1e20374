"""The report sections of a package as passages of read sentences, for the checks.

A passage is one section's text (a numbered sentence transcribed as a long heading is read with
it) and the sentences :func:`~jixiao.figures.read_text` reads in it, with the section's place.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.model import EvaluationPackage, Report, ReportSection

from .model import Quantity, Sentence
from .read import read_text


@dataclass(frozen=True)
class Passage:
    """The text of one report section, read, with where it stands."""

    report_index: int
    report: Report
    section: ReportSection
    path: str  # reports[1].sections[4].subsections[0]
    raw: str
    sentences: tuple[Sentence, ...]

    @property
    def line(self) -> int | None:
        return self.section.line

    @property
    def quantities(self) -> list[Quantity]:
        return [q for s in self.sentences for q in s.quantities]


def passages(package: EvaluationPackage) -> list[Passage]:
    """Every report section of the package as a :class:`Passage` (depth first)."""
    out: list[Passage] = []

    def walk(ri: int, report: Report, sections: list[ReportSection], prefix: str) -> None:
        for si, s in enumerate(sections):
            path = f"{prefix}[{si}]"
            text = s.text or ""
            if len(s.heading) > 30:  # a numbered sentence transcribed as a heading
                text = s.heading + "\n" + text
            out.append(Passage(ri, report, s, path, text, tuple(read_text(text, report.document))))
            walk(ri, report, s.subsections, f"{path}.subsections")

    for ri, report in enumerate(package.reports):
        walk(ri, report, report.sections, f"reports[{ri}].sections")
    return out
