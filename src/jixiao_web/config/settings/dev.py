"""Local and demo use: embedded SQLite under ./var, a generated per-install secret key."""

from __future__ import annotations

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)  # whitenoise serves from the app folders; it wants this to exist
_key_file = VAR_DIR / "secret_key"
if not _key_file.exists():
    _key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    _key_file.chmod(0o600)
SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
DEBUG = False
