"""``python -m jixiao_web.manage create_api_token USERNAME [--name 用途]``: print a new API token once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jixiao_web.api.tokens import token_create_for_username


class Command(BaseCommand):
    help = "为用户创建一个 API 令牌（令牌只显示这一次，请妥善保存）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="令牌用途，例如“省级平台对接”")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            token, raw = token_create_for_username(options["username"], options["name"])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(raw)
        self.stderr.write(f"已为 {token.user} 创建令牌 {token.prefix}…（只显示这一次）")
