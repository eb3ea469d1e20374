"""The HTTP API ``/api/v1/`` (django-ninja, OpenAPI): packages, import, check, score, render, workflow."""
