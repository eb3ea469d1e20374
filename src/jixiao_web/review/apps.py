from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "jixiao_web.review"
    label = "review"
    verbose_name = "财政重点评价与抽评"
