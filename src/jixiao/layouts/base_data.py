"""The 基础数据表 block of a spec (family ``base-data``): its sections, columns and expense rows.

A 部门整体支出绩效评价基础数据表 is one table of sections, each opened by a row whose first cell names
it: 财政供养人员情况 (编制数 / 实际在职人数 / 控制率, then the figures row), 经费控制情况 (a header of
years, then one row per expense line: 上年决算数 / 预算数 / 决算数), 楼堂馆所控制情况 (规模 and 投资, each
with its control rate) and 厉行节约保障措施 (a text). The spec names the words of each, the expense
lines (which key a label gives, under which parent), the lines that open a group and the name an
unnamed line of a group takes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .words import Vocabulary

Section = Literal["staff", "expense", "building", "saving"]
StaffColumn = Literal["authorized", "actual", "rate"]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpenseLine(_Block):
    """An expense line: the key its label gives and the line it is part of."""

    key: str
    label: Vocabulary
    parent: str | None = None


class BaseDataBlock(_Block):
    sections: dict[Section, Vocabulary]
    staff_columns: dict[StaffColumn, Vocabulary]
    expense_header: Vocabulary  # the row of years above the expense lines ("2024年预算数")
    expense_columns: list[str] = ["last_year_actual", "budget", "actual"]
    expense_lines: list[ExpenseLine]  # the first whose label matches gives the key
    groups: list[str] = []  # keys of the lines that open a group (the lines below are its parts)
    group_items: dict[str, str] = {}  # group key -> the key of an unnamed line under it
    building_columns: list[str] = [
        "approved_area",
        "actual_area",
        "stated_area_control_rate",
        "budget_investment",
        "actual_investment",
        "stated_investment_control_rate",
    ]
    note: Vocabulary = Vocabulary(prefixes=["说明"])  # the note printed under the table
    footer: Vocabulary = Vocabulary(prefixes=["填表人", "填报人"])

    def section_of(self, text: str) -> Section | None:
        """The section a row's first cell opens, if any."""
        return next((name for name, vocab in self.sections.items() if vocab.match(text)), None)

    def staff_column(self, text: str) -> StaffColumn | None:
        return next((name for name, vocab in self.staff_columns.items() if vocab.match(text)), None)

    def expense_line(self, label: str) -> ExpenseLine | None:
        return next((line for line in self.expense_lines if line.label.match(label)), None)
