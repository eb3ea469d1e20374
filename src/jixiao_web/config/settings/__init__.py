"""Settings modules: base (shared), dev (SQLite, demo), test, prod (PostgreSQL, HTTPS)."""
