"""Performance targets before the year (绩效目标申报、审核、批复、调整): the bureau's target round, the units'
declarations, the desk's opinion per indicator, approval and publication, adjustments, and the year-end
self-evaluation started from the approved targets (issue 13)."""
