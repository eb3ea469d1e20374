from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jixiao_web.portal"
    label = "portal"
    verbose_name = "公开"
