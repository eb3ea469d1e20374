"""The API ``/api/v1/``: thin endpoints over the web app's selectors and services.

Packages are the evaluations a user may see (a unit its own, a reviewer its desk's units, a bureau
its units, the system administrator all); the public sees published ones only. Token (Bearer) or
session authentication; every error has the shape of :mod:`jixiao_web.api.errors`.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Count, F, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import File, NinjaAPI, Path, Query, Router
from ninja.files import UploadedFile
from ninja.parser import Parser
from ninja.security import HttpBearer, django_auth

from jixiao.model import EvaluationPackage
from jixiao.model.bounds import decimal_text
from jixiao_web.campaigns.models import Campaign
from jixiao_web.campaigns.selectors import campaign_list_for_user
from jixiao_web.evaluations import engine, selectors, services
from jixiao_web.evaluations.models import Evaluation, State
from jixiao_web.orgs.models import BudgetUnit
from jixiao_web.orgs.permissions import can_view, membership

from . import schemas
from .docs import LocalSwagger
from .errors import ApiError, install
from .prepared import Prepared
from .tokens import token_authenticate

MAX_ID = 2**31 - 1
ERRORS = {
    400: schemas.ErrorOut,
    401: schemas.ErrorOut,
    403: schemas.ErrorOut,
    404: schemas.ErrorOut,
    409: schemas.ErrorOut,
    422: schemas.ErrorOut,
    500: schemas.ErrorOut,
}
PUBLIC_ERRORS = {404: schemas.ErrorOut, 422: schemas.ErrorOut, 500: schemas.ErrorOut}


class DecimalParser(Parser):
    """JSON bodies with numbers read as exact decimals (money is never a float)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body or b"{}", parse_float=Decimal)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApiError(400, "bad_json", "请求体不是合法的 JSON") from exc
        if not isinstance(data, dict):
            raise ApiError(400, "bad_json", "请求体应为 JSON 对象")
        return data


class TokenAuth(HttpBearer):
    """``Authorization: Bearer jx_…`` — the token's user becomes ``request.user``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]


def app_api(*, title: str, description: str, namespace: str) -> NinjaAPI:
    """One of the project's HTTP APIs (this one and each app's ``/api/v1/<app>/``): the same token or
    session authentication, Decimal-exact JSON parsing, docs served locally, and the one JSON error
    shape of :mod:`jixiao_web.api.errors`."""
    built = NinjaAPI(
        title=title,
        version="1",
        description=description,
        urls_namespace=namespace,
        docs=LocalSwagger(),
        docs_url="/docs",
        openapi_url="/openapi.json",
        auth=AUTH,
        parser=DecimalParser(),
    )
    install(built)
    return built


api = app_api(
    title="预算绩效自评系统 API",
    description=(
        "评价包（单位自评）的查询、导入、审核、评分、生成文档与流转；自评通知；公开数据。"
        "机器客户端使用 API 令牌（Authorization: Bearer jx_…，由管理员以 create_api_token 命令创建）；"
        '浏览器可使用登录会话。所有错误的形式均为 {"error": {"code": "…", "message": "中文说明"}}。'
    ),
    namespace="api-v1",
)


# ---------------------------------------------------------------- helpers


def _clean(text: str) -> str:
    """Query text without control characters (PostgreSQL refuses NUL in a string)."""
    return "".join(ch for ch in text if ch >= " ")[:100]


def _link(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    for key in [k for k, v in changes.items() if not v]:
        del params[key]
    return f"{request.path}?{params.urlencode()}"


def _page(
    request: HttpRequest, qs: QuerySet[Any], page: int, page_size: int
) -> tuple[list[Any], dict[str, Any]]:
    """A page of a small list (notices): OFFSET and a count are cheap there."""
    count = qs.count()
    pages = max(1, math.ceil(count / page_size))
    start = (page - 1) * page_size
    items = list(qs[start : start + page_size]) if start < count else []
    meta = {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": _link(request, page=str(page + 1)) if page < pages else None,
        "previous": _link(request, page=str(page - 1)) if 1 < page <= pages else None,
        "next_cursor": None,
        "count_exact": True,
    }
    return items, meta


def _evaluation_page(
    request: HttpRequest,
    qs: QuerySet[Evaluation],
    page: int,
    page_size: int,
    cursor: str,
    fields: tuple[str, ...],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A page of evaluations as dicts of ``fields``, read id first from the list-order index (a deep
    page costs what the first does), or after a keyset ``cursor``. ``count`` counts the evaluations
    alone, without joins; a list of over 10,000 is counted once a minute per process and said to be
    about that many (``count_exact`` false: see ``selectors.counted``)."""
    if cursor and selectors.parse_cursor(cursor) is None:
        raise ApiError(422, "bad_cursor", "cursor 参数无效：应为上一页返回的 next_cursor")
    listing = selectors.page_values(
        qs,
        *fields,
        page=page,
        size=page_size,
        cursor=cursor,
        annotations={"revision_number": selectors.REVISION_NUMBER},
    )
    count, exact = selectors.counted(qs)
    pages = max(1, math.ceil(count / page_size))
    meta = {
        "count": count,
        "count_exact": exact,
        "page": listing.number or None,
        "page_size": page_size,
        "pages": pages,
        "next": (
            _link(request, cursor=listing.next_cursor, page="")
            if cursor and listing.next_cursor
            else _link(request, page=str(page + 1))
            if not cursor and listing.has_next
            else None
        ),
        "previous": _link(request, page=str(page - 1)) if not cursor and 1 < page <= pages else None,
        "next_cursor": listing.next_cursor,
    }
    return listing.rows, meta


