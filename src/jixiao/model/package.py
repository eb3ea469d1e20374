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

    # short id used in SourceLocation.document
    id: str = Field(title="编号")
    filename: str | None = Field(default=None, title="文件名")
    title: str | None = Field(default=None, title="标题")
    # txt, docx, xlsx, pdf, html, manual
    kind: str | None = Field(default=None, title="格式")
    # where it was published / who gave it
    origin: str | None = Field(default=None, title="来源")
    sha256: str | None = Field(default=None, title="SHA-256 校验值")
    # which reader read it, e.g. "Excel 97–2003（xlrd）", "OCR（Tesseract）"
    reader: str | None = Field(default=None, title="读取方式")
    # e.g. "由 .doc 经 LibreOffice 转换为 .docx 后读取"
    conversion: str | None = Field(default=None, title="格式转换")


class ImportIssue(StrictModel):
    """Something an importer read but could not place, or could not read at all."""

    location: SourceLocation = Field(title="位置")
    # Chinese, for the user
    reason: str = Field(title="原因")
    # the raw text concerned
    text: str | None = Field(default=None, title="原文")


class ReadCoverage(StrictModel):
    """What an importer recognised in a document, and how much of it (so that "no findings" is never
    said of a document that was not read)."""

    # the forms read, by name and spec ("项目支出绩效自评表（…）：委托业务项目")
    forms: list[str] = Field(default=[], title="已识别的表")
    # kinds of content recognised: 自评表, 自评报告, 部门决算, 评分表, 三公经费表 …
    kinds: list[str] = Field(default=[], title="已识别的内容")
    # tables in the document
    tables: Position = Field(default=0, title="表格数")
    # tables of which at least one value was placed in the package
    tables_read: Position = Field(default=0, title="已读取的表格数")
    # figures printed in tables, forms and short lines
    figures: Position = Field(default=0, title="数字个数")
    # of them, placed in the package
    figures_placed: Position = Field(default=0, title="已归入的数字个数")
    # sentences of running text with figures
    sentences_with_figures: Position = Field(default=0, title="含数字的句子数")
    # of them, sentences whose figures the figure engine related
    sentences_related: Position = Field(default=0, title="已核对的句子数")
    # forms the document ends inside (no 总分 row)
    truncated_forms: Position = Field(default=0, title="不完整的表")


class EvaluationPackage(Located):
    """预算绩效自评 package of one unit for one year."""

    schema_version: Literal["1"] = Field(default=SCHEMA_VERSION, title="格式版本")
    year: int = Field(ge=1990, le=2100, title="年度")
    # False when the document printed no year and the importer took a provisional one: checks that
    # compare years with the evaluation year are not run (issue 16: a document that cannot be placed
    # still gets its tables and sentences checked)
    year_stated: bool = Field(default=True, title="年度已载明")
    unit: Unit = Field(title="单位基本情况")
    documents: list[SourceDocument] = Field(default=[], title="原文文档")
    cover: CoverPage | None = Field(default=None, title="封面")
    income: IncomeBySource | None = Field(default=None, title="年度收入情况")
    expenditure: ExpenditureByNature | None = Field(default=None, title="年度支出和结余情况")
    three_public_tables: list[ThreePublicTable] = Field(default=[], title="“三公”经费表")
    fixed_assets: FixedAssets | None = Field(default=None, title="固定资产")
    base_data: BaseDataTable | None = Field(default=None, title="部门整体支出绩效评价基础数据表")
    overall: SelfEvaluation | None = Field(default=None, title="部门整体支出绩效自评表")
    projects: list[SelfEvaluation] = Field(default=[], title="项目支出绩效自评表")
    # 绩效目标申报表 (整体 and per project), filed before the year
    targets: list[TargetDeclaration] = Field(default=[], title="绩效目标申报表")
    scoring_table: ScoringTable | None = Field(default=None, title="部门整体支出绩效评价评分表")
    work_assessment: ScoringTable | None = Field(default=None, title="绩效自评工作考核评分表")
    final_accounts: FinalAccounts | None = Field(default=None, title="部门决算")
    reports: list[Report] = Field(default=[], title="报告")
    evaluators: list[Evaluator] = Field(default=[], title="评价人员")
    signoffs: list[Signoff] = Field(default=[], title="审核意见")
    # ids of the rule sets the package declares
    rule_sets: list[str] = Field(default=[], title="适用规则集")
    # inputs no form states (评分人提供)
    scoring_facts: dict[str, Figure | str | list[str]] = Field(default={}, title="评分依据")
    import_report: list[ImportIssue] = Field(default=[], title="导入报告")
    # set by the importers; None for packages typed or hand-made
    coverage: ReadCoverage | None = Field(default=None, title="文档识别情况")

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
