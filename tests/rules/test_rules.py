"""Rule-set loading, lint (Chinese problems with file and place), hashing, extends and selection."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jixiao.model import EvaluationPackage, Scope, ScoringTable, SelfEvaluation, Unit
from jixiao.rules import (
    INPUTS,
    RULES_DIR,
    RuleSetError,
    get_rule_set,
    lint_rule_sets,
    load_rule_sets,
    select_rule_sets,
)

PROJECT = "national/project/cai-yu-2020-10"
OVERALL = "national/overall/self-evaluation-2020"
YUEYANGLOU = "hunan/yueyanglou/overall-2021"
XIANGXI = "hunan/xiangxi/work-assessment-2024"
MONITORING = "national/monitoring/monitoring-2019"
RESULTS = "national/results-application/results-application-2020"


def test_installed_rule_sets_lint_clean() -> None:
    assert [str(p) for p in lint_rule_sets()] == []
    assert set(load_rule_sets()) == {PROJECT, OVERALL, YUEYANGLOU, XIANGXI, MONITORING, RESULTS} | {
        "hunan/xiangxi/work-assessment-2024-rectification"  # 附件9 + overdue 整改, named only (issue 14)
    }


def test_national_project_weights_and_bands() -> None:
    rs = get_rule_set(PROJECT)
    assert [(w.label, w.points) for w in rs.weights] == [
        ("预算执行率", 10),
        ("产出指标", 50),
        ("效益指标", 30),
        ("满意度指标", 10),
    ]
    assert rs.source.document_number == "财预〔2020〕10号"
    assert rs.execution is not None and rs.execution.weight == 10
    assert rs.indicator_scoring is not None
    assert rs.indicator_scoring.overachievement is not None
    assert rs.indicator_scoring.overachievement.threshold == Decimal("0.30")
    # [K] facts are marked
    assert rs.status["indicator_scoring.overachievement"].tag == "K"
    assert rs.status["indicator_scoring.qualitative"].tag == "K"


def test_overall_extends_project_and_restates_only_changes() -> None:
    project, overall = get_rule_set(PROJECT), get_rule_set(OVERALL)
    assert overall.extends == PROJECT
    assert overall.scope == "overall" and project.scope == "project"
    assert overall.weights == project.weights  # inherited
    assert overall.grade_bands == project.grade_bands
    assert overall.source.document_number == "财预〔2013〕53号"  # its own source
    assert overall.status["weights"].tag == "I"  # overridden note
    assert overall.status["grade_bands"].tag == "C"  # inherited note
    assert overall.content_hash != project.content_hash


def test_yueyanglou_table_has_every_row_of_the_printed_table() -> None:
    rs = get_rule_set(YUEYANGLOU)
    # 投入15 / 过程40 / 产出25 / 效果20; 3 + 4 + 5 + 3 + 6 + 2 rows as printed (效益 15 merged in one row)
    assert [(w.label, w.points) for w in rs.weights] == [
        ("投入", 15),
        ("过程", 40),
        ("产出", 25),
        ("效果", 20),
    ]
    assert len(rs.rows) == 23
    assert sum(r.max_score for r in rs.rows) == 100
    row = next(r for r in rs.rows if r.key == "staffing_control_rate")
    assert row.input == "staffing_control_rate"
    assert row.scoring.type == "linear_deduction"
    assert "每超过一个百分点扣0.5分" in row.criterion
    manual = [r.key for r in rs.rows if r.scoring.type == "manual"]
    assert len(manual) == 7  # six 产出 rows and 经济/社会/生态效益


def test_xiangxi_work_assessment() -> None:
    rs = get_rule_set("work-assessment-2024")  # the last path part is enough when unique
    assert rs.id == XIANGXI
    assert [(w.label, w.points) for w in rs.weights] == [("布置工作", 10), ("实施评价", 30), ("自评报告", 60)]
    types = {r.key: r.scoring.type for r in rs.rows}
    assert types["submission"] == "deduction_per_day_late"
    assert types["notice"] == "composite"
    assert types["self_check"] == "checklist"
    assert [b.label for b in rs.grade_bands] == ["优", "良", "较差", "差"]


def test_unknown_rule_set_is_a_chinese_error() -> None:
    with pytest.raises(RuleSetError, match="没有找到规则集“nowhere”"):
        get_rule_set("nowhere")


def test_every_input_named_by_a_shipped_row_is_registered() -> None:
    for rs in load_rule_sets().values():
        for row in rs.rows:
            if row.input:
                assert row.input.split(":")[0] in INPUTS


def test_content_hash_is_stable_and_follows_content(tmp_path: Path) -> None:
    src = RULES_DIR / "national" / "project" / "cai-yu-2020-10.yaml"
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    data["id"] = "test/project-copy"
    a = tmp_path / "a" / "x.yaml"
    a.parent.mkdir()
    a.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    first = load_rule_sets(tmp_path / "a")["test/project-copy"].content_hash
    # reformatting (key order, 0.30 vs 0.3) does not change the canonical hash
    a.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
    assert load_rule_sets(tmp_path / "a")["test/project-copy"].content_hash == first
    data["indicator_scoring"]["overachievement"]["threshold"] = 0.5
    a.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_rule_sets(tmp_path / "a")["test/project-copy"].content_hash != first
    assert len(first) == 64


# ---------------------------------------------------------------- lint of broken files


def _write(tmp_path: Path, data: dict[str, object], name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _project_copy(**changes: object) -> dict[str, object]:
    data = yaml.safe_load((RULES_DIR / "national/project/cai-yu-2020-10.yaml").read_text(encoding="utf-8"))
    data["id"] = "test/broken"
    data.update(changes)
    return data


def _table_copy() -> dict[str, object]:
    data = yaml.safe_load((RULES_DIR / "hunan/yueyanglou/overall-2021.yaml").read_text(encoding="utf-8"))
    data["id"] = "test/broken-table"
    return data


def _messages(path: Path) -> list[str]:
    return [str(p) for p in lint_rule_sets([path])]


def test_lint_weights_do_not_add_up(tmp_path: Path) -> None:
    data = _project_copy()
    data["weights"][1]["points"] = 60  # type: ignore[index]
    msgs = _messages(_write(tmp_path, data))
    # 10 + 60 + 30 + 10 = 110
    assert msgs == [
        "broken.yaml：weights：权重合计10+60+30+10=110分，与总分100分不符".replace(
            "broken.yaml", str(tmp_path / "broken.yaml")
        )
    ]


def test_lint_grade_bands_with_a_gap_and_an_overlap(tmp_path: Path) -> None:
    data = _project_copy()
    bands = data["grade_bands"]
    bands[1]["upper"] = 85  # type: ignore[index]  # 良 80–85, 优 starts at 90: gap 85–90
    msgs = _messages(_write(tmp_path, data))
    assert any("grade_bands：等级区间在85与90之间有空缺" in m for m in msgs), msgs
    data = _project_copy()
    data["grade_bands"][2]["upper_inclusive"] = True  # type: ignore[index]  # 中 [60, 80] and 良 [80, 90)
    msgs = _messages(_write(tmp_path, data))
    assert any("等级区间在80处重叠" in m for m in msgs), msgs


def test_lint_source_missing(tmp_path: Path) -> None:
    data = _project_copy()
    del data["source"]
    msgs = _messages(_write(tmp_path, data))
    assert any("（文件顶层）：缺少必填项“source”" in m for m in msgs), msgs
    data = _project_copy(source={"title": "某文件", "issuer": "某局"})
    msgs = _messages(_write(tmp_path, data))
    assert any("source：出处不完整：须给出文号或发布地址" in m for m in msgs), msgs


def test_lint_unknown_field_and_wrong_type(tmp_path: Path) -> None:
    data = _project_copy(colour="red", version=2)
    msgs = _messages(_write(tmp_path, data))
    assert any("有不认识的字段“colour”" in m for m in msgs), msgs
    assert any("version：类型不对，应为文字" in m for m in msgs), msgs


def test_lint_extends_unresolved_and_cycle(tmp_path: Path) -> None:
    child = {
        "id": "test/child",
        "version": "1",
        "title": "子",
        "extends": "test/nowhere",
        "source": {"title": "某文件", "issuer": "某局", "document_number": "某〔2024〕1号"},
    }
    msgs = _messages(_write(tmp_path, child))
    assert any("extends：继承的规则集“test/nowhere”不存在" in m for m in msgs), msgs
    a = dict(child, id="test/a", extends="test/b")
    b = dict(child, id="test/b", extends="test/a")
    pa, pb = _write(tmp_path, a, "a.yaml"), _write(tmp_path, b, "b.yaml")
    msgs = [str(p) for p in lint_rule_sets([pa, pb])]
    assert any("继承关系成环" in m for m in msgs), msgs


def test_lint_duplicate_ids(tmp_path: Path) -> None:
    data = _project_copy()
    pa, pb = _write(tmp_path, data, "a.yaml"), _write(tmp_path, data, "b.yaml")
    msgs = [str(p) for p in lint_rule_sets([pa, pb])]
    assert any("规则集 id“test/broken”重复" in m for m in msgs), msgs


def test_lint_rows_do_not_add_up_to_their_group(tmp_path: Path) -> None:
    data = _table_copy()
    data["rows"][0]["max_score"] = 6  # type: ignore[index]  # 财政供养人员控制率 6 instead of 5
    msgs = _messages(_write(tmp_path, data))
    # 投入: 6 + 5 + 5 = 16 ≠ 15; 预算配置 likewise
    assert any("“投入”各行分值合计16分，与权重15分不符" in m for m in msgs), msgs
    assert any("“投入/预算配置”各行分值合计16分，与权重15分不符" in m for m in msgs), msgs


def test_lint_band_gap_in_a_row_and_unknown_input(tmp_path: Path) -> None:
    data = _table_copy()
    row = data["rows"][2]  # type: ignore[index]  # 重点支出安排率
    row["scoring"]["bands"][1]["lower"] = 81  # 80–90 becomes 81–90: gap 80–81
    data["rows"][0]["input"] = "staff_rate_typo"  # type: ignore[index]
    msgs = _messages(_write(tmp_path, data))
    assert any("rows[2]（重点支出安排率）：档次在80与81之间有空缺" in m for m in msgs), msgs
    assert any(
        "rows[0]（财政供养人员控制率）：输入量“staff_rate_typo”不在输入量登记表中" in m for m in msgs
    ), msgs


def test_lint_unknown_primitive_and_yaml_error(tmp_path: Path) -> None:
    data = _table_copy()
    data["rows"][0]["scoring"] = {"type": "eval", "expr": "5 - x"}  # type: ignore[index]
    msgs = _messages(_write(tmp_path, data))
    assert any("rows[0].scoring.type：取值不在允许范围内" in m for m in msgs), msgs
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n  version: [\n", encoding="utf-8")
    msgs = _messages(bad)
    assert len(msgs) == 1 and "YAML 格式错误" in msgs[0] and "第" in msgs[0]


def test_lint_checklist_points_must_add_up(tmp_path: Path) -> None:
    data = _table_copy()
    rules_row = next(r for r in data["rows"] if r["key"] == "budget_rules")  # type: ignore[union-attr]
    rules_row["scoring"]["items"][0]["points"] = 2  # 2 + 1 + 1 = 4 ≠ 3
    msgs = _messages(_write(tmp_path, data))
    assert any("清单各项分值合计4分，与本行分值3分不符" in m for m in msgs), msgs


# ---------------------------------------------------------------- selection


def _package(year: int, places: list[str], name: str = "某社会保险服务中心") -> EvaluationPackage:
    return EvaluationPackage(year=year, unit=Unit(name=name, jurisdiction=places))


def test_select_by_form_scope_year_and_place() -> None:
    p = _package(2021, ["湖南省", "岳阳市", "岳阳楼区"])
    p.overall = SelfEvaluation(scope=Scope.OVERALL)
    p.scoring_table = ScoringTable(title="部门整体支出绩效评价评分表")
    assert [r.id for r in select_rule_sets(p)] == [OVERALL, YUEYANGLOU]
    # the district table does not apply elsewhere, nor before 2021
    elsewhere = _package(2021, ["湖南省", "株洲市", "石峰区"])
    elsewhere.scoring_table = ScoringTable(title="评分表")
    assert select_rule_sets(elsewhere) == []
    earlier = _package(2019, ["湖南省", "岳阳市", "岳阳楼区"])
    earlier.scoring_table = ScoringTable(title="评分表")
    earlier.projects = [SelfEvaluation(scope=Scope.PROJECT, name="x")]
    assert [r.id for r in select_rule_sets(earlier)] == []  # 10号 applies from 2020


def test_select_honours_declared_rule_sets() -> None:
    p = _package(2024, ["湖南省"])
    p.rule_sets = [PROJECT]
    assert [r.id for r in select_rule_sets(p)] == [PROJECT]
    p.rule_sets = ["no/such"]
    with pytest.raises(RuleSetError):
        select_rule_sets(p)
