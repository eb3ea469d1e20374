"""The target round through its services: open, fill, submit, review per indicator, return, approve,
publish, adjust, carry into the self-evaluation — with the counts worked out by hand from seed 001."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao.audit import check_package
from jixiao_web.evaluations.services import ConflictError, WorkflowError, package_of
from jixiao_web.targets import selectors, services
from jixiao_web.targets.models import FilingState, TargetFiling

pytestmark = pytest.mark.django_db

# Seed 001 (2024): the overall form has 11 indicators, the project 稽核管理工作经费 9 (20 in all). Filed again
# for 2025 unchanged, 8 targets are below the 2024 actuals (see tests/targets_declaration/test_previous.py).


def users(world: dict[str, Any]) -> dict[str, Any]:
    return world["users"]


def declarations(filing: TargetFiling) -> list[dict[str, Any]]:
    return [dict(d) for d in filing.data]


def raise_certified(filing: TargetFiling, target: str = "≥16.5万人") -> list[dict[str, Any]]:
    """The project's 全年认证人数 raised above 2024's 16.49万人, with its basis."""
    data = declarations(filing)
    project = data[1]
    first = dict(project["indicators"][0])
    assert first["name"] == "全年认证人数"
    first.update({"target_raw": target, "basis": "history", "basis_figure_raw": "16.49万人"})
    project["indicators"] = [first, *project["indicators"][1:]]
    return data


def test_opening_the_round_starts_each_unit_from_last_year(world: dict[str, Any], target_round: Any) -> None:
    u1, u2, _ = world["units"]
    assert sorted(f.unit.name for f in target_round.filings.all()) == sorted([u1.name, u2.name])
    f1 = target_round.filings.get(unit=u1)
    assert f1.state == FilingState.DRAFT and f1.revision == 1
    assert [d.get("name") for d in f1.data] == [None, "稽核管理工作经费"]
    assert (f1.indicator_count, f1.with_basis_count, f1.below_history_count, f1.error_count) == (20, 0, 8, 0)
    assert target_round.filings.get(unit=u2).indicator_count == 0  # U2's 2024 package has no forms
    # one round per bureau and year; only the bureau's 绩效科 opens one
    with pytest.raises(WorkflowError):
        services.round_open(user=users(world)["admin"], year=2025, title="再发", deadline=date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        services.round_open(user=users(world)["reviewer"], year=2026, title="x", deadline=date(2026, 1, 1))


def test_the_whole_cycle(world: dict[str, Any], filing: TargetFiling) -> None:
    u = users(world)
    # the unit raises one target and gives its basis: below history 8 → 7, with basis 0 → 1
    services.filing_save(filing=filing, user=u["preparer"], data=raise_certified(filing), based_on=1)
    filing.refresh_from_db()
    assert (filing.revision, filing.below_history_count, filing.with_basis_count) == (2, 7, 1)
    # only the head submits
    with pytest.raises(PermissionDenied):
        services.filing_submit(filing=filing, user=u["preparer"])
    services.filing_submit(filing=filing, user=u["head"])
    with pytest.raises(WorkflowError):  # no more edits once submitted
        services.filing_save(filing=filing, user=u["preparer"], data=filing.data, based_on=2)
    # another desk neither sees nor reviews it
    with pytest.raises(PermissionDenied):
        selectors.filing_get_for_user(u["reviewer_other_desk"], filing.pk)
    with pytest.raises(PermissionDenied):
        services.filing_start_review(filing=filing, user=u["reviewer_other_desk"])
    services.filing_start_review(filing=filing, user=u["reviewer"])
    # an opinion other than 通过 needs a reason
    with pytest.raises(ValidationError):
        services.opinion_add(filing=filing, user=u["reviewer"], declaration=0, indicator=0, verdict="reject")
    services.opinion_add(
        filing=filing,
        user=u["reviewer"],
        declaration=0,
        indicator=0,
        verdict="reject",
        reason="目标低于上年实际",
    )
    with pytest.raises(WorkflowError, match="没有审核意见"):
        services.filing_approve(filing=filing, user=u["reviewer"])
    for i, d in enumerate(filing.data):
        for j in range(len(d["indicators"])):
            if (i, j) != (0, 0):
                services.opinion_add(
                    filing=filing, user=u["reviewer"], declaration=i, indicator=j, verdict="pass"
                )
    with pytest.raises(WorkflowError, match="不通过"):
        services.filing_approve(filing=filing, user=u["reviewer"])
    services.filing_return(filing=filing, user=u["reviewer"])
    filing.refresh_from_db()
    assert filing.state == FilingState.RETURNED
    # the unit raises the overall 参保扩面任务 above 2024's 45.99万人 and submits again
    data = declarations(filing)
    first = dict(data[0]["indicators"][0])
    first.update(
        {"target_raw": "居保参保人数大于等于46万人", "basis": "history", "basis_figure_raw": "45.99万人"}
    )
    data[0]["indicators"] = [first, *data[0]["indicators"][1:]]
    services.filing_save(filing=filing, user=u["preparer"], data=data, based_on=2)
    filing.refresh_from_db()
    assert (filing.revision, filing.below_history_count, filing.with_basis_count) == (3, 6, 2)
    services.filing_submit(filing=filing, user=u["head"])
    services.filing_start_review(filing=filing, user=u["reviewer"])
    # opinions belong to a revision: the new one needs its own
    assert selectors.current_opinions(filing) == {}
    for i, d in enumerate(filing.data):
        for j in range(len(d["indicators"])):
            services.opinion_add(
                filing=filing, user=u["reviewer"], declaration=i, indicator=j, verdict="pass"
            )
    services.opinion_add(
        filing=filing,
        user=u["reviewer"],
        declaration=1,
        indicator=7,
        verdict="pass_after_change",
        reason="可支付月数应以上年实际为依据",
    )
    with pytest.raises(PermissionDenied):
        services.filing_approve(filing=filing, user=u["head"])
    services.filing_approve(filing=filing, user=u["reviewer"], reference="桃财预〔2025〕3号")
    filing.refresh_from_db()
    assert filing.state == FilingState.APPROVED and filing.revision == 4
    assert all(d["approved"] for d in filing.data)
    assert {d["approval_reference"] for d in filing.data} == {"桃财预〔2025〕3号"}
    # the reviewer cannot publish; the bureau's 绩效科 does
    with pytest.raises(PermissionDenied):
        services.filing_publish(filing=filing, user=u["reviewer"])
    services.filing_publish(filing=filing, user=u["admin"])
    assert list(selectors.published_filings()) == [TargetFiling.objects.get(pk=filing.pk)]

    # 目标调整 after approval: the unit asks, the desk decides
    with pytest.raises(WorkflowError):
        services.filing_save(filing=filing, user=u["preparer"], data=filing.data, based_on=4)
    adj = services.adjustment_request(
        filing=filing,
        user=u["preparer"],
        declaration=1,
        indicator=0,
        new_target="≥17万人",
        reason="新增认证任务",
    )
    assert adj.old_target == "≥16.5万人"
    with pytest.raises(PermissionDenied):
        services.adjustment_decide(adjustment=adj, user=u["head"], approve=True)
    services.adjustment_decide(adjustment=adj, user=u["reviewer"], approve=True, comment="同意")
    filing.refresh_from_db()
    decl = selectors.declarations_of(filing)[1]
    assert decl.effective_target_raw(decl.indicators[0]) == "≥17万人"

    # year end: the 2025 self-evaluation starts from the approved targets
    evaluation = services.filing_carry_into_evaluation(filing=filing, user=u["preparer"])
    package = package_of(evaluation)
    assert package is not None and package.year == 2025 and package.overall is not None
    assert [p.name for p in package.projects] == ["稽核管理工作经费"]
    assert package.projects[0].indicators[0].target_raw == "≥17万人"  # the adjusted target in force
    assert all(i.actual_raw is None for i in package.projects[0].indicators)
    assert [f for f in check_package(package) if f.code in ("TGT012", "TGT013")] == []
    # a target printed differently from the approved one is a finding
    project = package.projects[0]
    project.indicators[0] = project.indicators[0].model_copy(update={"target_raw": "≥15万人"})
    changed = [(f.code, f.location.path) for f in check_package(package) if f.code == "TGT012"]
    assert changed == [("TGT012", "projects[0].indicators[0].target_raw")]


def test_carried_targets_are_locked_in_the_self_evaluation(
    world: dict[str, Any], filing: TargetFiling
) -> None:
    """Issue 13: at year end the forms start from the approved targets, copied and locked — a typed
    save fills actuals but cannot change a 年度指标值 or the declarations; an uploaded document is
    kept as printed and its difference reported (TGT012)."""
    from jixiao_web.evaluations.services import package_save

    u = users(world)
    services.filing_submit(filing=filing, user=u["head"])
    services.filing_start_review(filing=filing, user=u["reviewer"])
    for i, d in enumerate(filing.data):
        for j in range(len(d["indicators"])):
            services.opinion_add(
                filing=filing, user=u["reviewer"], declaration=i, indicator=j, verdict="pass"
            )
    services.filing_approve(filing=filing, user=u["reviewer"], reference="桃财预〔2025〕3号")
    filing.refresh_from_db()
    evaluation = services.filing_carry_into_evaluation(filing=filing, user=u["preparer"])
    package = package_of(evaluation)
    assert package is not None and package.projects
    revision = evaluation.current_revision.number

    # filling an actual is a save like any other
    filled = package.model_copy(deep=True)
    filled.projects[0].indicators[0].actual_raw = "16.8万人"
    data = filled.model_dump(mode="json", exclude_defaults=True)
    package_save(evaluation=evaluation, user=u["preparer"], data=data, based_on=revision)
    evaluation.refresh_from_db()
    assert evaluation.current_revision.number == revision + 1

    # changing an approved 年度指标值 by hand is refused, and nothing is written
    lowered = filled.model_copy(deep=True)
    lowered.projects[0].indicators[0].target_raw = "≥10万人"
    with pytest.raises(ValidationError) as caught:
        package_save(
            evaluation=evaluation,
            user=u["preparer"],
            data=lowered.model_dump(mode="json", exclude_defaults=True),
            based_on=revision + 1,
        )
    assert "锁定" in " ".join(caught.value.messages) and "≥10万人" in " ".join(caught.value.messages)
    # so is editing the approved declarations themselves
    edited = filled.model_copy(deep=True)
    edited.targets[0].indicators[0].target_raw = "≥1万人"
    with pytest.raises(ValidationError, match="目标调整"):
        package_save(
            evaluation=evaluation,
            user=u["preparer"],
            data=edited.model_dump(mode="json", exclude_defaults=True),
            based_on=revision + 1,
        )
    evaluation.refresh_from_db()
    assert evaluation.current_revision.number == revision + 1

    # a document uploaded as printed is kept, and the difference is a finding
    package_save(
        evaluation=evaluation,
        user=u["preparer"],
        data=lowered.model_dump(mode="json", exclude_defaults=True),
        based_on=revision + 1,
        typed=False,
    )
    stored = package_of(evaluation)
    assert stored is not None
    assert [f.code for f in check_package(stored) if f.code == "TGT012"] == ["TGT012"]


def test_a_concurrent_save_is_kept_as_a_conflict(world: dict[str, Any], filing: TargetFiling) -> None:
    u = users(world)
    services.filing_save(filing=filing, user=u["preparer"], data=raise_certified(filing), based_on=1)
    with pytest.raises(ConflictError) as caught:
        services.filing_save(
            filing=filing, user=u["head"], data=raise_certified(filing, "≥18万人"), based_on=1
        )
    assert (caught.value.current, caught.value.kept) == (2, 3)
    filing.refresh_from_db()
    assert filing.revision == 2 and filing.revisions.get(number=3).conflict


def test_invalid_declarations_are_refused_in_chinese(world: dict[str, Any], filing: TargetFiling) -> None:
    bad = declarations(filing)
    bad[0]["indicators"][0]["weight"] = "-3"
    with pytest.raises(ValidationError) as caught:
        services.filing_save(filing=filing, user=world["users"]["preparer"], data=bad, based_on=1)
    assert "targets" not in " ".join(caught.value.messages)  # places are in the list, in Chinese
    filing.refresh_from_db()
    assert filing.revision == 1


def test_submit_refused_with_an_error_level_finding(world: dict[str, Any], filing: TargetFiling) -> None:
    data = declarations(filing)
    data[0]["stated_total_weight"] = "100"  # Σ 90 against a stated 100 → TGT001 (error)
    services.filing_save(filing=filing, user=world["users"]["preparer"], data=data, based_on=1)
    with pytest.raises(WorkflowError, match="TGT001"):
        services.filing_submit(filing=filing, user=world["users"]["head"])


def test_round_counters(world: dict[str, Any], target_round: Any, filing: TargetFiling) -> None:
    u = users(world)
    services.filing_save(filing=filing, user=u["preparer"], data=raise_certified(filing), based_on=1)
    services.filing_submit(filing=filing, user=u["head"])
    services.filing_start_review(filing=filing, user=u["reviewer"])
    services.opinion_add(
        filing=filing, user=u["reviewer"], declaration=0, indicator=0, verdict="reject", reason="低于上年实际"
    )
    services.opinion_add(
        filing=filing, user=u["reviewer"], declaration=0, indicator=2, verdict="reject", reason="低于上年实际"
    )
    services.opinion_add(
        filing=filing,
        user=u["reviewer"],
        declaration=0,
        indicator=1,
        verdict="pass_after_change",
        reason="写明单位",
    )
    c = selectors.round_counters(u["admin"], target_round)
    # two units: U1 under review (filed, reviewed), U2 in draft
    assert (c.units, c.filed, c.reviewed, c.approved) == (2, 1, 1, 0)
    # 20 indicators (U1) + 0 (U2), one with a basis: 1 ÷ 20 = 5.0%
    assert (c.indicators, c.with_basis, c.basis_share, c.below_history) == (20, 1, "5.0%", 7)
    assert c.rejected_by_reason == [("低于上年实际", 2), ("写明单位", 1)]
    # a reviewer counts only the units of the desk: U1
    assert selectors.round_counters(u["reviewer"], target_round).units == 1
