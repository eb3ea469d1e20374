"""The 评分表 block of a spec (family ``scoring-table``): columns by header words, total and grade rows.

A 部门整体支出绩效评价评分表 or a 绩效自评工作考核评分表 prints its indicators on three levels (or two:
一级 / 二级 with the 二级 row as the scored line), a 评分标准 column, 分值 and 得分, and a total row.
Its level-1 and level-2 cells state their weight ("投  入（15分）"); the spec says how
(``weight``, a pattern whose group is the points). Which form a table is — 评分表 or 考核评分表 — is the
spec's ``kind``, chosen by the title printed above the table. A list of evaluation results (kind
``results``: 序号 / 项目名称 / 主管部门 / 实施单位 / 资金规模 / 评分 / 评级) is read one project a row.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from jixiao.text import halfwidth, remove_spaces

from .words import Vocabulary, header_key

ScoringRole = Literal[
    "level1",
    "level2",
    "name",
    "criterion",
    "explanation",  # 指标解释: what the indicator measures, printed beside its 评分标准 (not kept)
    "max_score",
    "score",
    "note",
    # a list of evaluation results (kind ``results``): one evaluated project a row
    "seq",
    "department",
    "implementing_unit",
    "amount",
    "grade",
]


class ScoringStream(BaseModel):
    """How the form reads when its grid is lost (a PDF's text, one piece per line).

    Heading lines gather until a weight line closes them: a bare "10 分" closes a level-1 heading, a
    parenthesised "（8分）" a scored line's name; criterion lines follow up to the score (a number
    alone, or after the criterion's last "。"/"；").
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Vocabulary = Vocabulary(patterns=["考核(评分表)?$"])  # the title's first line
    title_rest: Vocabulary = Vocabulary(words=["评分表"])  # its second line, when it breaks
    level1_weight: str = r"^(\d+(?:\.\d+)?)\s*分$"
    level2_weight: str = r"^[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]$"
    score: str = r"^(\d+(?:\.\d+)?)$"
    trailing_score: str = r"^(.*[。；])\s+(\d+(?:\.\d+)?)$"
    total: str = r"^合计\s*(\d+(?:\.\d+)?)\s*分?\s*(\d+(?:\.\d+)?)?$"  # 分值, then 得分 if printed
    assessed_unit: str = r"^\S*预算部门名称[:：]\s*(\S+)"
    end: Vocabulary = Vocabulary(prefixes=["评分人"])
    lines: int = 400  # how far the form may run

    @field_validator("level1_weight", "level2_weight", "score", "trailing_score", "total", "assessed_unit")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"正则表达式“{v}”无效：{exc}") from exc
        return v


class ScoringBlock(BaseModel):
    """How a 评分表 prints its rows: the columns' header words, the anchor every header row shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # scoring: a 评分表; work_assessment: a 考核评分表; results: a list of evaluated projects with their
    # amount, score and grade (a 财政局's 重点绩效评价结果明细), each row read as one project evaluation
    kind: Literal["scoring", "work_assessment", "results"] = "scoring"
    columns: dict[ScoringRole, Vocabulary]
    anchor: Vocabulary = Vocabulary(words=["评分标准"])  # a header row shows one of these
    required: list[ScoringRole] = ["level1"]
    total: Vocabulary = Vocabulary(prefixes=["总分", "合计"])
    grade: Vocabulary = Vocabulary(prefixes=["评分等级", "等级"])
    grade_note: list[str] = ["优"]  # words of a grade row's note (the bands), not the grade itself
    weight: str = r"[(（]?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$"
    stream: ScoringStream | None = None  # how it reads as flowing lines, when it is printed so
    # read also from a run of cells between pipes whose rows were broken wherever a cell held a line
    # break and whose merged cells were left out (an archive's copy of an HTML table): the header's
    # grammar assigns the cells (see importers.scoring_forms.parse_scoring_cell_runs)
    cell_runs: bool = False
    # a table of this form titled so is the unit's self-evaluation itself (安徽 2023年度部门整体支出
    # 绩效评价自评表: the 自评表 of the whole unit printed as a 评分表), read as its overall form too
    self_evaluation_title: Vocabulary = Vocabulary()

    @field_validator("weight")
    @classmethod
    def _one_group(cls, v: str) -> str:
        try:
            compiled = re.compile(v)
        except re.error as exc:
            raise ValueError(f"正则表达式“{v}”无效：{exc}") from exc
        if compiled.groups != 1:
            raise ValueError(f"正则表达式“{v}”须有一个捕获组（分值）")
        return v

    def header(self, texts: list[str]) -> dict[ScoringRole, int] | None:
        """The column of each role when the printed row is this block's header row, else ``None``."""
        keys = [header_key(t) for t in texts]
        if not any(self.anchor.match_key(k) for k in keys):
            return None
        cols: dict[ScoringRole, int] = {}
        for i, key in enumerate(keys):
            role = next((r for r, vocab in self.columns.items() if vocab.match_key(key)), None)
            if role is not None:
                cols[role] = i  # a repeated header word: the last column printed
        if any(role not in cols for role in self.required):
            return None
        return cols

    def split_weight(self, text: str) -> tuple[str, Decimal | None]:
        """A heading and the weight it prints: "投  入\\n（15分）" -> ("投入", 15)."""
        flat = remove_spaces(halfwidth(text))
        m = re.search(self.weight, flat)
        if m and m.start() > 0:
            return flat[: m.start()], Decimal(m.group(1))
        return flat, None
