"""Shared state of one structuring pass: the document's line stream, provenance, what was used.

Every value the structuring layer places is located through :meth:`Context.src`; every cell it
reads is marked used, so that what stays unused (figures in tables nobody recognised) can be listed
in the import report instead of being dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from jixiao.model import ImportIssue, SourceLocation

from .blocks import Cell, Document, Loc, Paragraph, Table
from .errors import Deadline
from .normalize import join_lines, squash


@dataclass
class Item:
    """One element of the linear stream: a paragraph, or a table cell (with its table/row/column)."""

    index: int
    text: str
    loc: Loc
    table: int | None = None
    row: int | None = None
    col: int | None = None
    cell: Cell | Paragraph | None = None

    @cached_property
    def joined(self) -> str:
        return join_lines(self.text)

    @cached_property
    def key(self) -> str:
        return squash(self.text)


@dataclass
class Context:
    doc: Document
    deadline: Deadline
    items: list[Item] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    table_start: dict[int, int] = field(default_factory=dict)  # table index -> first item index
    used: set[int] = field(default_factory=set)  # id() of cells / paragraphs placed in the model
    issues: list[ImportIssue] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Document, deadline: Deadline) -> Context:
        ctx = cls(doc=doc, deadline=deadline)
        for block in doc.blocks:
            if isinstance(block, Paragraph):
                ctx.items.append(Item(len(ctx.items), block.text, block.loc, cell=block))
            else:
                t = len(ctx.tables)
                ctx.tables.append(block)
                ctx.table_start[t] = len(ctx.items)
                for r, row in enumerate(block.rows):
                    for c, cell in enumerate(row):
                        ctx.items.append(Item(len(ctx.items), cell.text, cell.loc, t, r, c, cell))
        return ctx

    # provenance -------------------------------------------------------------------------
    def src(self, where: Loc | Cell | Paragraph | Item, text: str | None = None) -> SourceLocation:
        loc = where if isinstance(where, Loc) else where.loc
        raw = text if text is not None else (None if isinstance(where, Loc) else where.text)
        if raw is not None:
            raw = raw.strip()
            if len(raw) > 200:
                raw = raw[:200] + "…"
        return loc.source(self.doc.id, raw or None)

    def use(self, *things: Cell | Paragraph | Item | None) -> None:
        for thing in things:
            if thing is None:
                continue
            self.used.add(id(thing.cell) if isinstance(thing, Item) else id(thing))

    def is_used(self, thing: Cell | Paragraph | Item) -> bool:
        return (id(thing.cell) if isinstance(thing, Item) else id(thing)) in self.used

    def issue(self, where: Loc | Cell | Paragraph | Item, reason: str, text: str | None = None) -> None:
        loc = where if isinstance(where, Loc) else where.loc
        if text is None and not isinstance(where, Loc):
            text = where.text
        self.issues.append(ImportIssue(location=loc.source(self.doc.id), reason=reason, text=text))

    # searching ----------------------------------------------------------------------------
    def find(self, pattern: str, start: int = 0, end: int | None = None) -> Item | None:
        rx = re.compile(pattern)
        stop = len(self.items) if end is None else min(end, len(self.items))
        for item in self.items[start:stop]:
            if rx.search(item.key):
                return item
        return None

    def paragraphs_before(self, table_index: int, count: int = 5) -> list[Item]:
        start = self.table_start[table_index]
        out: list[Item] = []
        i = start - 1
        while i >= 0 and len(out) < count:
            if self.items[i].table is None:
                out.append(self.items[i])
            elif self.items[i].table != table_index:
                break
            i -= 1
        return out

    def paragraphs_after(self, table_index: int, count: int = 4) -> list[Item]:
        table = self.tables[table_index]
        start = self.table_start[table_index] + sum(len(r) for r in table.rows)
        out: list[Item] = []
        i = start
        while i < len(self.items) and len(out) < count:
            if self.items[i].table is not None:
                break
            out.append(self.items[i])
            i += 1
        return out
