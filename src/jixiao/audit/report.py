"""Render findings as a table (plain text), JSON or a self-contained HTML page, and the exit status.

JSON is exactly ``{"documents": [{"path": ..., "findings": [{code, category, severity, message,
stated, computed, location}]}]}``. HTML is one accessible page (inline CSS, no external assets,
lang="zh-CN") a reviewer can read.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from .findings import Finding, Severity

if TYPE_CHECKING:
    from jixiao.model import EvaluationPackage

Format = Literal["table", "json", "html"]
FailOn = Literal["error", "warning", "none"]


def _location(f: Finding) -> dict[str, Any]:
    return {k: v for k, v in f.location.model_dump().items() if v is not None}


def _as_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "category": f.category,
        "severity": f.severity.value,
        "message": f.message,
        "stated": f.stated,
        "computed": f.computed,
        "location": _location(f),
    }


def _counts(findings: list[Finding]) -> str:
    n = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    return f"错误{n[Severity.ERROR]}项，警告{n[Severity.WARNING]}项，提示{n[Severity.INFO]}项"


def _scope_line(fs: list[Finding]) -> str | None:
    """The statement of what was read (COV002), shown with the document, not among the findings."""
    for f in fs:
        if f.code == "COV002":
            return f.message
    return None


def _no_problem_line(fs: list[Finding]) -> str:
    scope = _scope_line(fs)
    if any(f.code == "COV001" for f in fs):
        return "未发现错误，但仅识别出文档的一小部分（见上）：未发现的问题不代表没有问题。"
    if scope is not None:
        return "在上述审核范围内未发现错误或警告。"
    return "未发现问题。"


def code_title(code: str) -> str:
    """A finding code with its name ("WGT002 一级指标分值与规则集不符"): a code is never shown bare."""
    from .registry import CODES

    spec = CODES.get(code)
    return f"{code} {spec.title}" if spec is not None else code


def render(
    documents: list[tuple[str, list[Finding]]],
    fmt: Format = "table",
    packages: Sequence[EvaluationPackage | None] | None = None,
) -> str:
    """Findings of several documents in the given format.

    ``packages`` (one per document, in the same order) lets the table and the page name each place
    by the package's own values ("产出指标 · 参保扩面任务 · 分值"); without them places are named by
    position. JSON keeps the machine fields (code, category, path)."""
    if fmt == "json":
        data = {
            "documents": [{"path": path, "findings": [_as_json(f) for f in fs]} for path, fs in documents]
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "html":
        return _html(documents, packages)
    if fmt != "table":
        raise ValueError(f"未知的输出格式：{fmt}")
    lines: list[str] = []
    for k, (path, fs) in enumerate(documents):
        package = packages[k] if packages is not None and k < len(packages) else None
        lines.append(f"== {path}（{_counts(fs)}）")
        scope = _scope_line(fs)
        if scope is not None:
            lines.append(f"   审核范围：{scope.removeprefix('已识别：')}")
        for sev in Severity:
            group = [f for f in fs if f.severity == sev and f.code != "COV002"]
            if not group:
                continue
            lines.append(f"-- {sev.label}（{len(group)}）")
            for f in group:
                lines.append(f"  {code_title(f.code)} · {f.location.describe(package)}")
                lines.append(f"      {f.message}")
                if f.stated is not None or f.computed is not None:
                    lines.append(
                        f"      所述：{f.stated if f.stated is not None else '—'}；计算：{f.computed if f.computed is not None else '—'}"
                    )
        if not any(f.severity != Severity.INFO for f in fs):
            lines.append("  " + _no_problem_line(fs))
        lines.append("")
    return "\n".join(lines)


def _title(code: str) -> str:
    return code_title(code).removeprefix(code).strip()


_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #444}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}caption{text-align:left;font-weight:bold;padding:.3rem 0}
.error{color:#a00000;font-weight:bold}.warning{color:#7a4a00;font-weight:bold}.info{color:#004a7a}
code{font-family:monospace}
"""


def _html(
    documents: list[tuple[str, list[Finding]]], packages: Sequence[EvaluationPackage | None] | None = None
) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>预算绩效自评审核结果</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>预算绩效自评审核结果</h1>",
    ]
    for k, (path, fs) in enumerate(documents):
        package = packages[k] if packages is not None and k < len(packages) else None
        parts.append(f'<section aria-label="{e(path)}">')
        parts.append(f"<h2>{e(path)}</h2>")
        parts.append(f"<p>{e(_counts(fs))}</p>")
        scope = _scope_line(fs)
        if scope is not None:
            parts.append(
                f'<p class="scope"><strong>审核范围：</strong>{e(scope.removeprefix("已识别："))}</p>'
            )
        for sev in Severity:
            group = [f for f in fs if f.severity == sev and f.code != "COV002"]
            if not group:
                continue
            parts.append("<table>")
            parts.append(f'<caption class="{sev.value}">{e(sev.label)}（{len(group)}项）</caption>')
            parts.append(
                '<thead><tr><th scope="col">代码</th><th scope="col">问题</th><th scope="col">位置</th>'
                '<th scope="col">说明</th><th scope="col">所述值</th><th scope="col">计算值</th></tr></thead><tbody>'
            )
            for f in group:
                parts.append(
                    f"<tr><td><code>{e(f.code)}</code></td><td>{e(_title(f.code))}</td>"
                    f"<td>{e(f.location.describe(package))}</td>"
                    f"<td>{e(f.message)}</td><td>{e(f.stated or '—')}</td><td>{e(f.computed or '—')}</td></tr>"
                )
            parts.append("</tbody></table>")
        if not any(f.severity != Severity.INFO for f in fs):
            parts.append(f"<p>{e(_no_problem_line(fs))}</p>")
        parts.append("</section>")
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts)


def exit_status(findings: list[Finding], fail_on: FailOn = "error") -> int:
    """1 when a finding at or above ``fail_on`` exists, else 0 (like a linter)."""
    if fail_on == "none":
        return 0
    threshold = Severity(fail_on).rank
    return 1 if any(f.severity.rank <= threshold for f in findings) else 0
