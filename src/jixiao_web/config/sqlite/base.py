"""Django's SQLite backend, except that a decimal cell it cannot convert reads as NULL.

SQLite does not enforce a column's precision, so a figure written before the columns were sized to
the package model (or by hand) can be one that Django's decimal converter refuses
(``decimal.InvalidOperation``) — and then every page that lists the row answers 500 for every user.
Here such a cell reads as NULL and is logged; the services refuse to write one in the first place.
PostgreSQL enforces ``numeric(p, s)`` itself and needs no such guard.
"""

from __future__ import annotations

import logging
from decimal import InvalidOperation
from typing import Any

from django.db.backends.sqlite3 import base, operations

log = logging.getLogger(__name__)


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression: Any) -> Any:
        convert = super().get_decimalfield_converter(expression)

        def tolerant(value: Any, expression: Any, connection: Any) -> Any:
            try:
                return convert(value, expression, connection)
            except (InvalidOperation, ValueError, TypeError, OverflowError):
                log.warning("unreadable decimal %r in %s: read as NULL", value, expression)
                return None

        return tolerant


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
