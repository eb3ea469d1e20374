from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jixiao_web.api"
    label = "api"
    verbose_name = "HTTP API"
