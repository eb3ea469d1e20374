"""Issue 10: bounded numbers at the model (F1, F2) and bounded package files (F3).

Every number of the package has a declared bound and precision (``jixiao.model.bounds``); typed
input, package files and API bodies are refused with a Chinese message naming the field; a
document's absurd figure is set aside in the import report at its place.
"""

from __future__ import annotations

import json
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ValidationError

import jixiao.model as model
from jixiao.cli import main
from jixiao.importers import import_bytes
from jixiao.model import EvaluationPackage, PackageError, loads_json, loads_yaml
from jixiao.model.bounds import (
    AMOUNT,
    ERROR_TYPE,
    MAX_DIGITS,
    POINTS,
    STORAGE,
    Bound,
    bound_of,
    decimal_text,
)
from jixiao.model.io import MAX_PACKAGE_BYTES, MAX_PACKAGE_NODES
from tests.conftest import ROOT

SEED_001_TEXT = ROOT / "src" / "jixiao" / "data" / "seeds" / "001_a74d644552a354b1.txt"


def _models() -> list[type[BaseModel]]:
    return [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel
    ]


def _numeric(annotation: Any) -> bool:
    """Whether an annotation holds a Decimal or an int (not inside a nested model)."""
    if annotation in (Decimal, int):
        return True
    return any(_numeric(a) for a in typing.get_args(annotation) if not isinstance(a, (str, bytes)))


def test_every_number_of_the_model_has_a_declared_bound() -> None:
    unbounded = []
    for cls in _models():
        for name, info in cls.model_fields.items():
            if name == "year":  # 1990..2100, declared on the field
                continue
            declared = bound_of(info.annotation) or any(isinstance(m, Bound) for m in info.metadata)
            if _numeric(info.annotation) and not declared:
                unbounded.append(f"{cls.__name__}.{name}")
    assert unbounded == []


def _overall(**fields: Any) -> dict[str, Any]:
    return {"year": 2024, "unit": {"name": "某单位"}, "overall": {"scope": "overall", **fields}}


def _errors(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as caught:
        EvaluationPackage.model_validate(data)
    return [(".".join(map(str, e["loc"])), e["type"], e["msg"]) for e in caught.value.errors()]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("100000", "不能大于 1000分"),
        (100000, "不能大于 1000分"),
        ("1e309", "不能大于 1000分"),
        (1e309, "不是有效的数字"),  # a float overflows to inf
        ("9e999999999", "不能大于 1000分"),
        ("-9e999999999", "不能小于 -1000分"),
        ("NaN", "不是有效的数字"),
        ("-Infinity", "不是有效的数字"),
        (float("nan"), "不是有效的数字"),
        ("96.12345", "最多保留 4 位小数"),
        ("1" + "0" * 50, "不能大于 1000分"),
    ],
)
def test_total_score_out_of_bounds_is_refused_naming_the_field(typed: Any, words: str) -> None:
    ((where, kind, message),) = _errors(_overall(stated_total_score=typed))
    assert where == "overall.stated_total_score" and kind == ERROR_TYPE
    assert message.startswith("总分（得分）") and words in message


@pytest.mark.parametrize("typed", ["0", "1000", "96.5", "96.5000", "99.9999", "96.500000000"])
def test_scores_within_bounds_keep_their_digits(typed: str) -> None:
    package = EvaluationPackage.model_validate(_overall(stated_total_score=typed))
    assert package.overall is not None and str(package.overall.stated_total_score) == typed


def test_each_kind_has_its_bound() -> None:
    rows = [{"kind": "total", "executed": "999999999999.999999"}]  # just below 10^12 万元
    ok = EvaluationPackage.model_validate(_overall(funds={"rows": rows, "stated_execution_rate": "-999999"}))
    assert ok.overall is not None and ok.overall.funds is not None
    errors = _errors(
        {
            "year": 2024,
            "unit": {"name": "某单位", "authorized_staff": 10**7 + 1, "sources": {"name": {"line": -1}}},
            "overall": {
                "scope": "overall",
                "funds": {
                    "rows": [{"kind": "total", "executed": "1000000000000", "annual_budget": "1.0000001"}],
                    "stated_execution_rate": "1000001",
                    "by_source": {"一般公共预算": "1e13"},
                },
            },
            "scoring_facts": {"迟报天数": Decimal("1e20")},
        }
    )
    where = {w: m for w, _, m in errors}
    assert where["unit.authorized_staff"].startswith("编制数") and "10^7人" in where["unit.authorized_staff"]
    assert "不能为负数" in where["unit.sources.name.line"]
    assert where["overall.funds.rows.0.executed"].startswith("全年执行数")
    assert "10^12万元" in where["overall.funds.rows.0.executed"]
    assert "最多保留 6 位小数" in where["overall.funds.rows.0.annual_budget"]
    assert where["overall.funds.stated_execution_rate"].startswith("执行率")
    assert "overall.funds.by_source.一般公共预算" in where
    assert any(w.startswith("scoring_facts.迟报天数") for w in where)


def test_negative_figures_stay_the_checkers_business() -> None:
    """A document may print a negative score; the model keeps it (FMT004), typed input refuses it."""
    package = EvaluationPackage.model_validate(_overall(stated_total_score="-5"))
    assert [n.path for n in model.negative_values(package)] == ["overall.stated_total_score"]


