"""Pages of the target round: thin — they read through selectors, write through services, decide nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.model import LEVEL1_LABELS, LEVEL2_LABELS, Level1, Level2
from jixiao.model.targets import VALUE_BASIS_LABELS
from jixiao_web.evaluations.services import ConflictError
from jixiao_web.orgs.models import Role
from jixiao_web.orgs.permissions import membership, require

from . import selectors, services
from .models import FilingState, TargetAdjustmentRequest, Verdict

EMPTY_ROWS = 3
FIELDS = (
    "level1",
    "level2",
    "name",
    "comparator_raw",
    "target_raw",
    "unit_raw",
    "weight",
    "basis",
    "basis_figure_raw",
)


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages[:5]:
        messages.error(request, text)


def _act(request: HttpRequest, done: str, action: Callable[[], Any]) -> bool:
    try:
        action()
    except ValidationError as exc:  # WorkflowError included
        _fail(request, exc)
        return False
    except ConflictError as exc:  # the losing edit is kept as a conflict revision
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "targets/home.html",
        {
            "rounds": selectors.round_list_for_user(request.user)[:50],
            "filings": selectors.filing_list_for_user(request.user)[:200],
            "can_open": selectors.can_open_round(request.user),
        },
    )


@login_required
def round_open(request: HttpRequest) -> HttpResponse:
    require(selectors.can_open_round(request.user), "只有财政绩效科管理员可以发布绩效目标申报通知")
    values = {"year": str(date.today().year + 1), "title": "", "deadline": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        try:
            year = int(values["year"])
            deadline = date.fromisoformat(values["deadline"])
        except ValueError:
            messages.error(request, "请填写正确的年度和截止日期（如 2025-01-31）")
        else:
            target_round: Any = None

            def open_it() -> None:
                nonlocal target_round
                target_round = services.round_open(
                    user=request.user, year=year, title=values["title"], deadline=deadline
                )

            if _act(request, "已发布绩效目标申报通知，各单位的申报表已生成", open_it):
                return redirect("targets-round", pk=target_round.pk)
    return render(request, "targets/round_open.html", {"values": values})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target_round = selectors.round_get_for_user(request.user, pk)
    return render(
        request,
        "targets/round.html",
        {"round": target_round, "counters": selectors.round_counters(request.user, target_round)},
    )


def _rows(filing: Any) -> list[dict[str, Any]]:
    """The declarations with, per indicator, its latest opinion and findings."""
    declarations = selectors.declarations_of(filing)
    opinions = selectors.current_opinions(filing)
    findings = selectors.filing_findings(filing, declarations)
    by_path: dict[str, list[Any]] = {}
    for f in findings:
        key = (f.location.path or "").split(".target_raw")[0].split(".basis")[0].split(".weight")[0]
        key = key.split(".level2")[0].split(".name")[0]
        by_path.setdefault(key, []).append(f)
    out = []
    for i, d in enumerate(declarations):
        indicators = []
        for j, ind in enumerate(d.indicators):
            indicators.append(
                {
                    "index": j,
                    "ind": ind,
                    "level1": ind.level1_raw or LEVEL1_LABELS[ind.level1],
                    "level2": ind.level2_raw or LEVEL2_LABELS[ind.level2],
                    "target": d.effective_target_raw(ind),
                    "basis": ind.basis_raw or (VALUE_BASIS_LABELS[ind.basis] if ind.basis else ""),
                    "opinion": opinions.get((i, j)),
                    "findings": by_path.get(f"targets[{i}].indicators[{j}]", []),
                }
            )
        own = [
            f
            for f in findings
            if (f.location.path or "").startswith(f"targets[{i}].")
            and ".indicators[" not in (f.location.path or "")
        ]
        out.append({"index": i, "decl": d, "indicators": indicators, "findings": own})
    return out


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get_for_user(request.user, pk)
    m = membership(request.user)
    role = m.role if m else None
    unit_side = role in (Role.PREPARER, Role.UNIT_HEAD)
    desk_side = role in (Role.REVIEWER, Role.BUREAU_ADMIN)
    state = filing.state
    return render(
        request,
        "targets/filing.html",
        {
            "filing": filing,
            "declarations": _rows(filing),
            "transitions": filing.transitions.select_related("actor"),
            "adjustments": selectors.adjustments_of(filing),
            "verdicts": Verdict.choices,
            "can_edit": unit_side and state in services.EDITABLE,
            "can_submit": role == Role.UNIT_HEAD and state in services.EDITABLE,
            "can_start": desk_side and state == FilingState.SUBMITTED,
            "can_review": desk_side and state == FilingState.UNDER_REVIEW,
            "can_publish": role == Role.BUREAU_ADMIN and state == FilingState.APPROVED,
            "can_adjust": unit_side and state in selectors.APPROVED_STATES,
            "can_decide": desk_side,
            "can_carry": unit_side and state in selectors.APPROVED_STATES,
        },
    )


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text.strip() else None
    except InvalidOperation as exc:
        raise ValidationError(f"权重“{text}”不是数字") from exc


def _posted_declarations(request: HttpRequest, current: list[Any]) -> list[Any]:
    """The declarations as the edit form posts them (rows left blank are dropped)."""
    out = []
    count = min(int(request.POST.get("declarations", "0") or 0), services.MAX_DECLARATIONS)
    for i in range(count):
        base = current[i].model_dump(mode="json") if i < len(current) else {"scope": "project"}
        base["annual_goal"] = request.POST.get(f"d{i}-annual_goal", "").strip() or None
        if base.get("scope") == "project":
            base["name"] = request.POST.get(f"d{i}-name", "").strip() or base.get("name")
        old = base.get("indicators", [])
        rows = []
        for j in range(min(int(request.POST.get(f"d{i}-rows", "0") or 0), 500)):
            values = {f: request.POST.get(f"d{i}-i{j}-{f}", "").strip() for f in FIELDS}
            if not values["name"]:
                continue
            row = dict(old[j]) if j < len(old) else {}
            row.update(
                {
                    "level1": values["level1"] or Level1.OUTPUT.value,
                    "level2": values["level2"] or Level2.QUANTITY.value,
                    "level1_raw": None,
                    "level2_raw": None,
                    "name": values["name"],
                    "comparator_raw": values["comparator_raw"] or None,
                    "target_raw": values["target_raw"] or None,
                    "unit_raw": values["unit_raw"] or None,
                    "weight": _decimal(values["weight"]),
                    "basis": values["basis"] or None,
                    "basis_raw": None,
                    "basis_figure_raw": values["basis_figure_raw"] or None,
                }
            )
            rows.append(row)
        base["indicators"] = rows
        out.append(base)
    new_project = request.POST.get("new_project", "").strip()
    if new_project:
        out.append({"scope": "project", "name": new_project, "indicators": []})
    return out


@login_required
def filing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get_for_user(request.user, pk)
    current = selectors.declarations_of(filing)
    if request.method == "POST":
        try:
            data = _posted_declarations(request, current)
            based_on = int(request.POST.get("based_on", "-1"))
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                _fail(request, exc)
            else:
                messages.error(request, "表单数据不完整，请刷新后重试")
        else:
            if _act(
                request,
                "已保存",
                lambda: services.filing_save(filing=filing, user=request.user, data=data, based_on=based_on),
            ):
                return redirect("targets-filing-edit", pk=filing.pk)
        filing = selectors.filing_get_for_user(request.user, pk)
        current = selectors.declarations_of(filing)
    require(
        selectors.can_view_unit(request.user, filing.unit)
        and (membership(request.user) is not None)
        and membership(request.user).role in (Role.PREPARER, Role.UNIT_HEAD),  # type: ignore[union-attr]
        "只有本单位的填报人和负责人可以填写申报表",
    )
    forms = []
    for i, d in enumerate(current):
        rows = [
            {
                "j": j,
                "level1": ind.level1.value,
                "level2": ind.level2.value,
                "name": ind.name,
                "comparator_raw": ind.comparator_raw or "",
                "target_raw": ind.target_raw or "",
                "unit_raw": ind.unit_raw or "",
                "weight": "" if ind.weight is None else ind.weight,
                "basis": ind.basis.value if ind.basis else "",
                "basis_figure_raw": ind.basis_figure_raw or "",
            }
            for j, ind in enumerate(d.indicators)
        ]
        rows += [{"j": len(rows) + k, "level1": "", "level2": "", "name": ""} for k in range(EMPTY_ROWS)]
        forms.append({"i": i, "decl": d, "rows": rows, "count": len(rows)})
    return render(
        request,
        "targets/edit.html",
        {
            "filing": filing,
            "forms": forms,
            "editable": filing.state in services.EDITABLE,
            "level1_choices": [(k.value, v) for k, v in LEVEL1_LABELS.items()],
            "level2_choices": [(k.value, v) for k, v in LEVEL2_LABELS.items()],
            "basis_choices": [(k.value, v) for k, v in VALUE_BASIS_LABELS.items()],
            "findings": selectors.filing_findings(filing, current),
        },
    )


@login_required
@require_POST
def filing_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    filing = selectors.filing_get_for_user(request.user, pk)
    user, comment = request.user, request.POST.get("comment", "")
    actions: dict[str, tuple[str, Callable[[], Any]]] = {
        "submit": ("已报送", lambda: services.filing_submit(filing=filing, user=user)),
        "start_review": ("已开始审核", lambda: services.filing_start_review(filing=filing, user=user)),
        "return": ("已退回修改", lambda: services.filing_return(filing=filing, user=user, comment=comment)),
        "approve": (
            "已批复",
            lambda: services.filing_approve(
                filing=filing, user=user, reference=request.POST.get("reference", "")
            ),
        ),
        "publish": ("已公开", lambda: services.filing_publish(filing=filing, user=user)),
    }
    require(action in actions, "没有这个操作")
    done, run = actions[action]
    _act(request, done, run)
    return redirect("targets-filing", pk=filing.pk)


@login_required
@require_POST
def opinions_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the opinions the reviewer chose on the page (one per indicator whose choice changed)."""
    filing = selectors.filing_get_for_user(request.user, pk)
    current = selectors.current_opinions(filing)
    saved = 0
    try:
        for key, verdict in request.POST.items():
            if not key.startswith("v-") or not verdict:
                continue
            _, i, j = key.split("-")
            reason = request.POST.get(f"r-{i}-{j}", "")
            old = current.get((int(i), int(j)))
            if old is not None and old.verdict == verdict and old.reason == reason.strip():
                continue
            services.opinion_add(
                filing=filing,
                user=request.user,
                declaration=int(i),
                indicator=int(j),
                verdict=verdict,
                reason=reason,
            )
            saved += 1
    except ValidationError as exc:
        _fail(request, exc)
    except ValueError:
        messages.error(request, "表单数据不完整，请刷新后重试")
    else:
        messages.success(request, f"已保存{saved}条审核意见")
    return redirect("targets-filing", pk=filing.pk)


