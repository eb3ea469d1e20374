"""``jixiao check 监控表.xlsx --as-of 2024-07-31``: read each file as a monitoring form and check it."""

from __future__ import annotations

from datetime import date

from jixiao.audit.checks.monitoring import check_monitoring
from jixiao.audit.findings import Finding, FindingLocation
from jixiao.audit.registry import CheckContext
from jixiao.rules import RuleSetError

from .assess import monitoring_rule_set
from .importer import MonitoringError, load_monitoring_file


def check_files(
    files: tuple[str, ...] | list[str], *, as_of: date, rule_set_id: str | None = None
) -> list[tuple[str, list[Finding]]]:
    """(path, findings) per file. A file's import report becomes IMP-style notes only in the page;
    here what could not be read is reported as MON013 when nothing at all was read."""
    try:
        rule_set = monitoring_rule_set(rule_set_id, year=as_of.year)
    except RuleSetError as exc:
        raise MonitoringError(str(exc)) from exc
    out: list[tuple[str, list[Finding]]] = []
    for path in files:
        try:
            form = load_monitoring_file(path, as_of=as_of)
        except MonitoringError as exc:
            if "没有识别出" not in str(exc):
                raise
            ctx = CheckContext()
            out.append((path, [ctx.emit("MON013", str(exc), FindingLocation(path="projects"))]))
            continue
        out.append((path, check_monitoring(form, as_of=as_of, rule_set=rule_set)))
    return out
