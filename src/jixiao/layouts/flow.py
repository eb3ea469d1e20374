"""An indicator block as a PDF's text layer gives it (``flow`` in an ``overall-facts`` spec).

When a form's grid is lost and its cells wrap line by line, the block reads as: the header line
(评价内容 绩效目标 完成情况), then per indicator a marker ("指标 1：") and the lines of its 绩效目标 and
完成情况 cells, with the pieces of the level-1 and level-2 label cells printed among them. The spec
names the words of each: the label cells by how their pieces open (产出目标（, 数量、 …) and end
(…指标, …效益), the marker, the lines that end the block, the total and grade line, the note.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

from .words import Vocabulary


class FlowIndicators(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    header: Vocabulary  # the block's header line
    goals: Vocabulary  # the header line of the 定性目标 (预期目标 / 实际完成) above it
    goal_noise: str  # pieces of the label cells beside the goals, printed among their lines
    end: str  # a line that ends the block
    marker: str  # an indicator's marker; group 2: the text after it on the line
    level1_start: str  # how a piece of a level-1 label opens
    level2_start: str  # how a piece of a level-2 label opens
    level2_end: str  # how a level-2 label ends
    total: str  # the total and grade line: group 1 the score, group 2 the grade
    note: str = r"^备注[:：]?"  # the bands printed under the form
    note_words: list[str] = ["优"]

    @field_validator(
        "goal_noise", "end", "marker", "level1_start", "level2_start", "level2_end", "total", "note"
    )
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"正则表达式“{v}”无效：{exc}") from exc
        return v
