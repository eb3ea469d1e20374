"""The checks of the audit checker; importing this package registers them all."""

from . import budget, consistency, coverage, final_accounts, previous, quality, scores, targets, text  # noqa: F401
