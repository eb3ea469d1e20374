from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "jixiao_web.dashboards"
    label = "dashboards"
    verbose_name = "统计分析"
