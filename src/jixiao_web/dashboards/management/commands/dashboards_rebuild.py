"""``manage.py dashboards_rebuild [--no-check]``: recompute the dashboards' aggregates from the evaluations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jixiao_web.dashboards.tally import rebuild


class Command(BaseCommand):
    help = "重新计算统计看板的汇总数（评价包的问题已统计的保留；其余重新审核，或以 --no-check 标为未统计）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-check", action="store_true", help="不重新审核问题未统计的评价包")

    def handle(self, *args: Any, **options: Any) -> None:
        report = rebuild(check=not options["no_check"])
        self.stdout.write(
            f"已统计 {report.evaluations} 份自评；重新审核 {report.checked} 份；问题未统计 {report.uncounted} 份"
        )
