"""Where a unit stands: its jurisdiction path from the place words of its name.

The administrative divisions are data (``jixiao/data/places/<province>.yaml``: the province, its
prefectures with their counties, and short names such as 湘西州); a unit name such as
"桃江县社会保险服务中心" gives ["湖南省", "益阳市", "桃江县"]. A name no file knows falls back to
the "…省…市…县" words it contains. Another province is another file. A province file may also say
how its 绩效目标申报表 weigh their indicators (``declarations``: the points kept for 预算执行率).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

PLACES_DIR = Path(__file__).resolve().parents[1] / "data" / "places"
_PLACE_WORDS = re.compile(r"[\u4e00-\u9fa5]{1,8}?(省|自治区|自治州|市|县|区)")


class DeclarationConvention(BaseModel):
    """How a province's 绩效目标申报表 weigh their indicators: the points kept for 预算执行率 (the
    indicators then add up to 100 minus them), with the document that shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    execution_weight: Decimal
    source: str


class Province(BaseModel):
    """One province's divisions: prefecture -> counties (full names), and short names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    province: str
    source: str
    prefectures: dict[str, list[str]]
    aliases: dict[str, str] = {}
    declarations: DeclarationConvention | None = None

    @field_validator("source")
    @classmethod
    def _source_filled(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("须注明行政区划的来源")
        return v

    def path_of(self, name: str) -> list[str] | None:
        """The path a unit name implies within this province, or ``None`` when it names no place of it."""
        rest = name.removeprefix(self.province)
        for pref in sorted([*self.prefectures, *self.aliases], key=len, reverse=True):
            if rest.startswith(pref):
                full = self.aliases.get(pref, pref)
                county = _first_prefix(rest[len(pref) :], self.prefectures[full])
                return [self.province, full, county] if county else [self.province, full]
        for pref, counties in self.prefectures.items():
            county = _first_prefix(rest, [c for c in counties if len(c) > 2])
            if county:
                return [self.province, pref, county]
        return None


def _first_prefix(text: str, names: list[str]) -> str | None:
    return next((n for n in sorted(names, key=len, reverse=True) if text.startswith(n)), None)


@cache
def provinces() -> tuple[Province, ...]:
    out: list[Province] = []
    for path in sorted(PLACES_DIR.glob("*.yaml")):
        # libyaml's safe loader when PyYAML has it (the same data, several times faster: a bulk audit's
        # isolated import child loads this once per document)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        out.append(Province.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=loader)))
    return tuple(out)


def province_of(name: str) -> Province | None:
    """The province whose divisions a unit name names (its file), if any."""
    return next((p for p in provinces() if p.path_of(name) is not None), None)


def jurisdiction_of(name: str) -> list[str]:
    """The jurisdiction path a unit name implies, e.g. "株洲市石峰区…" -> [湖南省, 株洲市, 石峰区]."""
    for province in provinces():
        path = province.path_of(name)
        if path is not None:
            return path
    return [m.group(0) for m in _PLACE_WORDS.finditer(name[:20])]
