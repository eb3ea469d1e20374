"""Django's SQLite backend, with decimal columns that never break a page (see :mod:`.base`)."""
