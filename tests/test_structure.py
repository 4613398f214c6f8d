"""The layout holds what the README promises: no two modules import each
other in a circle (function-level imports included), the archive's domain
never reaches into search/, and each engine's types stay in its own module."""

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "search")

# Where archive/ may import search/: the layers above the domain (pages,
# addresses, commands), never models, importing, extraction or browsing.
ARCHIVE_MAY_IMPORT_SEARCH = ("archive/views.py", "archive/urls.py", "archive/management/")
# The only modules that may import an engine's library.
ENGINE_LIBRARIES = {
    "whoosh": ("search/engines/whoosh.py", "search/engines/whoosh_bulk.py"),
    "xapian": ("search/engines/xapian.py",),
    "xapian_backend": ("search/backend_xapian.py",),
}


@functools.cache
def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            found[name] = path
    return found


def imported(path: Path, name: str) -> set[str]:
    """Every module an import in the file names, at any depth (function-level
    too): ``from search import reader`` names search.reader, not search."""
    known = modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            submodules = {f"{base}.{alias.name}" for alias in node.names} & known.keys()
            names.update(submodules)
            if len(submodules) < len(node.names):  # names defined in the module itself
                names.add(base)
    return names


def graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {other for other in imported(path, name) if other in known and other != name}
        for name, path in known.items()
    }


def test_no_two_modules_import_each_other_in_a_circle():
    edges = graph()
    circles, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(edges[name]):
            if state.get(other) == "open":
                circles.append([*trail[trail.index(other) :], other])
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_the_archive_domain_never_imports_search():
    reaching = []
    for name, path in modules().items():
        relative = path.relative_to(ROOT).as_posix()
        if not name.startswith("archive") or relative.startswith(ARCHIVE_MAY_IMPORT_SEARCH):
            continue
        reaching += [f"{relative} imports {other}" for other in imported(path, name) if other.split(".")[0] == "search"]
    assert reaching == []


@pytest.mark.parametrize("library", sorted(ENGINE_LIBRARIES))
def test_an_engine_library_is_imported_by_its_engine_module_only(library):
    importing = {
        path.relative_to(ROOT).as_posix()
        for name, path in modules().items()
        if any(other == library or other.startswith(library + ".") for other in imported(path, name))
    }
    assert importing <= set(ENGINE_LIBRARIES[library])


def test_the_checks_see_imports_at_every_depth():
    # The walk must find a function-level import, or the checks above prove nothing.
    assert "search.engines.xapian" in graph()["search.engines.configured"]
    assert "archive.models" in graph()["search.search_indexes"]
