"""Shared settings. Secrets and hosts come from the environment, never from the repository."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from jixiao.importers.api import SUFFIXES as DOCUMENT_SUFFIXES

BASE_DIR = Path(__file__).resolve().parents[2]  # src/jixiao_web
VAR_DIR = Path(os.environ.get("JIXIAO_VAR_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get("JIXIAO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "jixiao_web.orgs",
    "jixiao_web.campaigns",
    "jixiao_web.evaluations",
    "jixiao_web.portal",
    "jixiao_web.api",
    "jixiao_web.dashboards",
    "jixiao_web.bulk",
    "jixiao_web.targets",  # 绩效目标申报、审核、批复、调整 (issue 13)
    "jixiao_web.monitoring",  # 绩效运行监控 (issue 14)
    "jixiao_web.rectification",  # 整改与结果应用 (issue 14)
    "jixiao_web.review",  # 财政重点评价与抽评 (issue 14)
    "jixiao_web.administration",  # 系统管理、修改密码 (issue 12)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jixiao_web.config.middleware.SecurityHeadersMiddleware",  # CSP, no-store, the API's error shape
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jixiao_web.config.urls"
WSGI_APPLICATION = "jixiao_web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao_web.orgs.context.role",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jixiao.sqlite3'}"),
        conn_max_age=60,
    )
}
SQLITE_ENGINE = "jixiao_web.config.sqlite"  # Django's, with unreadable decimal cells read as NULL
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["ENGINE"] = SQLITE_ENGINE
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Strong password hashing: Argon2id first, PBKDF2 accepted for older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's, reading the user's membership with the user (one query a request fewer). Alone: a second
# backend would hash a wrong password twice. Sessions signed in under Django's own backend before
# the upgrade are signed out once.
AUTHENTICATION_BACKENDS = ["jixiao_web.config.auth.MembershipBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve straight from the app folders; no collectstatic step needed
MEDIA_ROOT = VAR_DIR / "media"

# Sessions and cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
JIXIAO_DEMO = os.environ.get("JIXIAO_DEMO") == "1"  # set by `jixiao serve --demo` (issue 12)
CSRF_FAILURE_VIEW = "jixiao_web.config.errors.csrf_failure"

# Uploads: documents up to JIXIAO_MAX_UPLOAD_MB (default 50 MB); larger requests are refused.
MAX_UPLOAD_MB = int(os.environ.get("JIXIAO_MAX_UPLOAD_MB", "50"))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# every document the importers read (.xls/.et/.doc/.wps/OFD/scans and images included), and package files
UPLOAD_SUFFIXES = [*sorted(DOCUMENT_SUFFIXES), ".yaml", ".yml", ".json"]

# Login throttling (jixiao_web.orgs.services): after LOGIN_MAX_FAILURES failures of one (user name,
# address) pair, or LOGIN_ADDRESS_MAX_FAILURES of one address on any names, in the window, the next
# attempt waits LOGIN_BASE_DELAY_SECONDS, doubling with each further failure (never by name alone).
LOGIN_MAX_FAILURES = int(os.environ.get("JIXIAO_LOGIN_MAX_FAILURES", "5"))
LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("JIXIAO_LOGIN_ADDRESS_MAX_FAILURES", "30"))
LOGIN_BASE_DELAY_SECONDS = int(os.environ.get("JIXIAO_LOGIN_BASE_DELAY_SECONDS", "30"))
LOGIN_WINDOW_SECONDS = int(os.environ.get("JIXIAO_LOGIN_WINDOW_SECONDS", "900"))

# Bulk audit jobs (jixiao_web.bulk.services): a worker's lease on a job, renewed while it works; runs
# of a job (its worker died) before it fails; runs of one document before it is skipped as failed.
BULK_LEASE_SECONDS = int(os.environ.get("JIXIAO_BULK_LEASE_SECONDS", "60"))
BULK_MAX_ATTEMPTS = int(os.environ.get("JIXIAO_BULK_MAX_ATTEMPTS", "3"))
BULK_ITEM_MAX_ATTEMPTS = int(os.environ.get("JIXIAO_BULK_ITEM_MAX_ATTEMPTS", "2"))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jixiao_cache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
