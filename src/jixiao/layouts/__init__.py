"""Form layouts as data (``jixiao/data/forms``): specs, vocabularies, and matching grids to them.

See :mod:`jixiao.layouts.spec` for the spec files, :mod:`jixiao.layouts.words` for how printed
headers are compared, :mod:`jixiao.layouts.labels` for the indicator headings and
:mod:`jixiao.layouts.recognise` for choosing the spec that fits a grid.
"""

from .labels import (
    heading_max,
    is_level1_label,
    is_level2_label,
    level1_from_level2,
    level1_of,
    level2_of,
)
from .spec import FormSpec, FormSpecError, lint, load_specs, spec, specs
from .words import Vocabulary, header_key

__all__ = [
    "FormSpec",
    "FormSpecError",
    "Vocabulary",
    "header_key",
    "heading_max",
    "is_level1_label",
    "is_level2_label",
    "level1_from_level2",
    "level1_of",
    "level2_of",
    "lint",
    "load_specs",
    "spec",
    "specs",
]
