"""The fact blocks of a 部门整体支出绩效自评表 (family ``overall-facts``): labelled facts, figure rows, people.

Besides its funds and indicator blocks, a province's overall form may print the unit's facts
(联系人, 联系电话, 人员编制, 实有人数, 职能职责概述 …: a label and its value, in a cell beside it or on
the same or following lines), rows of figures under a block title (年度收入情况: 收入合计, 上年结转,
一般公共预算 … in a fixed order, one row per 机构), and the evaluators and sign-off blocks (姓名 / 职务 /
单位 / 签字; 评价组组长, 部门（单位）, 财政部门 opinions). The spec says which words name each.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from .flow import FlowIndicators
from .words import Vocabulary

FactField = Literal[
    "contact", "phone", "authorized_staff", "actual_staff", "duties", "annual_work", "achievements"
]
Fills = Literal["income", "expenditure", "three_public", "fixed_assets"]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FigureRow(_Block):
    """A block title and the row of figures under it, in the printed column order."""

    title: str  # a word the title contains ("年度收入情况")
    stops: list[str]  # words that end the search for the figures (the next block's title)
    after: str | None = None  # a label printed just before the title ("机构名称")
    fills: Fills
    columns: list[str]  # the package fields (or 三公 components) of the figures, left to right
    title_max: int = 20  # a longer line only mentions the words


class People(_Block):
    """The evaluators table and the sign-off blocks under it."""

    header: Vocabulary  # the evaluators table's header cell (姓名 …)
    columns: list[Literal["name", "title", "organisation", "signature"]] = [
        "name",
        "title",
        "organisation",
        "signature",
    ]
    ends: list[str]  # a row or line opening with one of these ends the evaluators
    parties: dict[str, str]  # a sign-off party's name -> the pattern its heading matches
    blank_date: str = r"年月日"
    stop: str = r"^(填报人|填表人|[一二三四五六七八九十]+、|附件)"
    signature_words: str = r"(签字|签章|盖章)"

    @field_validator("parties")
    @classmethod
    def _compiles(cls, v: dict[str, str]) -> dict[str, str]:
        for pattern in v.values():
            re.compile(pattern)
        return v


class FactsBlock(_Block):
    facts: dict[FactField, str]  # a fact's label: a pattern matched at the start of the printed key
    staff_pair: str  # "人员编制 31 实有人数 30" on one line: two groups
    value_labels: str  # the labels a value on the same line follows (stripped from the line)
    continuations: list[str] = []  # pieces of a label wrapped onto the next line ("得的成绩")
    figure_rows: list[FigureRow] = []
    people: People | None = None
    flow: FlowIndicators | None = None  # the indicator block as a PDF's wrapped lines

    @field_validator("staff_pair")
    @classmethod
    def _two_groups(cls, v: str) -> str:
        if re.compile(v).groups != 2:
            raise ValueError(f"正则表达式“{v}”须有两个捕获组（编制数、实有人数）")
        return v
