"""Edition diffs as terminal text, Markdown, a self-contained HTML page and JSON.

The JSON is the `motions.edition-diff/1` document (docs/json.md, schemas/edition-diff.json):

    {"schema": "motions.edition-diff/1",
     "old": {"title", "edition", "provisions"}, "new": {...},
     "summary": {"added", "removed", "renumbered", "moved", "changed", "unchanged"},
     "changes": [{"kinds": [...], "old": PROVISION | null, "new": PROVISION | null,
                  "heading": REDLINE | null, "text": REDLINE | null,
                  "similarity": 0.93, "inside": 0}],
     "renumbering": [{"old": "C1.X", "new": "C1.XII"}, ...]}

where PROVISION is {"long", "compact", "id", "label", "heading", "text", "page"} and REDLINE is
a list of {"kind": "same" | "insert" | "delete", "text"} segments.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from motions.book.rulebook import Provision, Rulebook
from motions.contract import dumps
from motions.drafting.redline import Redline
from motions.editions.diff import ChangeKind, EditionDiff, ProvisionChange
from motions.editions.plain import edition_diff_document as to_json
from motions.render import redline as render_redline
from motions.render.markdown import md_escape

_SYMBOL = {
    ChangeKind.ADDED: "+",
    ChangeKind.REMOVED: "-",
    ChangeKind.RENUMBERED: "#",
    ChangeKind.MOVED: ">",
    ChangeKind.CHANGED: "~",
}
_ORDER = ("added", "removed", "renumbered", "moved", "changed")


def _edition(book: Rulebook) -> str:
    return f"{book.title} {book.edition}".strip()


def _summary(diff: EditionDiff) -> str:
    counts = diff.counts()
    if not diff.changes:
        return f"no changes ({counts['unchanged']} provisions unchanged)"
    parts = [f"{counts[name]} {name}" for name in _ORDER if counts[name]]
    return ", ".join(parts) + f" ({counts['unchanged']} unchanged)"


def _where(change: ProvisionChange) -> str:
    old, new = change.old, change.new
    if old is not None and new is not None and old.address != new.address:
        return f"{old.address.long()} → {new.address.long()}"
    provision = new or old
    assert provision is not None
    return provision.address.long()


def _page(change: ProvisionChange) -> str:
    provision = change.new or change.old
    if provision is None or provision.page is None:
        return ""
    side = "old " if change.new is None else ""
    return f" ({side}page {provision.page})"


def _inside(change: ProvisionChange) -> str:
    if not change.inside:
        return ""
    noun = "provision" if change.inside == 1 else "provisions"
    if change.kind in (ChangeKind.ADDED, ChangeKind.REMOVED):
        return f" and {change.inside} {noun} inside"
    return f", with the {change.inside} {noun} inside"


def _shown(provision: Provision) -> str:
    """A provision as printed: its marker and heading, then its text."""
    title = provision.title()
    return f"{title} {provision.text}".strip() if provision.text else title


def _kinds(change: ProvisionChange) -> str:
    return ", ".join(kind.value for kind in change.kinds)


# -- text --------------------------------------------------------------------------------------


def text(diff: EditionDiff, *, colour: bool = False) -> str:
    """A plain-text report; redlines marked [-deleted-]{+inserted+}, or in colour."""
    lines = [
        f"Edition diff: {_edition(diff.old)} → {_edition(diff.new)}",
        _summary(diff),
    ]
    for change in diff.changes:
        lines.append("")
        lines.append(
            f"{_SYMBOL[change.kind]} {_kinds(change)}: {_where(change)}{_page(change)}"
            f"{_inside(change)}"
        )
        lines.extend("    " + line for line in _body_text(change, colour))
    return "\n".join(lines) + "\n"


def _body_text(change: ProvisionChange, colour: bool) -> Iterator[str]:
    if change.kind is ChangeKind.ADDED and change.new is not None:
        yield _shown(change.new)
    elif change.kind is ChangeKind.REMOVED and change.old is not None:
        yield _shown(change.old)
    if change.heading is not None:
        yield "heading: " + render_redline.terminal(change.heading, colour=colour)
    if change.text is not None:
        yield render_redline.terminal(change.text, colour=colour)


# -- Markdown ----------------------------------------------------------------------------------


def _md_redline(redline: Redline) -> str:
    return render_redline.markdown(redline)


def markdown(diff: EditionDiff) -> str:
    """A Markdown report: a summary table, then one section per change."""
    counts = diff.counts()
    lines = [
        f"# Edition diff: {md_escape(_edition(diff.old))} → {md_escape(_edition(diff.new))}",
        "",
        "| " + " | ".join((*_ORDER, "unchanged")) + " |",
        "|" + "---|" * (len(_ORDER) + 1),
        "| " + " | ".join(str(counts[name]) for name in (*_ORDER, "unchanged")) + " |",
    ]
    if not diff.changes:
        lines += ["", "No changes."]
    for change in diff.changes:
        lines += ["", f"## {md_escape(_where(change))}", ""]
        lines.append(f"*{_kinds(change)}*{md_escape(_page(change) + _inside(change))}")
        if change.kind is ChangeKind.ADDED and change.new is not None:
            lines += ["", "> **" + md_escape(_shown(change.new)) + "**"]
        elif change.kind is ChangeKind.REMOVED and change.old is not None:
            lines += ["", "> ~~" + md_escape(_shown(change.old)) + "~~"]
        if change.heading is not None:
            lines += ["", "Heading: " + _md_redline(change.heading)]
        if change.text is not None:
            lines += ["", "> " + _md_redline(change.text)]
    return "\n".join(lines) + "\n"


# -- HTML --------------------------------------------------------------------------------------

_STYLE = """
body { font-family: Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #222; }
h1 { font-size: 1.4rem; }
table.summary { border-collapse: collapse; margin: 1rem 0; }
table.summary th, table.summary td { border: 1px solid #bbb; padding: .25rem .6rem; }
section.change { border-top: 1px solid #ddd; padding: .4rem 0; }
section.change h2 { font-size: 1rem; margin: .4rem 0; }
.kind { font-family: sans-serif; font-size: .75rem; text-transform: uppercase;
        letter-spacing: .04em; padding: .1rem .35rem; border-radius: .2rem; background: #eee; }
.added .kind { background: #d7f5dd; } .removed .kind { background: #fadcdc; }
.moved .kind, .renumbered .kind { background: #e2e7fb; } .changed .kind { background: #fdf1cf; }
del { color: #a40000; background: #fde8e8; } ins { color: #05620f; background: #e3f7e6;
text-decoration: underline; }
blockquote { margin: .3rem 0 .3rem 1rem; }
.meta { color: #666; font-size: .85rem; }
"""


def html_page(diff: EditionDiff) -> str:
    """A self-contained HTML page (inline style, no scripts, every text escaped)."""
    counts = diff.counts()
    title = f"Edition diff: {_edition(diff.old)} → {_edition(diff.new)}"
    out = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        '<table class="summary"><tr>'
        + "".join(f"<th>{name}</th>" for name in (*_ORDER, "unchanged"))
        + "</tr><tr>"
        + "".join(f"<td>{counts[name]}</td>" for name in (*_ORDER, "unchanged"))
        + "</tr></table>",
    ]
    if not diff.changes:
        out.append("<p>No changes.</p>")
    for change in diff.changes:
        anchor = change.new or change.old
        assert anchor is not None
        classes = " ".join(kind.value for kind in change.kinds)
        out.append(
            f'<section class="change {classes}" id="{html.escape(anchor.address.id())}">'
            f'<h2><span class="kind">{html.escape(_kinds(change))}</span> '
            f"{html.escape(_where(change))}</h2>"
        )
        meta = (_page(change) + _inside(change)).strip(" ,")
        if meta:
            out.append(f'<p class="meta">{html.escape(meta)}</p>')
        if change.kind is ChangeKind.ADDED and change.new is not None:
            out.append(f"<blockquote><ins>{html.escape(_shown(change.new))}</ins></blockquote>")
        elif change.kind is ChangeKind.REMOVED and change.old is not None:
            out.append(f"<blockquote><del>{html.escape(_shown(change.old))}</del></blockquote>")
        if change.heading is not None:
            out.append(f"<p>Heading: {render_redline.html_fragment(change.heading)}</p>")
        if change.text is not None:
            out.append(f"<blockquote>{render_redline.html_fragment(change.text)}</blockquote>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- JSON --------------------------------------------------------------------------------------


def json_text(diff: EditionDiff) -> str:
    return dumps(to_json(diff))


RENDERERS = {"text": text, "md": markdown, "html": html_page, "json": json_text}
