"""The evaluation package model (pydantic v2, Decimal money): one package per unit and year."""

from .budget import (
    BaseDataTable,
    BuildingControl,
    ExpenditureByNature,
    ExpenseControlRow,
    FixedAssets,
    IncomeBySource,
    ThreePublicComponent,
    ThreePublicRow,
    ThreePublicTable,
)
from .common import LEVEL1_LABELS, LEVEL2_LABELS, Grade, Level1, Level2, Located, Scope, SourceLocation
from .evaluation import Funds, FundsRow, FundsRowKind, Indicator, SelfEvaluation, StatedSubtotal
from .io import PackageError, dumps_json, dumps_yaml, load_package, loads_json, loads_yaml, save_package
from .package import SCHEMA_VERSION, EvaluationPackage, ImportIssue, SourceDocument
from .tables import CoverPage, FinalAccounts, FinalAccountsTable, LineItem, Report, ReportSection, ScoringRow, ScoringTable
from .unit import Contact, Evaluator, FormFooter, Signoff, Unit

__all__ = [
    "LEVEL1_LABELS",
    "LEVEL2_LABELS",
    "SCHEMA_VERSION",
    "BaseDataTable",
    "BuildingControl",
    "Contact",
    "CoverPage",
    "EvaluationPackage",
    "Evaluator",
    "ExpenditureByNature",
    "ExpenseControlRow",
    "FinalAccounts",
    "FinalAccountsTable",
    "FixedAssets",
    "FormFooter",
    "Funds",
    "FundsRow",
    "FundsRowKind",
    "Grade",
    "ImportIssue",
    "IncomeBySource",
    "Indicator",
    "Level1",
    "Level2",
    "LineItem",
    "Located",
    "PackageError",
    "Report",
    "ReportSection",
    "Scope",
    "ScoringRow",
    "ScoringTable",
    "SelfEvaluation",
    "Signoff",
    "SourceDocument",
    "SourceLocation",
    "StatedSubtotal",
    "ThreePublicComponent",
    "ThreePublicRow",
    "ThreePublicTable",
    "Unit",
    "dumps_json",
    "dumps_yaml",
    "load_package",
    "loads_json",
    "loads_yaml",
    "save_package",
]
