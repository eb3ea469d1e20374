"""Scoring tables (评分表, 考核评分表) and the nine 部门决算 disclosure tables (公开01–09表)."""

from __future__ import annotations

from pydantic import Field

from .common import Located, Points, Position, SignedAmount, StrictModel


class ScoringRow(Located):
    """One 三级指标 row of a 评分表 / 考核评分表 as printed."""

    # 投入, 过程 ... / 布置工作, 实施评价, 自评报告
    level1: str = Field(title="一级指标")
    # the "(15分)" of the level-1 heading
    level1_max: Points | None = Field(default=None, title="一级指标分值")
    level2: str | None = Field(default=None, title="二级指标")
    level2_max: Points | None = Field(default=None, title="二级指标分值")
    # 三级指标 (or 二级 where the table has only two levels)
    name: str = Field(title="三级指标")
    # 评分标准 as printed
    criterion: str | None = Field(default=None, title="评分标准")
    max_score: Points | None = Field(default=None, title="分值")
    # 自评得分 / 评分
    self_score: Points | None = Field(default=None, title="自评得分")
    note: str | None = Field(default=None, title="扣分原因和其他说明")
    # the rule-set row this corresponds to (filled by importer/editor)
    rule_key: str | None = Field(default=None, title="对应规则")


class ScoringTable(Located):
    """部门整体支出绩效评价评分表 or 绩效自评工作考核评分表."""

    title: str = Field(title="表名")
    # 附件3-2, 附件 9
    attachment: str | None = Field(default=None, title="附件号")
    # 州级预算部门名称 as printed
    assessed_unit: str | None = Field(default=None, title="被评价单位")
    rows: list[ScoringRow] = Field(default=[], title="各行")
    stated_total_max: Points | None = Field(default=None, title="合计（分值）")
    stated_total_score: Points | None = Field(default=None, title="合计（得分）")
    stated_grade: str | None = Field(default=None, title="评分等级")
    grade_note: str | None = Field(default=None, title="等级标准")


class LineItem(Located):
    """One row of a 决算 table: code (功能/经济分类), name, 行次 and the values by column key."""

    # 208, 20801, 2080109 / 301, 30101
    code: str | None = Field(default=None, title="科目编码")
    name: str = Field(title="科目名称")
    row_number: Position | None = Field(default=None, title="行次")
    # income / expenditure for two-sided tables (公开01, 04)
    side: str | None = Field(default=None, title="收支方")
    # column key -> amount (None = blank cell)
    values: dict[str, SignedAmount | None] = Field(default={}, title="金额")


class FinalAccountsTable(Located):
    """One 公开NN表: its number, title, unit of amounts, column keys and rows."""

    # "01" .. "09"
    number: str = Field(title="表号")
    title: str = Field(title="表名")
    unit_of_amount: str = Field(default="万元", title="金额单位")
    # column key -> header as printed
    columns: dict[str, str] = Field(default={}, title="列")
    rows: list[LineItem] = Field(default=[], title="各行")
    # 注 / 说明
    note: str | None = Field(default=None, title="注")
    # "本单位没有…故本表无数据"
    empty_statement: str | None = Field(default=None, title="空表说明")

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

    title: str | None = Field(default=None, title="标题")
    tables: list[FinalAccountsTable] = Field(default=[], title="公开表")

    def table(self, number: str) -> FinalAccountsTable | None:
        for t in self.tables:
            if t.number == number:
                return t
        return None


class ReportSection(StrictModel):
    """A numbered section of a narrative report (一、基本情况 ...), with its text and subsections."""

    # "一", "（二）", "1", as printed
    number: str | None = Field(default=None, title="序号")
    heading: str = Field(title="标题")
    text: str = Field(default="", title="正文")
    # where the heading stands in the source document
    line: Position | None = Field(default=None, title="原文行号")
    subsections: list[ReportSection] = Field(default=[], title="下级标题")


class Report(Located):
    """A narrative report (绩效评价报告, 决算情况说明, 项目绩效报告)."""

    # self_evaluation_report, project_report, final_accounts_notes, glossary, cover
    kind: str = Field(title="类别")
    title: str = Field(title="标题")
    # the project a project report belongs to
    project: str | None = Field(default=None, title="所属项目")
    # the document it stands in
    document: str | None = Field(default=None, title="所在文档")
    sections: list[ReportSection] = Field(default=[], title="章节")
    # 报告日期 / the date under the signature
    date: str | None = Field(default=None, title="报告日期")
    signed_by: str | None = Field(default=None, title="落款")
    # 附件 list as printed
    attachments: list[str] = Field(default=[], title="附件")
    # the overall score and grade the text states ("综合得分96分", "评价等级为“优”")
    stated_total_score: Points | None = Field(default=None, title="文中总分")
    stated_grade: str | None = Field(default=None, title="文中等级")

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

    title: str | None = Field(default=None, title="标题")
    unit_name: str | None = Field(default=None, title="单位名称")
    budget_code: str | None = Field(default=None, title="预算编码")
    method: str | None = Field(default=None, title="评价方式")
    evaluator: str | None = Field(default=None, title="评价机构")
    report_date: str | None = Field(default=None, title="报告日期")
    # 岳阳楼区财政局（制）
    issuer: str | None = Field(default=None, title="制发机关")
