from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "jixiao_web.rectification"
    label = "rectification"
    verbose_name = "整改与结果应用"
