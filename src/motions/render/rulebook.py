"""Rendering provisions, outlines and cross-references as text, Markdown and JSON."""

from __future__ import annotations

from collections.abc import Iterator

from motions.book.references import CrossReference, References
from motions.book.rulebook import Provision, Rulebook
from motions.contract import dumps, envelope
from motions.render.markdown import code, md_escape


def address_json(provision: Provision) -> dict[str, str | None]:
    return dict(provision.address.to_dict())


def provision_json(provision: Provision, *, depth: int | None = None) -> dict[str, object]:
    """A provision as a plain dict (stable shape, documented in docs/json.md)."""
    return provision.to_dict(depth=depth)


def _tree_lines(provision: Provision, indent: int) -> Iterator[str]:
    """The provision's title and first paragraph on one line, its further paragraphs below it,
    its children indented, then its closing text (after a list) back at its own indent, so
    that the closing words cannot be read as the last child's."""
    pad = "  " * indent
    title = provision.title()
    first, *more = provision.text.split("\n") if provision.text else [""]
    yield f"{pad}{title} {first}".rstrip()
    yield from (f"{pad}  {paragraph}" for paragraph in more)
    items, sections = _items_and_sections(provision)
    for child in items:
        yield from _tree_lines(child, indent + 1)
    if provision.closing:
        yield from (f"{pad}{paragraph}" for paragraph in provision.closing.split("\n"))
    for child in sections:
        yield from _tree_lines(child, indent + 1)


def _items_and_sections(provision: Provision) -> tuple[list[Provision], list[Provision]]:
    """The children in the order the source writes them around a closing text: the list (levels
    without headings) before it, the headed parts (a subsection) after it."""
    items = [c for c in provision.children if not c.address.level.heading]
    sections = [c for c in provision.children if c.address.level.heading]
    return (items, sections) if provision.closing else (list(provision.children), [])


def show_text(book: Rulebook, provision: Provision) -> str:
    """The provision with its address, the headings above it, its text and its sub-tree."""
    path = book.path_to(provision)
    lines = [
        provision.address.long(),
        f"{provision.address.compact()}  ·  {book.title} ({book.edition})",
    ]
    if provision.page is not None:
        lines[-1] += f"  ·  page {provision.page}"
    lines.append("")
    for depth, above in enumerate(path[:-1]):
        lines.append(
            "  " * depth + above.title()
            if above.address.level.heading
            else "  " * depth + f"{above.title()} {above.text}".rstrip()
        )
    lines.extend(_tree_lines(provision, len(path) - 1))
    return "\n".join(lines)


def show_markdown(book: Rulebook, provision: Provision) -> str:
    path = book.path_to(provision)
    lines = [f"## {md_escape(provision.address.long())}", ""]
    crumbs = " › ".join(md_escape(p.title()) for p in path[:-1] if p.address.level.heading)
    if crumbs:
        lines += [f"*{crumbs}*", ""]

    def item(p: Provision, depth: int) -> Iterator[str]:
        # Further paragraphs and the closing text (after the list) are paragraphs of the same
        # list item: a blank line, then indented to the item's content.
        first, *more = p.text.split("\n") if p.text else [""]
        inside = "  " * (depth + 1)
        yield ("  " * depth) + f"- **{md_escape(p.title())}** {md_escape(first)}".rstrip()
        for paragraph in more:
            yield from ("", inside + md_escape(paragraph))
        items, sections = _items_and_sections(p)
        for child in items:
            yield from item(child, depth + 1)
        for paragraph in p.closing.split("\n") if p.closing else ():
            yield from ("", inside + md_escape(paragraph))
        for child in sections:
            yield from item(child, depth + 1)

    lines.extend(item(provision, 0))
    return "\n".join(lines)


def show_data(book: Rulebook, provision: Provision) -> dict[str, object]:
    """The `motions.provision/1` document: the provision, its book and the path down to it."""
    return envelope(
        "provision",
        {
            "rulebook": {"title": book.title, "edition": book.edition, "scheme": book.scheme.name},
            "path": [
                address_json(p) | {"heading": p.heading} for p in book.path_to(provision)[:-1]
            ],
            "provision": provision_json(provision),
        },
    )