@login_required
@require_POST
def adjustment_request(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get_for_user(request.user, pk)
    try:
        i, j = (int(x) for x in request.POST.get("indicator", "-1:-1").split(":"))
    except ValueError:
        i, j = -1, -1
    _act(
        request,
        "已提交目标调整申请",
        lambda: services.adjustment_request(
            filing=filing,
            user=request.user,
            declaration=i,
            indicator=j,
            new_target=request.POST.get("new_target", ""),
            reason=request.POST.get("reason", ""),
        ),
    )
    return redirect("targets-filing", pk=filing.pk)


@login_required
@require_POST
def adjustment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    adjustment = (
        TargetAdjustmentRequest.objects.select_related("filing", "filing__unit").filter(pk=pk).first()
    )
    require(
        adjustment is not None and selectors.can_view_unit(request.user, adjustment.filing.unit),
        "无权审批该目标调整或其不存在",
    )
    assert adjustment is not None
    approve = request.POST.get("decision") == "approve"
    _act(
        request,
        "已批准目标调整" if approve else "已不批准目标调整",
        lambda: services.adjustment_decide(
            adjustment=adjustment, user=request.user, approve=approve, comment=request.POST.get("comment", "")
        ),
    )
    return redirect("targets-filing", pk=adjustment.filing_id)


@login_required
@require_POST
def filing_carry(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get_for_user(request.user, pk)
    evaluation: Any = None

    def carry() -> None:
        nonlocal evaluation
        evaluation = services.filing_carry_into_evaluation(filing=filing, user=request.user)

    if _act(request, "已以批复的绩效目标开始年度自评", carry):
        return redirect("evaluation-detail", pk=evaluation.pk)
    return redirect("targets-filing", pk=filing.pk)


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "targets/public_list.html", {"filings": selectors.published_filings()[:500]})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.published_get(pk)
    return render(
        request,
        "targets/public_detail.html",
        {
            "filing": filing,
            "declarations": selectors.declarations_of(filing),
            "basis_labels": VALUE_BASIS_LABELS,
        },
    )


# ---------------------------------------------------------------- the bureau's indicator library

_DIRECTIONS = {"higher_better": "越大越好", "lower_better": "越小越好", "exact": "等于目标", "none": "无方向"}
_SEP = "；"


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", _SEP).replace("\n", _SEP).split(_SEP) if p.strip()]


@login_required
def library_home(request: HttpRequest) -> HttpResponse:
    bureau = selectors.library_bureau_of(request.user)
    return render(
        request,
        "targets/library.html",
        {
            "bureau": bureau,
            "entries": selectors.library_entries(request.user)[:1000],
            "shipped": selectors.shipped_libraries(),
            "can_edit": selectors.can_edit_library(request.user),
            "directions": _DIRECTIONS,
            "basis_labels": VALUE_BASIS_LABELS,
            "values": {"nature": "quantitative", "direction": "higher_better"},
        },
    )


def _new_library_key(bureau: Any) -> str:
    """An entry id for an entry added without one (the form leaves it optional): the first free ``entry-<n>``."""
    from .models import BureauIndicator

    taken = set(BureauIndicator.objects.filter(bureau=bureau).values_list("key", flat=True))
    n = len(taken) + 1
    while f"entry-{n}" in taken:
        n += 1
    return f"entry-{n}"


@login_required
def library_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.library_entry_get(request.user, pk)
    return render(
        request,
        "targets/library_entry.html",
        {
            "entry": entry,
            "changes": entry.changes.select_related("actor"),
            "can_edit": selectors.can_edit_library(request.user)
            and selectors.library_bureau_of(request.user) == entry.bureau,
            "directions": _DIRECTIONS,
            "basis_labels": VALUE_BASIS_LABELS,
        },
    )


@login_required
@require_POST
def library_add(request: HttpRequest) -> HttpResponse:
    bureau = selectors.library_bureau_of(request.user)
    require(bureau is not None, "没有所属财政局，不能添加指标")
    assert bureau is not None
    p = request.POST
    entry: dict[str, Any] = {
        "id": p.get("key", "").strip() or _new_library_key(bureau),
        "level1": p.get("level1", "").strip(),
        "level2": p.get("level2", "").strip(),
        "name": p.get("name", "").strip(),
        "definition": p.get("definition", "").strip(),
        "nature": p.get("nature", "quantitative"),
        "unit": p.get("unit", "").strip() or None,
        "direction": p.get("direction", "higher_better"),
        "basis": p.getlist("basis"),
        "typical_values": _split(p.get("typical_values", "")),
        "synonyms": _split(p.get("synonyms", "")),
        "data_source": p.get("data_source", "").strip() or None,
    }
    if _act(
        request,
        "已添加到本局指标库",
        lambda: services.library_entry_add(
            user=request.user, bureau=bureau, entry=entry, note=p.get("note", "")
        ),
    ):
        return redirect("targets-library")
    return render(
        request,
        "targets/library.html",
        {
            "bureau": bureau,
            "entries": selectors.library_entries(request.user)[:1000],
            "shipped": selectors.shipped_libraries(),
            "can_edit": True,
            "directions": _DIRECTIONS,
            "basis_labels": VALUE_BASIS_LABELS,
            "values": {**p.dict(), "basis": p.getlist("basis")},
        },
        status=422,
    )


@login_required
@require_POST
def library_retire(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.library_entry_get(request.user, pk)
    _act(
        request,
        "已停用该指标（仍可查阅）",
        lambda: services.library_entry_retire(
            user=request.user, entry=entry, reason=request.POST.get("reason", "")
        ),
    )
    return redirect("targets-library-entry", pk=entry.pk)


@login_required
@require_POST
def library_restore(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.library_entry_get(request.user, pk)
    _act(
        request,
        "已恢复该指标",
        lambda: services.library_entry_restore(
            user=request.user, entry=entry, reason=request.POST.get("reason", "")
        ),
    )
    return redirect("targets-library-entry", pk=entry.pk)


@login_required
@require_POST
def library_import(request: HttpRequest) -> HttpResponse:
    bureau = selectors.library_bureau_of(request.user)
    require(bureau is not None, "没有所属财政局，不能导入指标库")
    assert bureau is not None
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 .yaml 或 .xlsx 文件")
        return redirect("targets-library")
    from jixiao.indicators.exchange import MAX_UPLOAD_BYTES

    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        messages.error(request, f"{upload.name}：文件过大（上限 {MAX_UPLOAD_BYTES // 1_000_000} MB）")
        return redirect("targets-library")
    result: dict[str, Any] = {}

    def run() -> None:
        done = services.library_import(
            user=request.user, bureau=bureau, data=upload.read(), filename=upload.name or "指标库"
        )
        result["text"] = (
            f"导入完成：新增{done.added}条，更新{done.updated}条，未变{done.unchanged}条，停用{done.retired}条"
        )

    if _act(request, "指标库已导入", run):
        messages.info(request, result["text"])
    return redirect("targets-library")


@login_required
def library_export(request: HttpRequest, fmt: str) -> HttpResponse:
    from django.http import Http404

    from jixiao.indicators.exchange import dump_yaml, library_to_xlsx

    if fmt not in ("yaml", "xlsx"):
        raise Http404("只能导出 .yaml 或 .xlsx")
    bureau = selectors.library_bureau_of(request.user)
    require(bureau is not None, "没有所属财政局，没有可导出的部门指标库")
    assert bureau is not None
    library = selectors.bureau_library(bureau)
    if library is None:
        messages.error(request, "本局指标库还没有条目")
        return redirect("targets-library")
    if fmt == "xlsx":
        response = HttpResponse(
            library_to_xlsx(library),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(dump_yaml(library), content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bureau-{bureau.pk}-library.{fmt}"'
    return response
