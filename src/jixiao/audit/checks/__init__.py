"""The checks of the audit checker; importing this package registers them all."""

from . import budget, consistency, coverage, final_accounts, quality, scores, text  # noqa: F401
