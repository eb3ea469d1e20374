from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jixiao_web.api"
    label = "api"
    verbose_name = "HTTP API"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from jixiao_web.orgs.models import Membership

        from .models import ApiToken
        from .tokens import forget_tokens

        # a token, its user or their role changed here: this process forgets the tokens it remembers
        for model in (ApiToken, get_user_model(), Membership):
            post_save.connect(forget_tokens, sender=model, dispatch_uid=f"api-forget-{model.__name__}-save")
            post_delete.connect(
                forget_tokens, sender=model, dispatch_uid=f"api-forget-{model.__name__}-delete"
            )
