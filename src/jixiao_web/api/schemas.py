"""Request and response shapes of the API (they make the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class ErrorBody(Schema):
    code: str
    message: str
    details: list[str] = []


class ErrorOut(Schema):
    error: ErrorBody


class PackageSummary(Schema):
    id: int
    unit_id: int
    unit: str
    jurisdiction: str
    year: int
    state: str
    state_label: str
    problem: str = ""  # what is odd about the stored row (marked, never an error)
    campaign_id: int | None
    revision: int | None
    self_score: Decimal | None
    computed_score: Decimal | None
    grade: str
    execution_rate: Decimal | None
    three_public_actual: Decimal | None
    error_count: int
    warning_count: int
    days_late: int
    submitted_at: datetime | None
    published_at: datetime | None


class PageMeta(Schema):
    count: int
    page: int | None  # None when the page was read after a cursor
    page_size: int
    pages: int
    next: str | None
    previous: str | None
    next_cursor: str | None = None  # pass as ?cursor= to read the rows after this page, at any depth
    count_exact: bool = Field(
        True,
        description="false 表示 count 为约数：超过一万条的列表每个服务进程至多每分钟计数一次，其后新建或删除的不在其中",
    )


class PackagePage(PageMeta):
    items: list[PackageSummary]


class PackageDetail(PackageSummary):
    package: dict[str, Any] | None
    actions: list[str]


class PublicSummary(Schema):
    id: int
    unit: str
    jurisdiction: str
    year: int
    self_score: Decimal | None
    computed_score: Decimal | None
    grade: str
    execution_rate: Decimal | None
    three_public_actual: Decimal | None
    published_at: datetime | None


class PublicPage(PageMeta):
    items: list[PublicSummary]


class PublicDetail(PublicSummary):
    package: dict[str, Any] | None


class FindingOut(Schema):
    code: str
    category: str
    severity: Literal["error", "warning", "info"]
    severity_label: str
    message: str
    stated: str | None
    computed: str | None
    rule: str | None
    path: str
    document: str
    line: int | None
    page: int | None
    where: str


class CheckOut(Schema):
    findings: list[FindingOut]
    counts: dict[str, int]


class ScoreSheetOut(Schema):
    title: str
    text: str
    data: Any


class ScoreOut(Schema):
    sheets: list[ScoreSheetOut]


class PackageIn(Schema):
    package: dict[str, Any]


class ImportIssueOut(Schema):
    reason: str
    where: str
    text: str | None


class ImportOut(Schema):
    filename: str
    packages: list[dict[str, Any]]
    import_report: list[ImportIssueOut]


class UploadOut(Schema):
    revision: int
    changes: int
    import_report: list[ImportIssueOut]


class TransitionIn(Schema):
    action: Literal["submit", "start_review", "return", "approve", "publish"]
    comment: str = ""


class CampaignOut(Schema):
    id: int
    year: int
    title: str
    document_number: str
    bureau: str
    deadline: date
    issued_at: datetime | None
    unit_count: int


class CampaignPage(PageMeta):
    items: list[CampaignOut]


class MeOut(Schema):
    username: str
    role: str | None
    role_label: str | None
    unit: str | None
    desk: str | None
    bureau: str | None
