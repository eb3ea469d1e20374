"""The command line as a user runs it: exit statuses, formats, Chinese errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli import main
from tests.conftest import SEED_IDS, seed_package_path

SEEDS = [str(seed_package_path(s)) for s in SEED_IDS]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="jixiao")
    return result.exit_code, result.output


def test_check_json_lists_every_seed_with_findings_and_fails_on_error() -> None:
    code, out = run("check", *SEEDS, "--format", "json")
    data = json.loads(out)
    assert [d["path"] for d in data["documents"]] == SEEDS
    for document in data["documents"]:
        assert document["findings"], document["path"]
        for f in document["findings"]:
            assert set(f) >= {"code", "category", "severity", "message", "stated", "computed", "location"}
    # every seed holds at least one error-level finding, so the default --fail-on error exits 1
    assert code == 1


def test_check_fail_on_none_exits_zero() -> None:
    code, _ = run("check", SEEDS[1], "--fail-on", "none")
    assert code == 0


def test_check_seed_001_reports_the_early_fill_date_at_its_line() -> None:
    # 001 line 412: 整体支出绩效自评表 填报日期 2024-04-30, before the evaluated year 2024 ended
    _, out = run("check", SEEDS[1], "--format", "json")
    findings = json.loads(out)["documents"][0]["findings"]
    dates = [f for f in findings if f["category"] == "date_error"]
    assert any(f["location"].get("line") == 412 and "2024-04-30" in f["stated"] for f in dates)


def test_check_html_is_one_self_contained_page() -> None:
    _, out = run("check", SEEDS[0], "--format", "html", "--fail-on", "none")
    assert out.lstrip().lower().startswith("<!doctype html")
    assert 'lang="zh-CN"' in out
    assert "http://" not in out and "https://" not in out


def test_missing_file_is_a_chinese_error_with_status_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "文件不存在" in result.output


def test_malformed_package_is_a_chinese_error_naming_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2024\nunit: {name: 测试单位, actual_staff: 二十七}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(bad)])
    assert result.exit_code == 2
    assert "unit.actual_staff" in result.output and "应为整数" in result.output


def test_score_003_recomputes_staffing_control_rate_and_shows_the_dispute() -> None:
    # 003: form says 编制50, 实有44 → 88% → 5 points (unit 5); the report says 编制39 → 112.82% → 0 points
    code, out = run("score", SEEDS[2])
    assert code == 0
    assert "44/编制50人=88.00%" in out or "88.00%" in out
    assert "112.82%" in out


def test_score_json_has_rule_set_identity() -> None:
    code, out = run("score", SEEDS[1], "--format", "json")
    assert code == 0
    sheets = json.loads(out)[0]["sheets"]
    assert sheets and all(s["rule_set_id"] and s["rule_set_hash"] for s in sheets)


def test_rules_list_show_lint() -> None:
    code, out = run("rules", "list")
    assert code == 0 and "national/project/cai-yu-2020-10" in out
    code, out = run("rules", "show", "national/project/cai-yu-2020-10")
    assert code == 0 and "财预〔2020〕10号" in out
    code, out = run("rules", "lint")
    assert code == 0
    result = CliRunner().invoke(main, ["rules", "show", "no/such/rule"])
    assert result.exit_code == 2


def test_schema_is_json() -> None:
    code, out = run("schema")
    assert code == 0
    assert json.loads(out)["title"] == "EvaluationPackage"


# --- Chinese everywhere, names not paths (issue 12) ------------------------------------------------

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Show the version", "Error:", "Try '")


def _subcommands() -> list[list[str]]:
    import click

    out: list[list[str]] = [[]]
    for name, cmd in main.commands.items():  # type: ignore[attr-defined]
        out.append([name])
        if isinstance(cmd, click.Group):
            out += [[name, sub] for sub in cmd.commands]
    return out


def test_every_help_is_chinese() -> None:
    commands = _subcommands()
    assert ["check"] in commands and ["rules", "lint"] in commands and ["indicators", "history"] in commands
    for args in commands:
        code, out = run(*args, "--help")
        assert code == 0, args
        assert out.startswith("用法：jixiao"), (args, out[:40])
        assert "选项：" in out and "显示本帮助并退出。" in out, args
        assert not any(word in out for word in ENGLISH), (args, out)
        assert "[OPTIONS]" not in out and "COMMAND" not in out and " TEXT" not in out, (args, out)
        # help text wraps by the Chinese rules: no line starts with closing punctuation
        for line in out.splitlines():
            assert not line.strip().startswith(tuple("，。；：、）》”")), (args, line)
    _, out = run("check", "--help")
    assert "用法：jixiao check [选项] 文件..." in out
    flat = "".join(out.split())
    assert "输出格式：table（表格，按问题级别分组）" in flat and "[默认：table]" in flat


def test_bad_parameters_are_chinese_errors() -> None:
    result = CliRunner().invoke(main, prog_name="jixiao", args=["check", "--format", "xml", SEEDS[0]])
    assert result.exit_code == 2
    assert "错误：参数 '--format' 的值无效：'xml' 不是可选值之一" in result.output
    assert "运行“jixiao check --help”查看帮助。" in result.output
    result = CliRunner().invoke(main, prog_name="jixiao", args=["check"])
    assert result.exit_code == 2 and "错误：缺少参数 '文件...'" in result.output
    result = CliRunner().invoke(main, prog_name="jixiao", args=["chek"])
    assert result.exit_code == 2 and "错误：没有命令 'chek'。" in result.output
    result = CliRunner().invoke(main, prog_name="jixiao", args=["check", "--jobs", "999", SEEDS[0]])
    assert "999 超出了范围" in result.output
    assert not any(word in result.output for word in ENGLISH[:3])


def test_check_table_names_places_and_codes_never_paths() -> None:
    import re

    _, out = run("check", *SEEDS, "--fail-on", "none")
    located = [line for line in out.splitlines() if re.match(r"  [A-Z]{3}\d{3} ", line)]
    assert len(located) > 50
    for line in located:
        assert not re.search(r"\[\d+\]|[a-z]+_[a-z]+|[a-z]+\.[a-z]", line), line
        assert not re.search(r"\[[a-z_]+\]", line), line  # no bare English category
    # seed 001 line 214: the first overall indicator, 参保扩面任务, named as printed with its line
    assert any(
        line.startswith("  WGT002 ")
        and "部门整体支出绩效自评表 · 产出指标 · 参保扩面任务 · 分值（原文第214行）" in line
        for line in located
    )
