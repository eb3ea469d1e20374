from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "jixiao_web.dashboards"
    label = "dashboards"
    verbose_name = "统计分析"

    def ready(self) -> None:
        """Keep two derived counts current where no service is involved: units addressed, deleted rows."""
        from django.db.models.signals import m2m_changed, post_delete

        from jixiao_web.campaigns.models import Campaign

        from .models import EvaluationTally

        m2m_changed.connect(_units_addressed, sender=Campaign.units.through, dispatch_uid="dashboards-reach")
        post_delete.connect(_tally_deleted, sender=EvaluationTally, dispatch_uid="dashboards-tally-deleted")


def _units_addressed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from .tally import campaign_reach_refresh

    if not reverse:
        campaign_reach_refresh([instance.pk])
    elif pk_set:
        campaign_reach_refresh(pk_set)


def _tally_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An evaluation deleted: take what it contributed out of the counters."""
    from .tally import forget

    forget(instance)
