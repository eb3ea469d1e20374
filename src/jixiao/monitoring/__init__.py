"""During and after the year: 绩效运行监控 (双监控), 评价结果应用 and 抽评.

- :mod:`.timing` and :mod:`.assess`: execution against the time elapsed, warnings by rule set
  (财预〔2019〕136号; thresholds from ``data/rules/national/monitoring``);
- :mod:`.importer` and :mod:`.render`: the 绩效监控表 and the 一体化 budget-execution export in and out;
- :mod:`.foresight`: what monitoring foresaw beside the year-end self-evaluation;
- :mod:`.results`: next year's budget suggested per project by a results-application rule set
  (中发〔2018〕34号, 财预〔2020〕10号);
- :mod:`.sampling`: reproducible 抽评 samples, conflicts of interest, self-score vs re-score gaps.

The checks themselves are :mod:`jixiao.audit.checks.monitoring` (codes MON001–MON014).
"""

from .assess import Assessment, assess, monitoring_rule_set
from .importer import (
    MonitoringError,
    apply_execution,
    load_monitoring_file,
    read_execution_export,
    read_monitoring_form,
)
from .timing import ElapsedShare, LagAssessment, assess_lag, elapsed_share

__all__ = [
    "Assessment",
    "ElapsedShare",
    "LagAssessment",
    "MonitoringError",
    "apply_execution",
    "assess",
    "assess_lag",
    "elapsed_share",
    "load_monitoring_file",
    "monitoring_rule_set",
    "read_execution_export",
    "read_monitoring_form",
]
