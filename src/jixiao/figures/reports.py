"""The report sections of a package as passages of read sentences, for the checks.

A passage is one section's text (a numbered sentence transcribed as a long heading is read with
it) and the sentences :func:`~jixiao.figures.read_text` reads in it, with the section's place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.model import EvaluationPackage, Report, ReportSection

from .model import Quantity, Sentence
from .read import read_text

_FIGURE = re.compile(r"\d(?:[\d,.]*)\s*(?:万元|亿元|元|%|人)")
_FIGURE_FIRST = re.compile(r"\s*" + _FIGURE.pattern)  # a text that opens with a figure


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
            elif _FIGURE.search(s.heading) and text and s.heading[-1] not in "。；;：:":
                # "（二）社会保障和就业支出类科目116433.12元，占支出总预算10.73%，…": a numbered
                # sentence cut at its first comma into heading and text is read whole again; a heading
                # that holds a comma already is a whole line the page wrapped inside a word
                # ("（一）…总收入581.45万元,其中本年收" / "入390.55万元,…"): joined as it runs on
                text = s.heading + ("" if re.search(r"[,，]", s.heading) else "，") + text
            elif s.heading and _FIGURE_FIRST.match(text) and len(s.heading) <= 16:
                # "1、收入：792.22万元，…": the builder takes the label before the colon for a heading;
                # the figure the text opens with is the heading's ("收入" 792.22 万元)
                text = s.heading + "：" + text
            out.append(Passage(ri, report, s, path, text, tuple(read_text(text, report.document))))
            walk(ri, report, s.subsections, f"{path}.subsections")

    for ri, report in enumerate(package.reports):
        walk(ri, report, report.sections, f"reports[{ri}].sections")
    out.extend(_goal_passages(package, len(package.reports)))
    return out


_GOALS = (("expected_goal", "年度总体目标（预期目标）"), ("achieved_goal", "年度总体目标（实际完成情况）"))


def _goal_passages(package: EvaluationPackage, first_index: int) -> list[Passage]:
    """The 年度总体目标 texts of the forms, read like report sections: their figures are checked too
    ("本项目共完成预算资金89.97万元。其中：30万元…；30万元…；29.99万元…")."""
    out: list[Passage] = []
    index = first_index
    for path, form in [("overall", package.overall)] + [
        (f"projects[{i}]", p) for i, p in enumerate(package.projects)
    ]:
        if form is None:
            continue
        title = form.title or ("部门整体支出绩效自评表" if path == "overall" else "项目支出绩效自评表")
        if form.name:
            title = f"{title}（{form.name}）"
        document = package.documents[0].id if package.documents else None
        report = Report(kind="form_goals", title=title, document=document)
        for attr, heading in _GOALS:
            text = getattr(form, attr)
            if not text:
                continue
            where = form.sources.get(attr)
            section = ReportSection(
                heading=heading, text=text, line=where.line if where is not None else None
            )
            out.append(
                Passage(index, report, section, f"{path}.{attr}", text, tuple(read_text(text, document)))
            )
        index += 1
    return out
