"""The indicator library (指标库) as data: the schema of one library file and of one entry.

A library file is one YAML file under ``jixiao/data/indicators/<kind>/<name>.yaml`` per issuing
document or sector set: the 部门整体 共性指标框架 of 财预〔2013〕53号, the project framework of
财预〔2020〕10号, a sector set such as 社会保障. Its header cites the source; each entry names its
level 1 and level 2 as the source prints them (投入 / 过程 / 产出 / 效果 for the 2013 framework,
产出 / 效益 / 满意度 for projects), the indicator, its definition or formula, unit, direction,
recommended value basis (财预〔2021〕101号) and data source. The model is the schema: a file that
does not validate is refused with a Chinese message naming the file.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from jixiao.model import Level1, Level2
from jixiao.model.targets import ValueBasis

Confidence = Literal["C", "P", "K", "I"]
"""Tags of RULES.md: confirmed, partly confirmed, from knowledge of the document, inferred."""

Direction = Literal["higher_better", "lower_better", "exact", "none"]
Nature = Literal["quantitative", "qualitative"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LibrarySource(_Spec):
    """The document a library file (or one entry) comes from."""

    title: str
    document: str | None = None  # 财预〔2013〕53号
    article: str | None = None  # 附件2
    published: str | None = None  # where and when it was published
    url: str | None = None
    confidence: Confidence = "K"

    @field_validator("title")
    @classmethod
    def _title_filled(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("来源标题不能为空")
        return v


class LibraryEntry(_Spec):
    """One indicator of the library."""

    id: str  # unique within the file, e.g. "staffing-control-rate"
    level1: str  # as the source prints it: 投入 / 过程 / 产出 / 效果 / 产出指标 / 效益指标 …
    level2: str  # 预算配置 / 数量指标 / 社会效益指标 …
    name: str  # 三级指标
    definition: str  # 指标解释 or 计算公式
    nature: Nature = "quantitative"
    unit: str | None = None  # 计量单位 (%, 人, 万元 …); None for qualitative indicators
    direction: Direction = "higher_better"
    basis: list[ValueBasis] = []  # recommended value basis, in order of preference
    data_source: str | None = None  # 数据来源
    maps_to: tuple[Level1, Level2] | None = None  # where it stands on a 申报表 / 自评表
    typical_values: list[str] = []  # values as people write them ("≥98%")
    synonyms: list[str] = []  # other names of the same indicator in published forms
    source: LibrarySource | None = None  # when it differs from the file's
    retired: bool = False
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"条目标识“{v}”只能由小写字母、数字和连字符组成")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> LibraryEntry:
        if not self.name.strip() or not self.definition.strip():
            raise ValueError(f"条目“{self.id}”缺少指标名称或指标解释")
        if self.nature == "quantitative" and not self.unit:
            raise ValueError(f"定量指标“{self.name}”须写明计量单位")
        if self.nature == "qualitative" and self.unit:
            raise ValueError(f"定性指标“{self.name}”不应有计量单位（写的是“{self.unit}”）")
        return self


class LibraryFile(_Spec):
    """One library file: an id, a title, its source, scope and sector, and the entries."""

    id: str  # path-like: national/overall/cai-yu-2013-53
    version: int = 1
    title: str
    source: LibrarySource
    scope: Literal["overall", "project", "any"]
    sector: str = "common"  # common / social-security …
    entries: list[LibraryEntry]

    @model_validator(mode="after")
    def _unique(self) -> LibraryFile:
        seen: set[str] = set()
        for e in self.entries:
            if e.id in seen:
                raise ValueError(f"条目标识“{e.id}”重复")
            seen.add(e.id)
        if not self.entries:
            raise ValueError("指标库文件没有条目")
        return self

    def entry(self, entry_id: str) -> LibraryEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def key(self, entry: LibraryEntry) -> str:
        """The entry's library-wide id: ``<file id>#<entry id>``."""
        return f"{self.id}#{entry.id}"


__all__ = ["Confidence", "LibraryEntry", "LibraryFile", "LibrarySource", "Nature"]
