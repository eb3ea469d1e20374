"""自评通知: the finance bureau's annual notice (scope, basis, content, procedure, requirements, deadline)."""
