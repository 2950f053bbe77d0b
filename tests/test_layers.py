"""Imports go downward (README, Layout): a module imports only from its own package or a
lower layer, textkit never imports Django. A check of the source, as import-linter would."""

import ast
from pathlib import Path

import tuyengiao

PACKAGE = Path(tuyengiao.__file__).parent
# Lowest first. Within a layer only orgunits and accounts import each other.
LAYERS = [
    {"textkit"},
    {"tabular", "apikit", "paging", "conf"},
    {"ui"},  # the shared form controls say a file's refusals as tabular does
    {"orgunits", "accounts"},
    {"values"},  # the values core: every figure is written through it
    {"reporting", "documents"},
    {"tracking"},
    {"dashboards"},
    {"web", "api"},
    {"urls", "settings", "wsgi", "__main__", "__init__"},  # the project's wiring
]
SIBLINGS = {frozenset({"orgunits", "accounts"})}
LAYER = {name: index for index, names in enumerate(LAYERS) for name in names}


def _imports(path: Path) -> set[str]:
    """The top-level names of tuyengiao (and `django`) that the module at `path` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
            if node.module == "tuyengiao":
                modules = [f"tuyengiao.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "tuyengiao" and len(parts) > 1:
                found.add(parts[1])
            elif parts[0] == "django":
                found.add("django")
    return found


def test_every_import_goes_downward():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        owner = relative.parts[0].removesuffix(".py")
        assert owner in LAYER, f"{relative}: place {owner} in a layer of this test"
        for imported in _imports(path) - {owner, "django"}:
            allowed = LAYER[imported] < LAYER[owner] or (frozenset({owner, imported}) in SIBLINGS)
            if not allowed:
                upward.append(f"{relative} imports tuyengiao.{imported}")
    assert upward == []


def test_textkit_never_imports_django():
    assert [
        str(path.relative_to(PACKAGE))
        for path in sorted((PACKAGE / "textkit").rglob("*.py"))
        if "django" in _imports(path)
    ] == []
