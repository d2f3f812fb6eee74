"""The commonest motion file read in one pass: header lines, then one line of drafting.

Most files of a large agenda are one motion laid out the same way: a few header lines
(`Title:`, `Proposer:`, `Card vote:`, `Rule Book:`), a blank line, and one line of drafting
with plain single-quoted words ("Chapter 4, Clause II, rule 2: delete 'a' and insert 'b'.").
The general passes (`layout.chunks`, `layout.sort_lines`, `quoting.scan`,
`layout.mark_drafting`) each walk such a file line by line again; `read_one_line` gives what
they give for it from one look at its lines, or None for anything it cannot vouch for (the
caller then runs the general passes, so nothing is read differently).

What it vouches for, and why the general passes agree:

- ASCII text, no comment mark, no line break but `\\n`, nothing `layout.MAY_SPLIT` finds (no
  separator or numbered heading): `chunks` gives the whole text as one chunk.
- Every line before the drafting is a header line or empty, and the drafting line is one
  `layout.kept_as_drafting` keeps (no header line, no argument, section or statement opening,
  no line label): `sort_lines` keeps the headers, blanks their lines and keeps the drafting
  line.
  No signature is split off: the last line is drafting.
- The drafting line's quote marks are all `'`, in pairs, each opening after a character that
  is no letter or digit, holding no line break and not ending in a blank, closing before no
  letter and no second `'`, and followed by what `quoting.AFTER_CLOSE` accepts: `scan`
  closes each quote at its next mark. No `"`, so no other kind of quote.
- Marking the drafting line is `layout.mark_line` itself; the blank lines around it are kept
  as they are, as `mark_drafting` keeps them.

`tests/test_oneline.py` holds the answer to the general passes on generated files of every
kind of line, and on the examples and corpora.
"""

from __future__ import annotations

import re

from motions.drafting.citing import Found
from motions.drafting.layout import (
    MAY_SPLIT,
    Marked,
    Sorted,
    ascii_break,
    kept_as_drafting,
    mark_line,
    read_header_line,
)
from motions.drafting.quoting import AFTER_CLOSE, Quoted, Quotes, normalise
from motions.source import Source

#: What `layout.sort_lines`, `quoting.scan` and `layout.mark_drafting` give for one motion.
Passes = tuple[Sorted, Quotes, Marked]

#: A quote as `read_one_line` vouches for it: opened after no letter or digit, no quote mark
#: or line break inside, no blank at its end, closed before no letter and no second mark.
_SIMPLE_QUOTE = re.compile(r"'(?<![A-Za-z0-9]')([^'\"\n]*[^'\"\s])'(?![A-Za-z'])")


def read_one_line(text: str, filename: str) -> tuple[Source, Passes] | None:
    """`Source(text, filename)` and what `sort_lines`, `scan` and `mark_drafting` give for
    `text`, a whole file that `chunks` gives as one chunk; None unless `text` is a file of the
    commonest layout (above)."""
    if not text.isascii() or "#" in text or ascii_break(text):
        return None
    lines = text.splitlines(keepends=True)
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    if last < 0:
        return None
    line = lines[last]
    # Of the lines `layout.MAY_SPLIT` could find, only this one can be here: header lines
    # (no key starts so) and blank lines never are.
    if '"' in line or MAY_SPLIT.match("\n" + line) or not kept_as_drafting(line):
        return None
    headers: list[tuple[str, str]] = []
    out: list[str] = []
    cut = 0  # where the drafting line starts
    for before in lines[:last]:
        cut += len(before)
        if not before.strip():
            out.append(before)
            continue
        found = read_header_line(before)  # most are read once: no memo
        if found is None:
            return None
        headers.append(found[0])
        out.append(" " * (len(before) - 1) + "\n")
    out.append(text[cut:])
    source = Source(text, filename)
    layout = Sorted("".join(out), tuple(headers), (), None, ())
    quotes = _quotes(layout.drafting, cut, line, source)
    if quotes is None:
        return None
    # The blank lines after the drafting line are as they were: the quotes are all before them.
    after = len(quotes.text) - (len(text) - cut - len(line))
    citations: list[Found] = []
    marked = quotes.text[:cut] + mark_line(quotes.text[cut:after], citations) + quotes.text[after:]
    return source, (layout, quotes, Marked(marked, tuple(citations)))


def _quotes(text: str, start: int, line: str, source: Source) -> Quotes | None:
    """`scan(text)` when every quote mark of `text` is in `line` (at `start`) and every quote
    is one `_SIMPLE_QUOTE` vouches for; else None."""
    if "'" not in line:
        return Quotes(text, (), ())
    out: list[str] = []
    quotes: list[Quoted] = []
    placeholders: list[tuple[int, int, int, int]] = []
    position = 0
    length = 0
    marks = 0
    for match in _SIMPLE_QUOTE.finditer(line):
        i = start + match.start()
        end = start + match.end() - 1
        if AFTER_CLOSE.match(text, end + 1) is None:
            return None
        marks += 2
        out.append(text[position:i])
        length += i - position
        marker = f"⟦{len(quotes)}⟧"
        placeholders.append((length, len(marker), i, end + 1 - i))
        raw = match.group(1)
        quotes.append(Quoted(normalise(raw), raw, source.span_at(i, end - i + 1)))
        out.append(marker)
        length += len(marker)
        position = end + 1
    if marks != line.count("'"):
        return None
    out.append(text[position:])
    return Quotes("".join(out), tuple(quotes), tuple(placeholders))
