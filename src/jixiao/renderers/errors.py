"""The renderers' error: a Chinese message saying what could not be produced and why."""

from __future__ import annotations


class RenderError(Exception):
    """A file could not be rendered (missing font, unknown format, nothing to render ...)."""
