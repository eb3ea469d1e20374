"""Scoring tables (评分表, 考核评分表) and the nine 部门决算 disclosure tables (公开01–09表)."""

from __future__ import annotations

from .common import Located, Points, Position, SignedAmount, StrictModel


class ScoringRow(Located):
    """One 三级指标 row of a 评分表 / 考核评分表 as printed."""

    level1: str  # 投入, 过程 ... / 布置工作, 实施评价, 自评报告
    level1_max: Points | None = None  # the "(15分)" of the level-1 heading
    level2: str | None = None
    level2_max: Points | None = None
    name: str  # 三级指标 (or 二级 where the table has only two levels)
    criterion: str | None = None  # 评分标准 as printed
    max_score: Points | None = None  # 分值
    self_score: Points | None = None  # 自评得分 / 评分
    note: str | None = None  # 扣分原因和其他说明
    rule_key: str | None = None  # the rule-set row this corresponds to (filled by importer/editor)


class ScoringTable(Located):
    """部门整体支出绩效评价评分表 or 绩效自评工作考核评分表."""

    title: str
    attachment: str | None = None  # 附件3-2, 附件 9
    assessed_unit: str | None = None  # 州级预算部门名称 as printed
    rows: list[ScoringRow] = []
    stated_total_max: Points | None = None
    stated_total_score: Points | None = None
    stated_grade: str | None = None
    grade_note: str | None = None


class LineItem(Located):
    """One row of a 决算 table: code (功能/经济分类), name, 行次 and the values by column key."""

    code: str | None = None  # 208, 20801, 2080109 / 301, 30101
    name: str
    row_number: Position | None = None  # 行次
    side: str | None = None  # income / expenditure for two-sided tables (公开01, 04)
    values: dict[str, SignedAmount | None] = {}  # column key -> amount (None = blank cell)


class FinalAccountsTable(Located):
    """One 公开NN表: its number, title, unit of amounts, column keys and rows."""

    number: str  # "01" .. "09"
    title: str
    unit_of_amount: str = "万元"
    columns: dict[str, str] = {}  # column key -> header as printed
    rows: list[LineItem] = []
    note: str | None = None  # 注 / 说明
    empty_statement: str | None = None  # "本单位没有…故本表无数据"

    def find(
        self, name: str | None = None, code: str | None = None, side: str | None = None
    ) -> LineItem | None:
        for r in self.rows:
            if code is not None and r.code != code:
                continue
            if name is not None and r.name != name:
                continue
            if side is not None and r.side != side:
                continue
            return r
        return None


class FinalAccounts(Located):
    """部门决算: the nine disclosure tables."""

    title: str | None = None
    tables: list[FinalAccountsTable] = []

    def table(self, number: str) -> FinalAccountsTable | None:
        for t in self.tables:
            if t.number == number:
                return t
        return None


class ReportSection(StrictModel):
    """A numbered section of a narrative report (一、基本情况 ...), with its text and subsections."""

    number: str | None = None  # "一", "（二）", "1", as printed
    heading: str
    text: str = ""
    line: Position | None = None  # where the heading stands in the source document
    subsections: list[ReportSection] = []


class Report(Located):
    """A narrative report (绩效评价报告, 决算情况说明, 项目绩效报告)."""

    kind: str  # self_evaluation_report, project_report, final_accounts_notes, glossary, cover
    title: str
    project: str | None = None  # the project a project report belongs to
    document: str | None = None  # the document it stands in
    sections: list[ReportSection] = []
    date: str | None = None  # 报告日期 / the date under the signature
    signed_by: str | None = None
    attachments: list[str] = []  # 附件 list as printed

    def all_sections(self) -> list[ReportSection]:
        out: list[ReportSection] = []

        def walk(sections: list[ReportSection]) -> None:
            for s in sections:
                out.append(s)
                walk(s.subsections)

        walk(self.sections)
        return out

    def full_text(self) -> str:
        return "\n".join(f"{s.number or ''}{s.heading}\n{s.text}" for s in self.all_sections())


class CoverPage(Located):
    """Cover of a report (岳阳楼区 style): unit, code, method, evaluator, report date, issuer."""

    title: str | None = None
    unit_name: str | None = None
    budget_code: str | None = None
    method: str | None = None  # 评价方式
    evaluator: str | None = None  # 评价机构
    report_date: str | None = None
    issuer: str | None = None  # 岳阳楼区财政局（制）