def test_storage_columns_hold_what_the_model_accepts() -> None:
    assert STORAGE["amount"] == (18, 6)
    assert STORAGE["points"] == (8, 4)
    assert STORAGE["rate"] == (13, 6)
    assert STORAGE["headcount"] == (8, 0)
    assert STORAGE["position"] == (10, 0)
    largest = Decimal("999999999999.999999")
    assert AMOUNT.violation(largest) is None and len(largest.as_tuple().digits) == 18
    assert POINTS.violation(Decimal("-999.9999")) is None


def test_decimal_text_stays_short() -> None:
    assert decimal_text(Decimal("96.50")) == "96.50"
    assert decimal_text(Decimal("1e3")) == "1000"
    assert decimal_text(Decimal("9e999999999")) == "9E+999999999"
    assert len(decimal_text(Decimal("-1e-999999999"))) < MAX_DIGITS


def test_json_package_file_names_the_field_in_chinese() -> None:
    text = json.dumps(_overall(stated_total_score="960000"))
    with pytest.raises(PackageError) as caught:
        loads_json(text, "p.json")
    assert "overall.stated_total_score：总分（得分）超出可接受的范围" in str(caught.value)


# ---------------------------------------------------------------- F1: imports keep going


def _text_with_total(total: str) -> bytes:
    lines = SEED_001_TEXT.read_text(encoding="utf-8").split("\n")
    assert lines[407] == "\t96"  # line 408: the 得分 of the 总分 row
    lines[407] = f"\t{total}"
    return "\n".join(lines).encode("utf-8")


def test_imported_absurd_total_goes_to_the_import_report_at_its_line() -> None:
    (package,) = import_bytes(_text_with_total("960000"), "001.txt")
    assert package.overall is not None and package.overall.stated_total_score is None
    (issue,) = [i for i in package.import_report if i.text == "960000"]
    assert issue.location.line == 408 and issue.location.document == "001"
    assert issue.reason.startswith("总分（得分）超出可接受的范围")
    assert package.overall.indicators  # the rest of the document was read
    EvaluationPackage.model_validate(package.model_dump())  # and the package is valid as a whole


def test_cli_import_and_check_of_such_a_text(tmp_path: Path) -> None:
    source = tmp_path / "001.txt"
    source.write_bytes(_text_with_total("960000"))
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = next((tmp_path / "out").glob("*.yaml")).read_text(encoding="utf-8")
    assert "960000" in written and "总分（得分）超出可接受的范围" in written
    result = CliRunner().invoke(main, ["check", str(source), "--fail-on", "none", "--format", "json"])
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- F3: package files


def alias_bomb(width: int = 300) -> str:
    """A few kilobytes that expand to ``width`` projects × ``width`` indicators with aliases."""
    row = ", ".join(["*i"] * width)
    rows = ", ".join(["*p"] * width)
    return (
        "year: 2024\nunit: {name: 某单位}\n"
        "scoring_facts: {\n"
        "  a: &i {level1: output, level2: quantity, name: 指标, max_score: 10, score: 10},\n"
        f"  b: &p {{scope: project, name: 项目, indicators: [{row}]}}\n"
        "}\n"
        f"projects: [{rows}]\n"
    )


def test_yaml_aliases_are_refused_before_anything_expands() -> None:
    text = alias_bomb()
    assert len(text.encode()) < 4000
    with pytest.raises(PackageError) as caught:
        loads_yaml(text, "bomb.yaml")
    assert str(caught.value).startswith("bomb.yaml：第4行使用了 YAML 锚点或别名")


def test_cli_check_refuses_the_alias_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "锚点或别名" in result.output


def test_yaml_and_json_node_budget() -> None:
    many = MAX_PACKAGE_NODES + 1
    yaml_text = "year: 2024\nunit: {name: 某单位}\nrule_sets: [" + ",".join(["a"] * many) + "]\n"
    with pytest.raises(PackageError) as caught:
        loads_yaml(yaml_text, "big.yaml")
    assert f"超过 {MAX_PACKAGE_NODES} 个数据项" in str(caught.value)
    json_text = json.dumps({"year": 2024, "unit": {"name": "某单位"}, "rule_sets": ["a"] * many})
    with pytest.raises(PackageError) as caught:
        loads_json(json_text, "big.json")
    assert f"超过 {MAX_PACKAGE_NODES} 个数据项" in str(caught.value)


def test_package_size_bound_and_odd_inputs() -> None:
    with pytest.raises(PackageError, match="文件过大"):
        loads_json(" " * (MAX_PACKAGE_BYTES + 1), "huge.json")
    with pytest.raises(PackageError, match="嵌套层次过深"):
        loads_json("[" * 100_000 + "]" * 100_000, "deep.json")
    with pytest.raises(PackageError, match="无法读取的数值"):
        loads_json('{"year": ' + "9" * 5000 + "}", "digits.json")
    with pytest.raises(PackageError, match=r"无法读取的数值|超出可接受的范围|数值过大"):
        loads_yaml("year: 2024\nunit: {name: x, authorized_staff: " + "9" * 5000 + "}\n", "digits.yaml")


def test_a_headcount_with_an_astronomical_exponent_is_refused_not_an_overflow() -> None:
    # the probe's "9e999999999" typed as 编制数: Decimal's context would overflow on abs(); the bound
    # must say what is wrong in Chinese instead of raising decimal.Overflow (a 500 on the page API)
    from pydantic import ValidationError

    from jixiao.model import Unit

    with pytest.raises(ValidationError) as err:
        Unit(name="某单位", authorized_staff="9e999999999")
    assert "编制数" in str(err.value) and "超出可接受的范围" in str(err.value)
