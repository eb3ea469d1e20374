"""The evaluation package: everything one budget unit states for one year.

One package per unit and year. It holds what the documents say, exactly as printed (errors
included); computed values live in the scoring and audit results, never in the package.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .budget import BaseDataTable, ExpenditureByNature, FixedAssets, IncomeBySource, ThreePublicTable
from .common import Figure, Located, Position, Scope, SourceLocation, StrictModel
from .evaluation import SelfEvaluation
from .tables import CoverPage, FinalAccounts, Report, ScoringTable
from .targets import TargetDeclaration
from .unit import Evaluator, Signoff, Unit

SCHEMA_VERSION: Literal["1"] = "1"


class SourceDocument(StrictModel):
    """A document the package was read from (or typed into)."""

    id: str  # short id used in SourceLocation.document
    filename: str | None = None
    title: str | None = None
    kind: str | None = None  # txt, docx, xlsx, pdf, html, manual
    origin: str | None = None  # where it was published / who gave it
    sha256: str | None = None
    reader: str | None = None  # which reader read it, e.g. "Excel 97–2003（xlrd）", "OCR（Tesseract）"
    conversion: str | None = None  # e.g. "由 .doc 经 LibreOffice 转换为 .docx 后读取"


class ImportIssue(StrictModel):
    """Something an importer read but could not place, or could not read at all."""

    location: SourceLocation
    reason: str  # Chinese, for the user
    text: str | None = None  # the raw text concerned


class ReadCoverage(StrictModel):
    """What an importer recognised in a document, and how much of it (so that "no findings" is never
    said of a document that was not read)."""

    forms: list[str] = []  # the forms read, by name and spec ("项目支出绩效自评表（…）：委托业务项目")
    kinds: list[str] = []  # kinds of content recognised: 自评表, 自评报告, 部门决算, 评分表, 三公经费表 …
    tables: Position = 0  # tables in the document
    tables_read: Position = 0  # tables of which at least one value was placed in the package
    figures: Position = 0  # figures printed in tables, forms and short lines
    figures_placed: Position = 0  # of them, placed in the package
    sentences_with_figures: Position = 0  # sentences of running text with figures
    sentences_related: Position = 0  # of them, sentences whose figures the figure engine related
    truncated_forms: Position = 0  # forms the document ends inside (no 总分 row)


class EvaluationPackage(Located):
    """预算绩效自评 package of one unit for one year."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    year: int = Field(ge=1990, le=2100)
    unit: Unit
    documents: list[SourceDocument] = []
    cover: CoverPage | None = None
    income: IncomeBySource | None = None
    expenditure: ExpenditureByNature | None = None
    three_public_tables: list[ThreePublicTable] = []
    fixed_assets: FixedAssets | None = None
    base_data: BaseDataTable | None = None
    overall: SelfEvaluation | None = None
    projects: list[SelfEvaluation] = []
    targets: list[TargetDeclaration] = []  # 绩效目标申报表 (整体 and per project), filed before the year
    scoring_table: ScoringTable | None = None  # 部门整体支出绩效评价评分表
    work_assessment: ScoringTable | None = None  # 绩效自评工作考核评分表
    final_accounts: FinalAccounts | None = None
    reports: list[Report] = []
    evaluators: list[Evaluator] = []
    signoffs: list[Signoff] = []
    rule_sets: list[str] = []  # ids of the rule sets the package declares
    scoring_facts: dict[str, Figure | str | list[str]] = {}  # inputs no form states (评分人提供)
    import_report: list[ImportIssue] = []
    coverage: ReadCoverage | None = None  # set by the importers; None for packages typed or hand-made

    def evaluations(self) -> list[SelfEvaluation]:
        """The overall evaluation (if any) followed by the project evaluations."""
        return ([self.overall] if self.overall is not None else []) + list(self.projects)

    def project(self, name: str) -> SelfEvaluation | None:
        for p in self.projects:
            if p.name == name:
                return p
        return None

    def report(self, kind: str) -> Report | None:
        for r in self.reports:
            if r.kind == kind:
                return r
        return None

    @property
    def scope_label(self) -> str:
        return "部门整体" if self.overall is not None else "项目"


__all__ = ["SCHEMA_VERSION", "EvaluationPackage", "ImportIssue", "Scope", "SourceDocument"]