def show_json(book: Rulebook, provision: Provision) -> str:
    return dumps(show_data(book, provision))


def _outline_rows(book: Rulebook, depth: int) -> Iterator[tuple[int, Provision]]:
    def visit(p: Provision, d: int) -> Iterator[tuple[int, Provision]]:
        yield d, p
        if d + 1 < depth:
            for child in p.children:
                yield from visit(child, d + 1)

    for top in book.children:
        yield from visit(top, 0)


def _summary(p: Provision, width: int = 60) -> str:
    if p.heading:
        return p.heading
    text = p.text
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def outline_text(book: Rulebook, depth: int) -> str:
    lines = [f"{book.title} ({book.edition})", ""]
    for d, p in _outline_rows(book, depth):
        marker = p.title() if not p.heading else p.title()[: -len(p.heading) - 1]
        page = f"  p.{p.page}" if p.page is not None and p.address.level.heading else ""
        lines.append(f"{'  ' * d}{marker} {_summary(p)}".rstrip() + page)
    return "\n".join(lines)


def outline_markdown(book: Rulebook, depth: int) -> str:
    lines = [f"# {md_escape(f'{book.title} ({book.edition})')}", ""]
    for d, p in _outline_rows(book, depth):
        lines.append(f"{'  ' * d}- {code(p.address.compact())} {md_escape(_summary(p))}")
    return "\n".join(lines)


def outline_json(book: Rulebook, depth: int) -> str:
    return dumps(book.to_dict(depth=depth))


def _reference_json(ref: CrossReference) -> dict[str, object]:
    return {
        "from": ref.source.compact(),
        "text": ref.text,
        "targets": [a.compact() for a in ref.targets],
        "unresolved": list(ref.unresolved),
        "direction": ref.direction,
    }


def refs_text(provision: Provision, refs: References) -> str:
    address = provision.address
    cites = [r for r in refs.references if address.contains(r.source)]
    cited_by = [r for r in refs.references if any(address.contains(t) for t in r.targets)]
    lines = [address.long(), ""]
    lines.append(f"Cites ({len(cites)}):" if cites else "Cites nothing.")
    for r in cites:
        where = "" if r.source == address else f" [in {r.source.compact()}]"
        targets = ", ".join(a.compact() for a in r.targets) or "nothing"
        broken = f"  ! unresolved: {', '.join(r.unresolved)}" if r.unresolved else ""
        lines.append(f"  '{r.text}'{where} → {targets}{broken}")
    lines.append("")
    lines.append(f"Cited by ({len(cited_by)}):" if cited_by else "Cited by nothing.")
    for r in cited_by:
        lines.append(f"  {r.source.compact()}: '{r.text}'")
    return "\n".join(lines)


def refs_markdown(provision: Provision, refs: References) -> str:
    address = provision.address
    lines = [f"## {md_escape(address.long())}", "", "### Cites", ""]
    for r in refs.references:
        if address.contains(r.source):
            targets = ", ".join(code(a.compact()) for a in r.targets) or "*nothing*"
            lines.append(f"- “{md_escape(r.text)}” → {targets}")
    lines += ["", "### Cited by", ""]
    for r in refs.references:
        if any(address.contains(t) for t in r.targets):
            lines.append(f"- {code(r.source.compact())}: “{md_escape(r.text)}”")
    return "\n".join(lines)


def refs_data(provision: Provision, refs: References) -> dict[str, object]:
    """The `motions.references/1` document: what the provision cites and what cites it."""
    address = provision.address
    return envelope(
        "references",
        {
            "address": address_json(provision),
            "cites": [_reference_json(r) for r in refs.references if address.contains(r.source)],
            "cited_by": [
                _reference_json(r)
                for r in refs.references
                if any(address.contains(t) for t in r.targets)
            ],
        },
    )


def refs_json(provision: Provision, refs: References) -> str:
    return dumps(refs_data(provision, refs))
