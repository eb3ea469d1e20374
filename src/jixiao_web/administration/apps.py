from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "jixiao_web.administration"
    label = "administration"
    verbose_name = "系统管理"
