"""Production: PostgreSQL from DATABASE_URL, secret key from the environment, HTTPS-only cookies."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("JIXIAO_SECRET_KEY", "")
if len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("请在环境变量 JIXIAO_SECRET_KEY 中设置至少 40 个字符的密钥")
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("生产环境请在环境变量 DATABASE_URL 中配置 PostgreSQL 数据库")
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("JIXIAO_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JIXIAO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
