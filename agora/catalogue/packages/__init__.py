"""Content packages: a programme as a folder (``programme.toml``, ``text/<lang>.md``, ``media/``)
that is checked, imported, exported and diffed like code. See docs/content-packages.md.

Pure: no Django import. The database side (import, export, XLIFF) lives in
``agora/catalogue/importing.py`` and ``agora/catalogue/xliff.py``.
"""

from agora.catalogue.packages.reading import read_package
from agora.catalogue.packages.structure import (
    Activity,
    Level,
    Module,
    ModuleGroup,
    Package,
    Problem,
    Unit,
    Vocabulary,
    item_key,
    media_paths,
)
from agora.catalogue.packages.texts import normalise
from agora.catalogue.packages.writing import dump_toml, write_package

__all__ = [
    "Activity",
    "Level",
    "Module",
    "ModuleGroup",
    "Package",
    "Problem",
    "Unit",
    "Vocabulary",
    "dump_toml",
    "item_key",
    "media_paths",
    "normalise",
    "read_package",
    "write_package",
]
