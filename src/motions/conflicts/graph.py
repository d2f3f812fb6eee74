"""The clause dependency graph, as a networkx graph, and its export (GraphML, DOT, JSON).

This is the only module that imports networkx. Nodes are provisions (id: the compact address,
"C4.II.2.B.i") and motions (id: "motion:<n>", n its place in the agenda as given). Edges carry
a `kind`:

    contains    provision → provision    the tree
    cites       provision → provision    a cross-reference in the book's text (`text`)
    cites       motion → provision       a citation in text the motion inserts (`text`, `at`)
    reads       motion → provision       a provision it names without writing it
    writes      motion → provision       words it reads or writes (`spans`: "9-20,31-40")
    deletes     motion → provision
    replaces    motion → provision
    allocates   motion → provision       a new child label (`label`, `position`)
    shifts      motion → provision       renumbers it (`to`: the new address)
    <finding>   motion → motion          a finding between them (`kind` is its code)

`check` does not build this graph: it keeps the same edges in dictionaries keyed by provision,
which is all it needs and much faster; `motions graph` builds it for other tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import networkx as nx  # type: ignore[import-untyped, unused-ignore]  # no stubs installed

from motions.book.address import Address
from motions.book.references import CrossReference, references_in
from motions.book.rulebook import Provision
from motions.conflicts.agenda import Agenda
from motions.conflicts.citations import book_references
from motions.conflicts.model import Report
from motions.contract import envelope

FORMATS = ("graphml", "dot", "json")


def _motion_id(index: int) -> str:
    return f"motion:{index}"


def _add_provision(graph: nx.MultiDiGraph, provision: Provision) -> None:
    graph.add_node(
        provision.address.compact(),
        kind="provision",
        level=provision.level,
        label=provision.address.label,
        long=provision.address.long(),
        heading=provision.heading or "",
    )


def dependency_graph(
    agenda: Agenda, report: Report | None = None, *, touched_only: bool = False
) -> nx.MultiDiGraph:
    """The provisions, the motions and every edge between them (see the module docstring).

    With `touched_only`, only the provisions motions touch or cite, their ancestors, and the
    provisions that cite them.
    """
    graph: nx.MultiDiGraph = nx.MultiDiGraph(name=f"{agenda.book.title} ({agenda.book.edition})")
    book = agenda.book
    motion_edges: list[tuple[int, str, str, dict[str, str | int]]] = []
    for index, (motion, effect) in enumerate(zip(agenda.motions, agenda.effects, strict=True)):
        graph.add_node(
            _motion_id(index),
            kind="motion",
            label=agenda.labels[index],
            source=motion.source,
            title=motion.header.title or "",
            proposer=motion.header.proposer or "",
            card_vote=motion.header.card_vote or "",
            package=motion.header.package or "",
            nec=motion.header.is_nec,
            rank=agenda.ranks[index],
            applies=effect.applies,
        )
        written = set(effect.written)
        for address, spans in effect.spans:
            text = ",".join(f"{s}-{e}" for s, e in spans)
            motion_edges.append((index, address.compact(), "writes", {"spans": text}))
        for address in effect.deleted:
            motion_edges.append((index, address.compact(), "deletes", {}))
        for address in effect.replaced:
            motion_edges.append((index, address.compact(), "replaces", {}))
        for slot in effect.slots:
            motion_edges.append(
                (
                    index,
                    slot.parent.compact(),
                    "allocates",
                    {"label": slot.label, "position": slot.index},
                )
            )
        for old, new in effect.renumbering:
            if old != new:
                motion_edges.append((index, old.compact(), "shifts", {"to": new.compact()}))
        for address in effect.addressed:
            if address not in written:
                motion_edges.append((index, address.compact(), "reads", {}))
        for where, text in effect.inserted:
            for ref in references_in(text, where, book):
                for target in ref.targets:
                    motion_edges.append(
                        (
                            index,
                            target.compact(),
                            "cites",
                            {"text": ref.text, "at": where.compact()},
                        )
                    )
    references = book_references(book)
    if touched_only:
        keep = _neighbourhood(agenda, motion_edges, references)
        provisions: Iterable[Provision] = (p for p in book.walk() if p.address in keep)
    else:
        keep = None
        provisions = book.walk()
    for provision in provisions:
        _add_provision(graph, provision)
        parent = provision.address.parent
        if parent is not None and (keep is None or parent in keep):
            graph.add_edge(parent.compact(), provision.address.compact(), kind="contains")
    for ref in references:
        for target in ref.targets:
            if keep is None or (ref.source in keep and target in keep):
                graph.add_edge(ref.source.compact(), target.compact(), kind="cites", text=ref.text)
    for index, node, kind, attributes in motion_edges:
        if node not in graph:
            graph.add_node(node, kind="provision", level="", label="", long="", heading="")
        graph.add_edge(_motion_id(index), node, kind=kind, **attributes)
    if report is not None:
        for number, finding in enumerate(report.findings, start=1):
            first, *others = finding.motions
            for other in others:
                graph.add_edge(
                    _motion_id(first),
                    _motion_id(other),
                    kind=finding.code.value,
                    finding=number,
                    severity=finding.severity.value,
                    message=finding.message,
                )
    return graph


def _neighbourhood(
    agenda: Agenda,
    motion_edges: list[tuple[int, str, str, dict[str, str | int]]],
    references: Iterable[CrossReference],
) -> set[Address]:
    touched: set[Address] = set()
    by_compact = {p.address.compact(): p.address for p in agenda.book.walk()}
    for _, node, _, _ in motion_edges:
        if node in by_compact:
            touched.add(by_compact[node])
    citing = {ref.source for ref in references if any(t in touched for t in ref.targets)}
    keep: set[Address] = set()
    for address in touched | citing:
        keep.add(address)
        keep.update(address.ancestors())
    return keep


def export(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph as GraphML, Graphviz DOT or networkx node-link JSON."""
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph)) + "\n"
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        document = envelope("graph", {key: data[key] for key in sorted(data)})
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if fmt == "dot":
        return _dot(graph)
    raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _dot_value(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _dot(graph: nx.MultiDiGraph) -> str:
    """DOT written directly (pydot is not a dependency)."""
    lines = [f"digraph {_dot_value(graph.graph.get('name', 'motions'))} {{", "  rankdir=LR;"]
    for node, data in graph.nodes(data=True):
        attributes = dict(data)
        shape = "box" if data.get("kind") == "motion" else "ellipse"
        attributes.setdefault("label", node)
        if data.get("kind") == "provision":
            attributes["label"] = node
        text = ", ".join(f"{k}={_dot_value(v)}" for k, v in sorted(attributes.items()) if v != "")
        lines.append(f"  {_dot_value(node)} [shape={shape}, {text}];")
    for source, target, data in graph.edges(data=True):
        text = ", ".join(f"{k}={_dot_value(v)}" for k, v in sorted(data.items()) if v != "")
        lines.append(f"  {_dot_value(source)} -> {_dot_value(target)} [{text}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
