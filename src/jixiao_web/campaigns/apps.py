from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "jixiao_web.campaigns"
    label = "campaigns"
    verbose_name = "自评通知"