def _send(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    """``data`` rendered as the schema would render it, without validating it row by row again: the
    rows are built here from typed columns in the schema's own field order (a list's 50 rows through
    pydantic cost more than reading them)."""
    return api.create_response(request, data, status=200)


_STATE_LABELS = dict(State.choices)
SUMMARY_FIELDS = (
    "unit_id",
    "unit__name",
    "unit__jurisdiction__name",
    "campaign_id",
    "self_score",
    "computed_score",
    "grade",
    "execution_rate",
    "three_public_actual",
    "error_count",
    "warning_count",
    "days_late",
    "submitted_at",
    "published_at",
)
PUBLIC_FIELDS = (
    "unit__name",
    "unit__jurisdiction__name",
    "self_score",
    "computed_score",
    "grade",
    "execution_rate",
    "three_public_actual",
    "published_at",
)


def _decimal(value: Decimal | None) -> str | None:
    """A Decimal as the API's JSON encoder writes it (``str``), done here rather than through its
    fallback hook, which a list of 50 rows would call hundreds of times."""
    return None if value is None else str(value)


def _moment(value: Any) -> str | None:
    """A datetime as Django's JSON encoder writes it: ISO 8601, milliseconds, ``Z`` for UTC."""
    if value is None:
        return None
    text: str = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    if text.endswith("+00:00"):
        text = text.removesuffix("+00:00") + "Z"
    return text


def _summary_row(r: dict[str, Any]) -> dict[str, Any]:
    """:func:`_summary` of a row read by ``.values(*SUMMARY_FIELDS)``."""
    return {
        "id": r["pk"],
        "unit_id": r["unit_id"],
        "unit": r["unit__name"],
        "jurisdiction": r["unit__jurisdiction__name"],
        "year": r["year"],
        "state": r["state"],
        "state_label": _STATE_LABELS.get(r["state"], r["state"]),
        "problem": r["problem"],
        "campaign_id": r["campaign_id"],
        "revision": r["revision_number"],
        "self_score": _decimal(r["self_score"]),
        "computed_score": _decimal(r["computed_score"]),
        "grade": r["grade"],
        "execution_rate": _decimal(r["execution_rate"]),
        "three_public_actual": _decimal(r["three_public_actual"]),
        "error_count": r["error_count"],
        "warning_count": r["warning_count"],
        "days_late": r["days_late"],
        "submitted_at": _moment(r["submitted_at"]),
        "published_at": _moment(r["published_at"]),
    }


def _public_row(r: dict[str, Any]) -> dict[str, Any]:
    """A published evaluation as the public sees it, from a row read by ``.values(*PUBLIC_FIELDS)``."""
    return {
        "id": r["pk"],
        "unit": r["unit__name"],
        "jurisdiction": r["unit__jurisdiction__name"],
        "year": r["year"],
        "self_score": _decimal(r["self_score"]),
        "computed_score": _decimal(r["computed_score"]),
        "grade": r["grade"],
        "execution_rate": _decimal(r["execution_rate"]),
        "three_public_actual": _decimal(r["three_public_actual"]),
        "published_at": _moment(r["published_at"]),
    }


def _summary(e: Evaluation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "unit_id": e.unit_id,
        "unit": e.unit.name,
        "jurisdiction": e.unit.jurisdiction.name,
        "year": e.year,
        "state": e.state,
        "state_label": e.get_state_display(),
        "problem": selectors.row_problem(e),
        "campaign_id": e.campaign_id,
        "revision": _revision_number(e),
        "self_score": e.self_score,
        "computed_score": e.computed_score,
        "grade": e.grade,
        "execution_rate": e.execution_rate,
        "three_public_actual": e.three_public_actual,
        "error_count": e.error_count,
        "warning_count": e.warning_count,
        "days_late": e.days_late,
        "submitted_at": e.submitted_at,
        "published_at": e.published_at,
    }


def _revision_number(e: Evaluation) -> int | None:
    if hasattr(e, "revision_number"):  # lists annotate it instead of loading the revision (and its JSON)
        number: int | None = e.revision_number
        return number
    return e.current_revision.number if e.current_revision_id and e.current_revision else None


def _get(request: HttpRequest, pk: int) -> Evaluation:
    """An evaluation the user may see; 404 for one that does not exist or that they may not see (no probing)."""
    evaluation = selectors.evaluation_list_for_user(request.user).filter(pk=pk).first()
    if evaluation is None:
        raise ApiError(404, "not_found", "该评价包不存在或无权访问")
    return evaluation


def _package(data: dict[str, Any]) -> EvaluationPackage:
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, Decimal):
            return decimal_text(value)  # 9e999999999 stays short
        return value

    return services.validate_package_data(plain(data))


