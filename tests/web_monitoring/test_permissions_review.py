"""The permission matrix of 财政重点评价 and 抽评, role by role (extends tests/web_monitoring/test_permissions.py).

✓ allowed, ✗ refused (PermissionDenied). Only the bureau's 财政绩效科 draws, keeps the registry, assigns,
re-scores and publishes; a desk's reviewer sees its units' results; a unit sees its own result once
the round is published, never before and never another unit's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao_web.evaluations.models import Evaluation, State
from jixiao_web.review import selectors, services

pytestmark = pytest.mark.django_db

ROLES = ["preparer", "head", "preparer_u3", "reviewer", "reviewer_d2", "admin", "admin_b", "sysadmin"]

# action → the roles allowed (everyone else is refused); the unit is U1 (desk D1, bureau A)
MATRIX: dict[str, set[str]] = {
    "draw a sample (own bureau)": {"admin", "admin_b"},
    "register an agency or expert (own bureau)": {"admin", "admin_b"},
    "assign U1's sampled evaluation": {"admin"},
    "re-score U1's sampled evaluation": {"admin"},
    "publish the round": {"admin"},
    "see U1's result before publication": {"reviewer", "admin", "sysadmin"},
    "see U1's result after publication": {"preparer", "head", "reviewer", "admin", "sysadmin"},
    "see the round's registry": {"reviewer", "reviewer_d2", "admin", "sysadmin"},
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
    admin = u["admin"]
    Evaluation.objects.filter(pk=world["e1"].pk).update(state=State.SUBMITTED)
    rnd = services.round_draw(user=admin, year=2024, size=1, seed=3)
    item = rnd.items.get()
    assert item.unit == world["units"]["U1"]
    services.reviewer_register(user=admin, kind="agency", name="某绩效评价咨询公司")
    published = services.round_draw(user=admin, year=2024, size=1, seed=4)
    p_item = published.items.get()
    services.item_assign(item=p_item, user=admin)
    services.rescore_save(item=p_item, user=admin, path="overall", reason="抽查复核", total=Decimal(90))
    services.round_publish(round=published, user=admin)

    def see_registry() -> None:
        if not selectors.reviewer_list_for_user(user).filter(name="某绩效评价咨询公司").exists():
            raise PermissionDenied

    actions = {
        "draw a sample (own bureau)": lambda: services.round_draw(user=user, year=2024, size=1, seed=9),
        "register an agency or expert (own bureau)": lambda: services.reviewer_register(
            user=user, kind="expert", name="李专家"
        ),
        "assign U1's sampled evaluation": lambda: services.item_assign(item=item, user=user),
        "re-score U1's sampled evaluation": lambda: services.rescore_save(
            item=item, user=user, path="overall", reason="抽查复核", total=Decimal(90)
        ),
        "publish the round": lambda: services.round_publish(round=rnd, user=user),
        "see U1's result before publication": lambda: selectors.item_get_for_user(user, item.pk),
        "see U1's result after publication": lambda: selectors.item_get_for_user(user, p_item.pk),
        "see the round's registry": see_registry,
    }
    got = {name: allowed(fn) for name, fn in actions.items()}
    assert got == {name: role in who for name, who in MATRIX.items()}
