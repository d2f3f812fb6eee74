"""The house keeps its shape: imports run one way between the wings, no circles, small files.

The import graph is built from the source with `ast` (every `import` and `from ... import`,
including those inside functions; those under `if TYPE_CHECKING:` are left out, since they
never run). Docs: docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "motions"
MAX_LINES = 600

# Each wing and the wings it may import from (besides itself). The base is `source`, `errors`
# and `resources`; the package's own `__init__` (the public API) and `__main__` may import
# anything, and nothing inside the package imports them.
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "book": {"base"},
    "drafting": {"base", "book"},
    "editions": {"base", "book", "drafting"},
    "whip": {"base", "book", "drafting"},
    "importers": {"base", "book"},
    "conflicts": {"base", "book", "drafting"},
    "render": {"base", "book", "drafting", "editions", "conflicts", "whip"},
    "brief": {"base", "book", "drafting", "editions", "conflicts", "whip", "render"},
    "cli": {"base", "book", "drafting", "editions", "conflicts", "whip", "importers", "render",
            "brief", "api"},
    "api": {"base", "book", "drafting", "editions", "conflicts", "whip", "importers", "render",
            "brief", "cli"},
}  # fmt: skip
BASE_MODULES = {
    "source", "errors", "resources", "contract", "grammars", "files", "numbers", "tomltext",
    "exports",
}  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def wing(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in {"__main__"}:
        return "api"
    if parts[1] in BASE_MODULES:
        return "base"
    return parts[1]


def _type_checking_block(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name | ast.Attribute)
        and ast.unparse(node.test).endswith("TYPE_CHECKING")
    )


def imports_of(path: Path, module: str) -> set[str]:
    """The `motions` modules that `module` imports at run time (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if _type_checking_block(node):
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "motions")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] == "motions":
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if candidate in MODULES else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in MODULES and m != module}


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p): p for p in FILES}


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for target in imports_of(path, module):
            graph.add_edge(module, target)
    return graph


def test_every_module_belongs_to_a_known_wing() -> None:
    unknown = sorted(m for m in MODULES if wing(m) not in ALLOWED)
    assert not unknown, f"modules outside the wings of docs/architecture.md: {unknown}"


def test_no_import_circles() -> None:
    graph = import_graph()
    # A package's __init__ importing its own submodules is not a circle of design: leave the
    # edges from an __init__ to its children out, then any cycle is a real one.
    for module in list(graph):
        if MODULES[module].name == "__init__.py":
            graph.remove_edges_from(
                [(module, t) for t in list(graph.successors(module)) if t.startswith(module + ".")]
            )
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, "import circles: " + "; ".join(" -> ".join([*c, c[0]]) for c in cycles)


def test_imports_run_one_way() -> None:
    wrong = []
    for source, target in import_graph().edges:
        a, b = wing(source), wing(target)
        if a != b and b not in ALLOWED[a]:
            wrong.append(f"{source} ({a}) imports {target} ({b})")
    assert not wrong, "imports against the direction of docs/architecture.md:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_file_over_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines (limit {MAX_LINES})"


def test_the_graph_sees_known_edges() -> None:
    """The checker itself works: edges that certainly exist are found, so a pass means something."""
    graph = import_graph()
    assert graph.has_edge("motions.drafting.apply", "motions.book.rulebook")
    assert graph.has_edge("motions.book.outline", "motions.book.numbering")
    assert wing("motions.cli.app") == "cli" and wing("motions.errors") == "base"