def _findings(package: EvaluationPackage) -> dict[str, Any]:
    findings = []
    for f in engine.check(package):
        item = dict(f)
        for key in ("stated", "computed", "rule"):
            item[key] = None if item.get(key) is None else str(item[key])
        for key in ("category", "path", "document", "where", "message", "severity_label"):
            item[key] = str(item.get(key) or "")
        findings.append(item)
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning", "info")}
    return {"findings": findings, "counts": counts}


def _json(package: EvaluationPackage) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(package.model_dump_json(exclude_defaults=True))
    return data


def _issues(package: EvaluationPackage) -> list[dict[str, Any]]:
    return [
        {"reason": i.reason, "where": i.location.describe(), "text": i.text} for i in package.import_report
    ]


def _upload_content(file: UploadedFile) -> tuple[str, bytes]:
    name = file.name or ""
    services.upload_validate(filename=name, size=file.size or 0)
    return name, file.read()


IdPath = Path(..., ge=1, le=MAX_ID, description="评价包编号")
StateFilter = Literal["draft", "submitted", "under_review", "returned", "approved", "published"]

# ---------------------------------------------------------------- health and who am I


@api.get(
    "/health",
    response={200: dict[str, str]},
    auth=None,
    tags=["账户"],
    summary="服务是否在运行（不访问数据库）",
)
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


@api.get("/me", response={200: schemas.MeOut, **ERRORS}, tags=["账户"], summary="当前用户及其角色和范围")
def me(request: HttpRequest) -> dict[str, Any]:
    m = membership(request.user)
    return {
        "username": request.user.get_username(),
        "role": m.role if m else None,
        "role_label": m.get_role_display() if m else None,
        "unit": str(m.unit) if m and m.unit_id else None,
        "desk": str(m.desk) if m and m.desk_id else None,
        "bureau": str(m.bureau) if m and m.bureau_id else None,
    }


# ---------------------------------------------------------------- packages

