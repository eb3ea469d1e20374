"""The package model: lossless YAML/JSON round trips, Decimal digits kept, Chinese errors."""

from __future__ import annotations

import json

import pytest

from jixiao.model import (
    EvaluationPackage,
    Level2,
    PackageError,
    Scope,
    Unit,
    dumps_json,
    dumps_yaml,
    load_package,
    loads_json,
    loads_yaml,
    negative_values,
    save_package,
)
from tests.conftest import ROOT, SEED_IDS, seed_package_path
from tests.factories import form, indicator, package


def _small() -> EvaluationPackage:
    return package(
        unit=Unit(name="某社会保险服务中心", authorized_staff=32, actual_staff=27),
        overall=form(
            Scope.OVERALL,
            indicator("补贴标准", "平均 2932 元/月", "平均 2924 元/人", "10", "9.50", level2=Level2.COST),
        ),
    )


def test_yaml_round_trip_keeps_decimal_digits() -> None:
    text = dumps_yaml(_small())
    assert "score: 9.50" in text  # the trailing zero is kept as printed
    back = loads_yaml(text)
    assert back == _small()
    assert str(back.overall.indicators[0].score) == "9.50"  # type: ignore[union-attr]


def test_json_round_trip() -> None:
    text = dumps_json(_small())
    data = json.loads(text)
    assert data["overall"]["indicators"][0]["score"] == "9.50"
    assert loads_json(text) == _small()


def test_save_and_load_files(tmp_path: pytest.TempPathFactory) -> None:
    for suffix in (".yaml", ".json"):
        path = tmp_path / f"p{suffix}"  # type: ignore[operator]
        save_package(_small(), path)
        assert load_package(path) == _small()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("year: 2024\nunit: {name: x, authorized_staff: 三十}\n", "unit.authorized_staff：应为整数"),
        ("year: 2024\n", "unit：缺少必填项"),
        ("year: 2024\nunit: {name: x}\nbogus: 1\n", "bogus：不认识的字段"),
        ("year: [\n", "YAML 格式错误"),
        ("year: 1800\nunit: {name: x}\n", "year：数值过小"),
        ("- 1\n- 2\n", "不是一个评价包"),
        (
            "year: 2024\nunit: {name: x}\noverall: {scope: overall, indicators: [{level1: output, level2: quantity,"
            " name: n, score: 十分}]}\n",
            "overall.indicators.0.score：应为数字",
        ),
    ],
)
def test_bad_package_gives_chinese_error_with_place(text: str, fragment: str) -> None:
    with pytest.raises(PackageError) as info:
        loads_yaml(text, "bad.yaml")
    assert "bad.yaml" in str(info.value)
    assert fragment in str(info.value)


def test_unreadable_file_is_reported(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "gbk.yaml"  # type: ignore[operator]
    path.write_bytes("单位：测试".encode("gbk"))
    with pytest.raises(PackageError, match="不是 UTF-8"):
        load_package(path)
    with pytest.raises(PackageError, match="无法读取"):
        load_package(tmp_path / "missing.yaml")  # type: ignore[operator]


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_packages_load_and_round_trip(seed_id: str) -> None:
    path = seed_package_path(seed_id)
    if not path.exists():
        pytest.fail(f"missing hand-made package {path}")
    package = load_package(path)
    assert package.documents and package.documents[0].id == seed_id
    assert loads_yaml(dumps_yaml(package)) == package
    assert loads_json(dumps_json(package)) == package


def test_published_json_schema_is_current() -> None:
    published = json.loads((ROOT / "docs" / "package.schema.json").read_text(encoding="utf-8"))
    assert published == EvaluationPackage.model_json_schema()


def test_negative_values_are_kept_as_stated_and_listed() -> None:
    # the package holds what a document prints; a negative budget figure is listed (and the checker and
    # the web forms refuse or report it), a negative change amount is normal and not listed
    package = loads_yaml(
        "year: 2024\nunit: {name: x, actual_staff: -3}\n"
        "overall: {scope: overall, funds: {rows: [{kind: total, executed: -444.24}]}}\n"
        "three_public_tables: [{title: t, rows: [{component: total, stated_change_amount: -2.37}]}]\n"
    )
    found = [(v.path, str(v.value)) for v in negative_values(package)]
    assert found == [("unit.actual_staff", "-3"), ("overall.funds.rows[0].executed", "-444.24")]
