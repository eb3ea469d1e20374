"""What was read: a statement of coverage with every result, and a warning when little was read.

"No findings" means nothing when the importer read nothing. For an imported document (its package
carries ``coverage``) the checker says what was recognised — forms by their spec, tables, figures
placed, sentences whose figures were related — and warns when that is little: fewer than half of
the figures in tables and forms placed, or nothing recognised at all. A form the document ends
inside (an excerpt) is said too: its sums and weights were not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.model import EvaluationPackage, ReadCoverage

from ..findings import Finding, FindingLocation
from ..registry import CheckContext, declare, package_document, register

declare(
    "COV001",
    "import",
    "warning",
    "仅识别出文档的一小部分，审核范围有限",
    "审核结论须说明读取了什么；表格和表单中的数字归入不足一半、或未识别出任何表单和有数字关系的句子时，"
    "“未发现问题”不能说明文档没有问题",
    "仅识别出：表格数字 3/40 已归入，含数字的句子 12 句中 1 句的数字关系已核对；审核范围有限",
)
declare(
    "COV002",
    "import",
    "info",
    "审核范围",
    "每个审核结果都说明识别出的表单、表格、数字和句子",
    "已识别：项目支出绩效自评表（财预〔2020〕10号）：委托业务项目（指标9行）；表格数字 58/60 已归入",
)
declare(
    "COV003",
    "import",
    "info",
    "表单在文末中断，未核对其合计与分值",
    "文档在表单中间结束（摘录）时，总分、分值合计等须整张表单才能核对的项目不予核对",
    "项目支出绩效自评表（委托业务项目）：文本在“满意度指标”行后中断，未见总分行",
)


def describe(c: ReadCoverage) -> str:
    """The coverage in one Chinese sentence."""
    parts: list[str] = []
    if c.forms:
        parts.append("；".join(c.forms))
    other = [k for k in c.kinds if k != "绩效自评表"]
    if other:
        parts.append("、".join(other))
    if c.tables:
        parts.append(f"表格 {c.tables_read}/{c.tables} 张已识别")
    if c.figures:
        parts.append(f"表格和表单中的数字 {c.figures_placed}/{c.figures} 个已归入")
    if c.sentences_with_figures:
        parts.append(
            f"含数字的句子 {c.sentences_with_figures} 句，其中 {c.sentences_related} 句的数字关系已核对"
        )
    return "，".join(parts) if parts else "没有识别出任何表单、表格或含数字的句子"


def little_read(c: ReadCoverage) -> bool:
    nothing = not c.forms and c.tables_read == 0 and c.sentences_related == 0
    few = c.figures >= 10 and Decimal(c.figures_placed) < Decimal(c.figures) / 2
    return nothing or few


@register("COV001", "COV002", "COV003")
def check_coverage(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    c = package.coverage
    if c is None:
        return
    where = FindingLocation(document=package_document(package), path="coverage")
    text = describe(c)
    if little_read(c):
        yield ctx.emit("COV001", f"仅识别出：{text}；审核范围有限，未发现的问题不代表没有问题。", where)
    yield ctx.emit("COV002", f"已识别：{text}。", where)
    for i, ev in enumerate(package.evaluations()):
        if ev.truncated:
            label = ev.name or ev.title or f"第{i + 1}张自评表"
            yield ctx.emit(
                "COV003",
                f"自评表（{label}）在文末中断，未见总分行：未核对其分值合计与总分。",
                FindingLocation(document=package_document(package), path=f"forms[{i}]"),
            )