packages = Router(tags=["评价包"])


@packages.get("", response={200: schemas.PackagePage, **ERRORS}, summary="我可查看的评价包（分页）")
def package_list(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(50, ge=1, le=200),
    year: int | None = Query(None, ge=1990, le=2100),
    state: StateFilter | None = Query(None),  # noqa: B008
    q: str = Query("", max_length=100, description="单位名称包含"),
    cursor: str = Query(
        "", max_length=30, description="上一页返回的 next_cursor：从其后一条接着读（不论多深）"
    ),
) -> HttpResponse:
    qs = selectors.evaluation_list_for_user(request.user).select_related(None)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if _clean(q):
        qs = qs.filter(unit__name__contains=_clean(q))
    items, meta = _evaluation_page(request, qs, page, page_size, cursor, SUMMARY_FIELDS)
    return _send(request, {**meta, "items": [_summary_row(r) for r in items]})


@packages.get(
    "/{pk}", response={200: schemas.PackageDetail, **ERRORS}, summary="评价包详情（含当前版本的评价包）"
)
def package_detail(request: HttpRequest, pk: int = IdPath) -> HttpResponse:
    row = _row_with_package(pk)
    evaluation = _permission_view(row)
    if row is None or evaluation is None or not can_view(request.user, evaluation):
        raise ApiError(404, "not_found", "该评价包不存在或无权访问")
    row["problem"] = selectors.state_problem(row["state"])
    return _send_with_package(
        request,
        {
            **_summary_row(row),
            "package": _PACKAGE,
            "actions": sorted(selectors.available_actions(request.user, evaluation)),
        },
        row["package_text"],
    )


_PACKAGE = "\x00package\x00"  # where the stored package JSON goes (a NUL is never in a stored text)


def _detail_query(pk: int) -> QuerySet[Any]:
    """One evaluation's summary columns, its unit's name, desk and bureau (who may see it), its
    jurisdiction's name, its revision number and its current package as the stored JSON text
    (``package_text``) — not parsed, it is sent as it is."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    return (
        Evaluation.objects.filter(pk=pk)
        .order_by()
        .values(
            "pk",
            "year",
            "state",
            *SUMMARY_FIELDS,
            "unit__desk_id",
            "unit__bureau_id",
            revision_number=F("current_revision__number"),
            package_text=Cast("current_revision__data", output_field=TextField()),
        )
    )


# compiled once per process: the ORM's compilation of this query cost more than running it
_DETAIL = Prepared(_detail_query, MAX_ID)


def _row_with_package(pk: int) -> dict[str, Any] | None:
    rows = _DETAIL.rows(pk)
    return rows[0] if rows else None


def _permission_view(row: dict[str, Any] | None) -> Evaluation | None:
    """What :mod:`jixiao_web.orgs.permissions` reads of an evaluation (its unit, the unit's desk and
    bureau, its state), from a row of :func:`_detail_query`: the detail asks who may see the one row
    it read (as ``evaluation_get_for_user`` does) instead of compiling the user's scope into its SQL."""
    if row is None:
        return None
    evaluation = Evaluation(pk=row["pk"], unit_id=row["unit_id"], year=row["year"], state=row["state"])
    evaluation.unit = BudgetUnit(
        pk=row["unit_id"],
        name=row["unit__name"],
        desk_id=row["unit__desk_id"],
        bureau_id=row["unit__bureau_id"],
    )
    return evaluation


def _send_with_package(request: HttpRequest, data: dict[str, Any], package_text: str | None) -> HttpResponse:
    """:func:`_send`, with the stored package JSON put in place of the ``_PACKAGE`` marker as it is (no
    parse and no re-encoding of what may be hundreds of kilobytes); ``null`` when there is none."""
    content = api.renderer.render(request, data, response_status=200)
    marker = json.dumps(_PACKAGE)
    text = content.decode() if isinstance(content, bytes) else content
    text = text.replace(marker, package_text if package_text is not None else "null", 1)
    return HttpResponse(text.encode(), status=200, content_type=api.get_content_type())


