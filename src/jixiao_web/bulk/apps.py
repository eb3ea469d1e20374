from django.apps import AppConfig


class BulkConfig(AppConfig):
    name = "jixiao_web.bulk"
    label = "bulk"
    verbose_name = "批量审核"

    def ready(self) -> None:
        from .queue import configure

        configure()
