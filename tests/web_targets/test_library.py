"""The bureau's own indicator library on the web: add, retire (history kept), import and export.

Bureau A (桃江县财政局) keeps its entries; its units get them as suggestions while typing, bureau B's
units do not; a retired entry stays readable with who retired it, when and why, and is no longer
suggested. Imports are the core's library files (.yaml, .xlsx) — the whole file or nothing.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao.indicators.exchange import library_from_xlsx
from jixiao_web.targets import selectors, services
from jixiao_web.targets.models import BureauIndicator, BureauIndicatorChange, LibraryEntryState

pytestmark = pytest.mark.django_db

ENTRY = {
    "id": "rural-pension-collection-rate",
    "level1": "产出指标",
    "level2": "数量指标",
    "name": "城乡居民养老保险费征缴到账率",
    "definition": "到账保费 ÷ 应征保费 × 100%",
    "unit": "%",
    "direction": "higher_better",
    "basis": ["history", "plan"],
    "typical_values": ["≥98%"],
    "synonyms": ["居民养老保险征缴率"],
    "data_source": "社保经办系统",
}


def _add(world: dict[str, Any], who: str = "admin", **changes: Any) -> BureauIndicator:
    return services.library_entry_add(
        user=world["users"][who], bureau=world["bureaus"][0], entry={**ENTRY, **changes}
    )


def _names(hits: list[dict[str, Any]]) -> list[str]:
    return [h["name"] for h in hits]


def test_an_added_entry_is_suggested_to_the_bureaus_units_only(world: dict[str, Any]) -> None:
    entry = _add(world)
    assert entry.state == LibraryEntryState.ACTIVE and entry.created_by == world["users"]["admin"]
    assert [c.action for c in entry.changes.all()] == ["add"]
    u1, _, u3 = world["units"]
    # typed by a unit of bureau A: the bureau's entry is among the hits, its typical value with it
    hits = selectors.suggestions(world["users"]["preparer"], "征缴到账率", unit=u1)
    mine = [h for h in hits if h["key"] == f"bureau/{world['bureaus'][0].pk}#rural-pension-collection-rate"]
    assert len(mine) == 1 and mine[0]["typical_values"] == ["≥98%"]
    # bureau B's unit never sees bureau A's entry
    hits_b = selectors.suggestions(world["users"]["admin_other_bureau"], "征缴到账率", unit=u3)
    assert "城乡居民养老保险费征缴到账率" not in _names(hits_b)


def test_retired_entries_stay_readable_and_are_no_longer_suggested(world: dict[str, Any]) -> None:
    entry = _add(world)
    with pytest.raises(ValidationError, match="理由"):
        services.library_entry_retire(user=world["users"]["reviewer"], entry=entry, reason="  ")
    services.library_entry_retire(user=world["users"]["reviewer"], entry=entry, reason="与共性指标重复")
    entry.refresh_from_db()
    assert entry.state == LibraryEntryState.RETIRED and entry.retired_by == world["users"]["reviewer"]
    assert entry.retired_at is not None and entry.retire_reason == "与共性指标重复"
    assert [(c.action, c.actor.username) for c in entry.changes.all()] == [
        ("add", "admin"),
        ("retire", "reviewer"),
    ]
    hits = selectors.suggestions(world["users"]["preparer"], "征缴到账率", unit=world["units"][0])
    assert "城乡居民养老保险费征缴到账率" not in _names(hits)
    # still listed and readable by the bureau's unit, with who, when and why
    assert entry in selectors.library_entries(world["users"]["preparer"])
    from django.test import Client

    client = Client()
    client.force_login(world["users"]["preparer"])
    page = client.get(f"/targets/library/{entry.pk}/").content.decode()
    assert "已停用" in page and "与共性指标重复" in page and "reviewer" in page
    # restored: suggested again, the history says so
    services.library_entry_restore(user=world["users"]["admin"], entry=entry, reason="重新启用")
    assert [c.action for c in entry.changes.all()] == ["add", "retire", "restore"]
    hits = selectors.suggestions(world["users"]["preparer"], "征缴到账率", unit=world["units"][0])
    assert "城乡居民养老保险费征缴到账率" in _names(hits)


def test_a_key_is_never_reused_and_the_schema_is_the_cores(world: dict[str, Any]) -> None:
    _add(world)
    with pytest.raises(ValidationError, match="已在本局指标库"):
        _add(world, name="另一个名称")
    with pytest.raises(ValidationError, match="须写明计量单位"):
        _add(world, id="no-unit", unit=None)
    with pytest.raises(ValidationError, match="小写字母"):
        _add(world, id="养老")
    assert BureauIndicator.objects.count() == 1


def _yaml(entries: list[dict[str, Any]]) -> bytes:
    data = {
        "id": "taojiang/social-security",
        "title": "桃江县社会保障部门指标",
        "source": {"title": "桃江县财政局部门指标库", "document": "桃财绩〔2025〕1号"},
        "scope": "any",
        "sector": "social-security",
        "entries": entries,
    }
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


def test_import_adds_updates_and_retires_nothing_deleted(world: dict[str, Any]) -> None:
    kept = _add(world)
    _add(world, id="will-retire", name="待遇资格认证人数", unit="万人", definition="全年认证人数")
    other = {
        "id": "fund-months",
        "level1": "效益指标",
        "level2": "可持续影响指标",
        "name": "基金累计结余可支付月数",
        "definition": "累计结余 ÷ 月均支出",
        "unit": "月",
        "basis": ["history"],
    }
    changed = {**ENTRY, "typical_values": ["≥99%"]}
    retired = {
        "id": "will-retire",
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "待遇资格认证人数",
        "definition": "全年认证人数",
        "unit": "万人",
        "retired": True,
    }
    done = services.library_import(
        user=world["users"]["admin"],
        bureau=world["bureaus"][0],
        data=_yaml([changed, other, retired]),
        filename="部门指标.yaml",
    )
    # 3 entries in the file: fund-months new (1 added), ENTRY's typical value changed (1 updated),
    # will-retire marked 已停用 (1 retired); 1 + 1 + 1 = 3, none unchanged
    assert (done.added, done.updated, done.unchanged, done.retired) == (1, 1, 0, 1)
    assert BureauIndicator.objects.filter(bureau=world["bureaus"][0]).count() == 3
    kept.refresh_from_db()
    assert kept.data["typical_values"] == ["≥99%"]
    assert [c.action for c in kept.changes.all()] == ["add", "update"]
    assert "部门指标.yaml" in kept.changes.last().note  # type: ignore[union-attr]
    assert BureauIndicator.objects.get(key="will-retire").state == LibraryEntryState.RETIRED
    # the same file again changes nothing: 3 entries, 2 unchanged + the retired one left retired
    again = services.library_import(
        user=world["users"]["admin"],
        bureau=world["bureaus"][0],
        data=_yaml([changed, other, retired]),
        filename="部门指标.yaml",
    )
    assert (again.added, again.updated, again.retired) == (0, 0, 0)


def test_a_bad_file_writes_nothing(world: dict[str, Any]) -> None:
    good = {**ENTRY, "id": "good-one"}
    bad = {**ENTRY, "id": "bad-one", "unit": None}  # quantitative without a unit
    before = (BureauIndicator.objects.count(), BureauIndicatorChange.objects.count())
    with pytest.raises(ValidationError, match="须写明计量单位"):
        services.library_import(
            user=world["users"]["admin"],
            bureau=world["bureaus"][0],
            data=_yaml([good, bad]),
            filename="x.yaml",
        )
    with pytest.raises(ValidationError, match=r"\.yaml、\.yml 或 \.xlsx"):
        services.library_import(
            user=world["users"]["admin"], bureau=world["bureaus"][0], data=b"x", filename="x.csv"
        )
    assert (BureauIndicator.objects.count(), BureauIndicatorChange.objects.count()) == before


def test_export_and_import_xlsx_between_bureaus(world: dict[str, Any], client_for: Any) -> None:
    _add(world)
    retired = _add(world, id="old-one", name="旧指标", definition="不再使用")
    services.library_entry_retire(user=world["users"]["admin"], entry=retired, reason="合并")
    admin = client_for("admin")
    text = admin.get("/targets/library/export.yaml").content.decode("utf-8")
    exported = yaml.safe_load(text)
    assert [e["id"] for e in exported["entries"]] == ["old-one", "rural-pension-collection-rate"]
    assert [e.get("retired", False) for e in exported["entries"]] == [True, False]
    xlsx = admin.get("/targets/library/export.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [e.name for e in library_from_xlsx(xlsx.content).entries] == [
        "旧指标",
        "城乡居民养老保险费征缴到账率",
    ]
    # bureau B imports A's workbook through its page: 2 added, one of them retired
    upload = io.BytesIO(xlsx.content)
    upload.name = "桃江指标库.xlsx"
    response = client_for("admin_other_bureau").post(
        "/targets/library/import/", {"file": upload}, follow=True
    )
    assert "新增2条" in response.content.decode()
    b = world["bureaus"][1]
    assert BureauIndicator.objects.filter(bureau=b).count() == 2
    assert BureauIndicator.objects.get(bureau=b, key="old-one").state == LibraryEntryState.RETIRED


def test_only_the_bureaus_staff_change_its_library(world: dict[str, Any]) -> None:
    entry = _add(world)
    for who in ("preparer", "head", "sysadmin", "admin_other_bureau"):
        with pytest.raises(PermissionDenied):
            services.library_entry_retire(user=world["users"][who], entry=entry, reason="试图停用")
    for who in ("preparer", "head", "sysadmin"):
        with pytest.raises(PermissionDenied):
            _add(world, who, id=f"by-{who}")
    # the other desk's reviewer is staff of the same bureau
    services.library_entry_retire(user=world["users"]["reviewer_other_desk"], entry=entry, reason="重复")
    assert BureauIndicator.objects.get(pk=entry.pk).state == LibraryEntryState.RETIRED


def test_the_library_over_the_api(world: dict[str, Any], client_for: Any) -> None:
    import json

    admin, preparer = client_for("admin"), client_for("preparer")
    created = admin.post(
        "/api/v1/targets/library", data=json.dumps({"entry": ENTRY}), content_type="application/json"
    )
    assert created.status_code == 201, created.content[:300]
    pk = created.json()["id"]
    assert created.json()["entry"]["maps_to"] == ["output", "quantity"]  # 产出指标 / 数量指标
    # a unit reads its bureau's library but cannot write it: 403 in the one error shape
    assert [e["key"] for e in preparer.get("/api/v1/targets/library").json()] == [ENTRY["id"]]
    denied = preparer.post(
        f"/api/v1/targets/library/{pk}/retire",
        data=json.dumps({"reason": "x"}),
        content_type="application/json",
    )
    assert denied.status_code == 403 and denied.json()["error"]["code"]
    # another bureau does not see it at all
    assert client_for("admin_other_bureau").get(f"/api/v1/targets/library/{pk}").status_code == 404
    bad = admin.post(
        "/api/v1/targets/library",
        data=json.dumps({"entry": {**ENTRY, "id": "no-unit", "unit": None}}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "计量单位" in bad.json()["error"]["message"]
    retired = admin.post(
        f"/api/v1/targets/library/{pk}/retire",
        data=json.dumps({"reason": "并入共性指标"}),
        content_type="application/json",
    ).json()
    assert (retired["state"], retired["retired_by"], retired["retire_reason"]) == (
        "retired",
        "admin",
        "并入共性指标",
    )
    assert [h["action"] for h in retired["history"]] == ["add", "retire"]
    assert preparer.get(f"/api/v1/targets/library/{pk}").json()["state"] == "retired"  # still readable


def test_a_bureau_entry_brings_the_units_own_last_actual(world: dict[str, Any]) -> None:
    # seed 001 (U1, 2024) prints 公用经费控制额 with 37.78 achieved; no shipped entry stands for it
    from jixiao.indicators import match

    assert match("公用经费控制额") is None
    services.library_entry_add(
        user=world["users"]["admin"],
        bureau=world["bureaus"][0],
        entry={
            "id": "public-funds-control",
            "level1": "产出指标",
            "level2": "成本指标",
            "name": "公用经费控制额",
            "definition": "全年公用经费支出",
            "unit": "万元",
            "direction": "lower_better",
        },
    )
    hits = selectors.suggestions(world["users"]["preparer"], "公用经费控制", unit=world["units"][0])
    mine = next(h for h in hits if h["name"] == "公用经费控制额")
    assert [(p["year"], p["actual"]) for p in mine["history"]] == [(2024, "37.78")]
    assert mine["maps_to"] == ["output", "cost"]