@packages.get("/{pk}/findings", response={200: schemas.CheckOut, **ERRORS}, summary="当前版本的审核问题")
def package_findings(request: HttpRequest, pk: int = IdPath) -> dict[str, Any]:
    package = services.package_of(_get(request, pk))
    if package is None:
        raise ApiError(404, "not_found", "该自评还没有评价包")
    return _findings(package)


@packages.get("/{pk}/score", response={200: schemas.ScoreOut, **ERRORS}, summary="当前版本的评分表")
def package_score(request: HttpRequest, pk: int = IdPath) -> dict[str, Any]:
    package = services.package_of(_get(request, pk))
    if package is None:
        raise ApiError(404, "not_found", "该自评还没有评价包")
    return {"sheets": engine.score_sheets(package)}


@packages.post(
    "/{pk}/documents",
    response={200: schemas.UploadOut, **ERRORS},
    summary="上传文档并导入为新版本（.txt/.docx/.xlsx/.pdf/.yaml/.json）",
)
def package_upload(request: HttpRequest, pk: int = IdPath, file: UploadedFile = File(...)) -> dict[str, Any]:  # noqa: B008
    evaluation = _get(request, pk)
    name, content = _upload_content(file)
    result, report = services.document_upload(
        evaluation=evaluation, user=request.user, filename=name, content=content
    )
    return {
        "revision": result.revision.number,
        "changes": len(result.changes),
        "import_report": [
            {"reason": i.reason, "where": i.location.describe(), "text": i.text} for i in report
        ],
    }


@packages.post(
    "/{pk}/transitions",
    response={200: schemas.PackageSummary, **ERRORS},
    summary="流转：报送、开始审核、退回、通过、公开",
)
def package_transition(request: HttpRequest, body: schemas.TransitionIn, pk: int = IdPath) -> dict[str, Any]:
    evaluation = _get(request, pk)
    user = request.user
    if body.action == "submit":
        evaluation = services.evaluation_submit(evaluation=evaluation, user=user)
    elif body.action == "start_review":
        evaluation = services.review_start(evaluation=evaluation, user=user)
    elif body.action == "return":
        evaluation = services.review_return(evaluation=evaluation, user=user, comment=body.comment)
    elif body.action == "approve":
        evaluation = services.review_approve(evaluation=evaluation, user=user, comment=body.comment)
    else:
        evaluation = services.evaluation_publish(evaluation=evaluation, user=user)
    return _summary(_get(request, evaluation.pk))


RenderWhat = Literal["forms", "report"]
RenderFormat = Literal["xlsx", "docx", "pdf", "html"]


@packages.get(
    "/{pk}/render/{what}/{fmt}",
    response={200: bytes, **ERRORS},
    summary="生成文档：自评表（xlsx）或自评报告（docx、pdf、html）",
)
def package_render(
    request: HttpRequest, what: RenderWhat, fmt: RenderFormat, pk: int = IdPath
) -> HttpResponse:
    package = services.package_of(_get(request, pk))
    if package is None:
        raise ApiError(404, "not_found", "该自评还没有评价包")
    if not engine.renderers_available():
        raise ApiError(404, "not_available", "文档生成功能尚不可用")
    try:
        filename, data = engine.render(package, what, fmt)
    except (ValueError, NotImplementedError) as exc:
        raise ApiError(422, "not_renderable", f"无法生成该文档：{exc}") from exc
    types = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
        "html": "text/html; charset=utf-8",
        "zip": "application/zip",
    }
    response = HttpResponse(
        data, content_type=types.get(filename.rsplit(".", 1)[-1], "application/octet-stream")
    )
    from django.utils.http import content_disposition_header

    from jixiao_web.evaluations.selectors import download_name_of

    # the Chinese name as on the pages (filename*=utf-8''…), with an ASCII fallback for old clients
    chinese = download_name_of(package, what, fmt, filename)
    response["Content-Disposition"] = content_disposition_header(True, chinese) or "attachment"
    return response


api.add_router("/packages", packages)

# ---------------------------------------------------------------- stateless tools


tools = Router(tags=["工具"])


