"""The generated package forms: lossless round trip, rows added and removed, paths mapped back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jixiao.model import EvaluationPackage
from jixiao_web.evaluations import packageforms as pf

from .conftest import SEED_DIR
from .formtools import Posted, form_fields

SEEDS = sorted(p for p in SEED_DIR.glob("*.yaml") if p.name.count(".") == 1)


def _data(package: EvaluationPackage) -> dict[str, Any]:
    return json.loads(package.model_dump_json(exclude_defaults=True))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_every_part_of_every_seed_round_trips_unchanged(path: Any) -> None:
    # Rendering a part and posting it back untouched must give the same package: nothing typed is
    # lost, and nothing the importer recorded (sources, line numbers) is dropped.
    from jixiao.model import load_package

    data = _data(load_package(path))
    for key, _title in pf.part_list(data):
        if key == "project-new":
            continue
        _, roots = pf.part_roots(key, data)
        parsed = pf.parse_post(form_fields(pf.render_part(data, roots)), data, roots)
        assert pf.validation_errors(parsed.data) is None, key
        assert _data(EvaluationPackage.model_validate(parsed.data)) == data, key


def _small() -> dict[str, Any]:
    return {
        "year": 2024,
        "unit": {"name": "测试单位"},
        "overall": {
            "scope": "overall",
            "indicators": [
                {"level1": "output", "level2": "quantity", "name": "甲", "max_score": "10", "score": "9"},
                {"level1": "output", "level2": "quality", "name": "乙", "max_score": "10", "score": "8"},
                {"level1": "benefit", "level2": "social", "name": "丙", "max_score": "20", "score": "20"},
            ],
        },
    }


def test_removed_row_and_added_row_with_a_gap_in_the_indices() -> None:
    data = _small()
    fields = form_fields(pf.render_part(data, ["overall"]))
    # the browser removed row 1 (乙) and added a row with index 7 (the JS counter)
    for key in [k for k in fields if k.startswith("overall.indicators[1].")]:
        del fields[key]
    for name, value in {
        "level1": "satisfaction",
        "level2": "satisfaction",
        "name": "丁",
        "max_score": "10",
        "score": "10",
    }.items():
        fields[f"overall.indicators[7].{name}"] = [value]
    parsed = pf.parse_post(fields, data, ["overall"])
    names = [i["name"] for i in parsed.data["overall"]["indicators"]]
    assert names == ["甲", "丙", "丁"]
    assert parsed.index_map["overall.indicators"] == [0, 2, 7]
    # a finding on the third row of the saved package concerns the input named [7] on the page
    assert pf.to_form_path("overall.indicators[2].score", parsed.index_map) == "overall.indicators[7].score"
    assert pf.to_form_path("overall.indicators[1].name", parsed.index_map) == "overall.indicators[2].name"


def test_invalid_input_gives_chinese_errors_at_the_form_path() -> None:
    data = _small()
    fields = form_fields(pf.render_part(data, ["overall"]))
    fields["overall.indicators[2].score"] = ["二十"]  # not a number
    parsed = pf.parse_post(fields, data, ["overall"])
    errors = pf.validation_errors(parsed.data)
    assert errors is not None
    assert list(errors) == ["overall.indicators[2].score"]
    assert "应为数字" in errors["overall.indicators[2].score"][0]


def test_a_new_project_part_appends_a_project() -> None:
    data = _small()
    title, roots = pf.part_roots("project-new", data)
    assert roots == ["projects[0]"] and "新增" in title
    fields = Posted({"projects[0].scope": ["project"], "projects[0].name": ["稽核管理工作经费"]})
    parsed = pf.parse_post(fields, data, roots)
    assert parsed.data["projects"] == [{"scope": "project", "name": "稽核管理工作经费"}]
    assert parsed.data["overall"] == data["overall"]  # other parts untouched


def test_unknown_part_is_refused() -> None:
    with pytest.raises(pf.UnknownPart):
        pf.part_roots("project-5", _small())
    with pytest.raises(pf.UnknownPart):
        pf.part_roots("secrets", _small())
