"""Settings for the benchmark server: the dev settings (DATABASE_URL from the environment), quiet logs."""

from jixiao_web.config.settings.dev import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
