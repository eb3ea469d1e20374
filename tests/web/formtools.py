"""Test helper: read a rendered form like a browser would (inputs outside <template>, checked boxes)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[list[str]] = []
        self.template_depth = 0
        self.textarea: list[str] | None = None
        self.select: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "template":
            self.template_depth += 1
        if self.template_depth or ("name" not in a and tag in ("input", "textarea", "select")):
            return
        if tag == "input" and a.get("type") not in ("submit", "file"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = [a["name"], ""]
            self.fields.append(self.select)
        elif tag == "option" and self.select is not None and "selected" in a:
            self.select[1] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.template_depth -= 1
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None and not self.template_depth:
            self.textarea[1] += data


class Posted(dict[str, list[str]]):
    """A dict of lists with QueryDict's getlist (what parse_post reads)."""

    def getlist(self, key: str) -> list[str]:
        return self[key]


def form_fields(html: str) -> Posted:
    parser = _Form()
    parser.feed(html)
    out = Posted()
    for name, value in parser.fields:
        out.setdefault(name, []).append(value)
    return out


def as_post_data(fields: Posted) -> dict[str, Any]:
    """For django.test.Client.post: single values as strings, repeated ones as lists."""
    return {k: (v if len(v) > 1 else v[0]) for k, v in fields.items()}
