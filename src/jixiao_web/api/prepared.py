"""Queries compiled once per process and run again with new parameters.

Compiling a query with Django's ORM (select list, joins, converters) costs a few milliseconds of
Python — on the API's one-row reads it was more than running the query on PostgreSQL and more than
the whole of a trivial view (issue 11). A :class:`Prepared` query is built by the ORM once, from a
``.values()`` queryset with sample parameters; each later call sends the same SQL with its own
parameters and reads the rows through the same converters the ORM applies (SQLite's decimals and
datetimes, for instance), so a row reads exactly as ``.values()`` would have read it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet


class Prepared:
    """``build(*sample)`` → a ``.values()`` queryset whose SQL parameters are exactly ``sample`` (in
    that order); ``rows(*params)`` runs the same SQL with ``params`` instead, as dicts."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *sample: Any) -> None:
        self._build = build
        self._sample = sample
        self._compiled: dict[tuple[str, str], tuple[str, list[str], list[tuple[int, Any]]]] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> tuple[str, list[str], list[tuple[int, Any]]]:
        qs = self._build(*self._sample)
        query = qs.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if tuple(params) != tuple(self._sample):  # a parameter folded into the SQL, or one more
            raise ValueError(f"prepared query: parameters {params!r} are not the sample {self._sample!r}")
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        return sql, names, sorted(converters.items())

    def rows(self, *params: Any, using: str = "default") -> list[dict[str, Any]]:
        connection = connections[using]
        key = (using, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(using)
                self._compiled[key] = compiled
        sql, names, converters = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            fetched: Sequence[Sequence[Any]] = cursor.fetchall()
        out = []
        for raw in fetched:
            row = list(raw)
            for position, (convs, expression) in converters:
                value = row[position]
                for convert in convs:
                    value = convert(value, expression, connection)
                row[position] = value
            out.append(dict(zip(names, row, strict=True)))
        return out
