from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "jixiao_web.evaluations"
    label = "evaluations"
    verbose_name = "自评填报与审核"
