"""``manage.py refresh_assessments``: recompute the 考核评分 of every unit with 整改 items, so that items
that passed their deadline overnight count (run once a day, e.g. from cron or a systemd timer).

Moves of items recompute at once (:func:`jixiao_web.rectification.services.assessment_refresh`); only the
passing of a deadline needs this."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jixiao_web.rectification.models import RectificationNotice
from jixiao_web.rectification.services import assessment_refresh


class Command(BaseCommand):
    help = "重新计算有整改事项的单位的考核评分（逾期未整改事项计入扣分），建议每日运行一次"

    def handle(self, *args: Any, **options: Any) -> None:
        pairs = sorted(set(RectificationNotice.objects.values_list("unit_id", "year")))
        for unit_id, year in pairs:
            assessment_refresh(unit_id, year)
        self.stdout.write(f"已重新计算{len(pairs)}个单位年度的考核评分")