@tools.post("/import", response={200: schemas.ImportOut, **ERRORS}, summary="导入文档为评价包（不保存）")
def tool_import(request: HttpRequest, file: UploadedFile = File(...)) -> dict[str, Any]:  # noqa: B008
    name, content = _upload_content(file)
    try:
        found = engine.import_document(content, name)
    except engine.ImportFailed as exc:
        raise ApiError(422, "unreadable_document", str(exc)) from exc
    return {
        "filename": name,
        "packages": [_json(p) for p in found],
        "import_report": [i for p in found for i in _issues(p)],
    }


@tools.post("/check", response={200: schemas.CheckOut, **ERRORS}, summary="审核一个评价包（不保存）")
def tool_check(request: HttpRequest, body: schemas.PackageIn) -> dict[str, Any]:
    return _findings(_package(body.package))


@tools.post("/score", response={200: schemas.ScoreOut, **ERRORS}, summary="为一个评价包评分（不保存）")
def tool_score(request: HttpRequest, body: schemas.PackageIn) -> dict[str, Any]:
    return {"sheets": engine.score_sheets(_package(body.package))}


api.add_router("", tools)

# ---------------------------------------------------------------- campaigns

campaigns = Router(tags=["自评通知"])


def _campaign(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "year": c.year,
        "title": c.title,
        "document_number": c.document_number,
        "bureau": c.bureau.name,
        "deadline": c.deadline,
        "issued_at": c.issued_at,
        "unit_count": getattr(c, "unit_count", None) or c.units.count(),
    }


@campaigns.get("", response={200: schemas.CampaignPage, **ERRORS}, summary="我可查看的自评通知（分页）")
def campaign_list(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(50, ge=1, le=200),
    year: int | None = Query(None, ge=1990, le=2100),
) -> dict[str, Any]:
    qs = (
        campaign_list_for_user(request.user)
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("-year", "-id")
    )
    if year:
        qs = qs.filter(year=year)
    items, meta = _page(request, qs, page, page_size)
    return {**meta, "items": [_campaign(c) for c in items]}


@campaigns.get("/{pk}", response={200: schemas.CampaignOut, **ERRORS}, summary="自评通知详情")
def campaign_detail(request: HttpRequest, pk: int = IdPath) -> dict[str, Any]:
    campaign = campaign_list_for_user(request.user).filter(pk=pk).first()
    if campaign is None:
        raise ApiError(404, "not_found", "该通知不存在或无权访问")
    return _campaign(campaign)


api.add_router("/campaigns", campaigns)

# ---------------------------------------------------------------- public data (anonymous)

public = Router(tags=["公开数据"], auth=None)


@public.get(
    "/packages",
    response={200: schemas.PublicPage, **PUBLIC_ERRORS},
    auth=None,
    summary="已公开的自评（分页，可按区划、年度、单位名称筛选）",
)
def public_list(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(50, ge=1, le=200),
    year: int | None = Query(None, ge=1990, le=2100),
    jurisdiction: str = Query("", max_length=100, description="行政区划名称包含"),
    q: str = Query("", max_length=100, description="单位名称包含"),
    cursor: str = Query(
        "", max_length=30, description="上一页返回的 next_cursor：从其后一条接着读（不论多深）"
    ),
) -> HttpResponse:
    qs = selectors.published_list(jurisdiction=_clean(jurisdiction), year=year, q=_clean(q)).select_related(
        None
    )
    items, meta = _evaluation_page(request, qs, page, page_size, cursor, PUBLIC_FIELDS)
    return _send(request, {**meta, "items": [_public_row(r) for r in items]})


@public.get(
    "/packages/{pk}",
    response={200: schemas.PublicDetail, **PUBLIC_ERRORS},
    auth=None,
    summary="一份已公开的自评（含评价包）",
)
def public_detail(request: HttpRequest, pk: int = IdPath) -> HttpResponse:
    row = _row_with_package(pk)
    if row is None or row["state"] != State.PUBLISHED:
        raise ApiError(404, "not_found", "该报告不存在或尚未公开")
    return _send_with_package(request, {**_public_row(row), "package": _PACKAGE}, row["package_text"])


api.add_router("/public", public)
