"""The permission matrix of monitoring, rectification and results application, role by role.

✓ allowed, ✗ refused (PermissionDenied). Rows: what is done; columns: who does it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao_web.monitoring import selectors as monitoring_selectors
from jixiao_web.monitoring import services as monitoring
from jixiao_web.rectification import services as rectification

from .conftest import execution_export

pytestmark = pytest.mark.django_db

ROLES = ["preparer", "head", "preparer_u3", "reviewer", "reviewer_d2", "admin", "admin_b", "sysadmin"]

# action → the roles allowed (everyone else is refused); the unit is U1 (desk D1, bureau A)
MATRIX: dict[str, set[str]] = {
    "open a round (for one's own bureau)": {"admin", "admin_b"},
    "import the execution export": {"admin"},
    "see U1's monitoring report": {"preparer", "head", "reviewer", "admin", "sysadmin"},
    "upload U1's monitoring form": {"preparer", "head"},
    "urge U1 (督促)": {"reviewer", "admin"},
    "suspend U1's payments (暂缓拨款)": {"admin"},
    "issue a rectification notice to U1": {"reviewer", "admin"},
    "answer U1's item": {"preparer", "head"},
    "close U1's item": {"reviewer", "admin"},
    "compute results-application suggestions (own bureau)": {"admin", "admin_b"},
}


def allowed(action: Any) -> bool:
    """Past the permission check: done, or refused for its content (a ValidationError), not for the role."""
    try:
        action()
    except PermissionDenied:
        return False
    except ValidationError:
        return True
    return True


@pytest.mark.parametrize("role", ROLES)
def test_matrix(world: dict[str, Any], role: str) -> None:
    u = world["users"]
    user = u[role]
    u1 = world["units"]["U1"]
    rnd = monitoring.round_create(user=u["admin"], as_of=date(2024, 7, 31))
    monitoring.execution_import(round=rnd, user=u["admin"], filename="导出.xlsx", content=execution_export())
    report = rnd.reports.get(unit=u1)
    notice = rectification.notice_issue(
        user=u["admin"],
        unit=u1,
        year=2024,
        title="通知",
        deadline=date(2025, 6, 30),
        items=[rectification.ItemSpec("更正")],
    )
    item = notice.items.get()
    answered = rectification.notice_issue(
        user=u["admin"],
        unit=u1,
        year=2024,
        title="通知",
        deadline=date(2025, 6, 30),
        items=[rectification.ItemSpec("更正")],
    ).items.get()
    rectification.item_answer(item=answered, user=u["preparer"], text="已经更正完毕")
    form_bytes = execution_export()

    def see() -> None:
        monitoring_selectors.report_get_for_user(user, report.pk)

    actions = {
        "open a round (for one's own bureau)": lambda: monitoring.round_create(
            user=user, as_of=date(2024, 8, 31)
        ),
        "import the execution export": lambda: monitoring.execution_import(
            round=rnd, user=user, filename="导出.xlsx", content=form_bytes
        ),
        "see U1's monitoring report": see,
        "upload U1's monitoring form": lambda: monitoring.report_upload(
            report=report, user=user, filename="监控表.xlsx", content=form_bytes
        ),
        "urge U1 (督促)": lambda: monitoring.decision_record(
            report=report, user=user, action="urge", reason="请加快进度"
        ),
        "suspend U1's payments (暂缓拨款)": lambda: monitoring.decision_record(
            report=report, user=user, action="suspend_payment", reason="执行严重滞后", amount=Decimal(1)
        ),
        "issue a rectification notice to U1": lambda: rectification.notice_issue(
            user=user,
            unit=u1,
            year=2024,
            title="通知",
            deadline=date(2025, 6, 30),
            items=[rectification.ItemSpec("x")],
        ),
        "answer U1's item": lambda: rectification.item_answer(item=item, user=user, text="已经更正完毕"),
        "close U1's item": lambda: rectification.item_close(item=answered, user=user),
        "compute results-application suggestions (own bureau)": lambda: rectification.suggestions_compute(
            user=user, year=2024
        ),
    }
    got = {name: allowed(fn) for name, fn in actions.items()}
    assert got == {name: role in who for name, who in MATRIX.items()}
