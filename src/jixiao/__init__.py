"""jixiao: budget performance self-evaluation (预算绩效自评) — package model, targets, scoring, audit."""

__version__ = "0.1.0"
