"""The demo programmes, shipped as content packages (docs/content-packages.md): one folder each.

``load()`` is a demo loader (``agora demo``): it creates or updates every programme, and loading
again changes nothing. The packages name the demo organisations, so the accounts loader runs first.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
TOML_FILE = "programme.toml"


def package_dirs() -> list[Path]:
    """Every package folder here, sorted by name."""
    return sorted(path for path in FOLDER.iterdir() if (path / TOML_FILE).is_file())


def load() -> None:
    """Import every demo package (each one all or nothing; PackageError names any problem)."""
    from agora.catalogue.importing import import_package

    for path in package_dirs():
        import_package(path)
