"""The indicator library: every shipped file valid and sourced, search, xlsx/YAML exchange, history."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.indicators import LibraryError, get_entry, lint_library, load_library, match, suggest
from jixiao.indicators.exchange import dump_yaml, library_from_xlsx, library_to_xlsx
from jixiao.indicators.history import history
from jixiao.indicators.library import parse_library
from jixiao.model import load_package
from tests.conftest import seed_package_path


def test_the_shipped_library_is_valid_and_cites_its_sources() -> None:
    libs = load_library()
    assert set(libs) == {
        "national/overall/cai-yu-2013-53",
        "national/project/cai-yu-2020-10",
        "sector/social-security",
    }
    assert libs["national/overall/cai-yu-2013-53"].source.document == "财预〔2013〕53号"
    assert libs["national/project/cai-yu-2020-10"].source.document == "财预〔2020〕10号"
    assert lint_library() == []
    sector = {e.name for e in libs["sector/social-security"].entries}
    assert {"参保人数", "待遇发放率", "基金安全完整率", "认证人数"} <= sector
    for lib in libs.values():
        for e in lib.entries:
            assert e.definition and (e.unit or e.nature == "qualitative"), e.id


def test_a_broken_file_is_refused_in_chinese() -> None:
    lib = load_library()["sector/social-security"]
    data = yaml.safe_load(dump_yaml(lib))
    data["entries"][0].pop("unit")
    with pytest.raises(LibraryError, match="须写明计量单位"):
        parse_library(data, "bad.yaml")
    data = yaml.safe_load(dump_yaml(lib))
    data["source"]["title"] = " "
    with pytest.raises(LibraryError, match="来源标题不能为空"):
        parse_library(data, "bad.yaml")


def test_suggestions_while_typing_and_matching_seed_names() -> None:
    assert suggest("认证")[0].entry.name == "认证人数"
    assert suggest("满意度")[0].entry.name in ("服务对象满意度", "参保人员满意度")
    assert suggest("") == []
    # the seeds' names find their entries through the synonyms
    assert match("全年认证人数").key == "sector/social-security#certified-persons"  # type: ignore[union-attr]
    assert match("养老保险待遇社会化发放率").key == "sector/social-security#payment-rate"  # type: ignore[union-attr]
    assert match("开展党政廉政学习，防范基金风险。") is None
    assert get_entry("sector/social-security#months-payable").unit == "个月"  # type: ignore[union-attr]


@pytest.mark.parametrize("library_id", ["national/overall/cai-yu-2013-53", "sector/social-security"])
def test_xlsx_round_trip(library_id: str) -> None:
    lib = load_library()[library_id]
    assert library_from_xlsx(library_to_xlsx(lib)) == lib


def test_history_of_insured_persons_from_the_seeds() -> None:
    packages = [
        load_package(seed_package_path(s))
        for s in ("000_805ae84eb2841fa9", "001_a74d644552a354b1", "004_da89c46e97eef31b")
    ]
    points = history(packages, entry="sector/social-security#insured-persons")
    assert [(p.unit, p.year, p.target, p.actual) for p in points] == [
        ("株洲市石峰区社会保险服务中心", 2022, "8.34 万", "8.34 万"),
        ("桃江县社会保险服务中心", 2024, "居保参保人数大于等于45万人", "45.99"),
        (
            "湘西自治州社会保险服务中心",
            2024,
            "机关事业养老保险参保人数 1.2万人",
            "机关事业养老保险参保人数1.25 万人",
        ),
    ]


def test_cli_indicators(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["indicators", "list"]).output
    assert "sector/social-security" in out and "财预〔2013〕53号" in out
    assert "认证人数" in runner.invoke(main, ["indicators", "suggest", "认证"]).output
    xlsx = tmp_path / "lib.xlsx"
    assert (
        runner.invoke(
            main, ["indicators", "show", "sector/social-security", "--format", "xlsx", "-o", str(xlsx)]
        ).exit_code
        == 0
    )
    back = runner.invoke(main, ["indicators", "import", str(xlsx)])
    assert back.exit_code == 0 and yaml.safe_load(back.output)["id"] == "sector/social-security"
    assert runner.invoke(main, ["indicators", "lint"]).exit_code == 0
    hist = runner.invoke(
        main,
        ["indicators", "history", str(seed_package_path("001_a74d644552a354b1")), "--name", "全年认证人数"],
    )
    assert '"actual": "16.49万人"' in hist.output
