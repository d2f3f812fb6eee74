"""PDF sheets: WeasyPrint lays out the print stylesheet; a sheet is its card, then details.

Laying out a sheet of 60 card votes (30-odd A4 pages of redlines) takes WeasyPrint seconds,
and for most delegates those pages are the same: only delegates whose CLP has a mandate, or
whose weight differs on some card vote, read anything of their own in the details. So a PDF
sheet is made of parts, each an HTML document laid out on its own and joined with pypdf: the
delegate's "how to vote" card (a page or two, laid out for each sheet) and the card votes in
detail, a *shared* part: laid out once for every group of sheets whose details read alike
(`details_key`), kept in memory for the rest of the run and in a disk cache for later runs.

The disk cache is what makes one sheet alone quick (`motions brief --delegate X --format pdf`):
the details of a conference are laid out by the first run that needs them, and every later run
(another delegate, the same one after a pledge changed) joins them from the cache. An entry is
named by a hash of what the PDF depends on: the HTML (which holds the stylesheet and every word),
WeasyPrint's and pydyf's versions and our own format version. So an entry is never stale: a
changed agenda, line or template makes a new name. The cache follows the grammar cache
(`motions.grammars.cache_dir`: the user cache directory, MOTIONS_CACHE_DIR overrides it, an empty
value turns it off) in a `pdf/` folder of its own, and like it is never a source of errors: a
folder that cannot be made, read or written, or an entry that is damaged (each starts with the
SHA-256 of the PDF after it, checked on every read), means the part is laid out again. Entries
are written to a temporary name and renamed into place, so processes sharing the folder never
read one half-written. Entries unused for `KEEP_DAYS` days are removed when a new one is written.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib
import io
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from motions.brief.errors import BriefError
from motions.errors import error

if TYPE_CHECKING:
    from motions.brief.model import Sheet

#: Part of every cache key: raise it when what a cached PDF holds changes other than through
#: the HTML (for example the way parts are laid out).
FORMAT = "motions-brief-pdf/2"
#: Cache entries not read or written for this many days are removed.
KEEP_DAYS = 30
_DIGEST = 32  # bytes of SHA-256 in front of every cache entry


def _no_search(name: str) -> None:
    """`ctypes.util.find_library` while WeasyPrint loads: found by nothing (see below)."""
    return None


def import_weasyprint() -> Any:
    """Import WeasyPrint without the `ldconfig`, `gcc` and `ld` processes it would start.

    WeasyPrint opens pango, gobject, harfbuzz and fontconfig through cffi, trying names for
    every platform in turn ('libgobject-2.0-0', 'gobject-2.0-0', ..., 'libgobject-2.0.so.0');
    for each name that is not a file, cffi asks `ctypes.util.find_library`, which on Linux runs
    `ldconfig -p` and, when that finds nothing, `gcc` and `ld`: 56 processes on Debian, 0.2 s of
    CPU and often a second of waiting on a busy machine. The Linux names in its list are the
    libraries' sonames, which the dynamic loader opens directly with the same search. So when
    those open, `find_library` finds nothing while WeasyPrint loads and cffi falls through to
    them; otherwise (or if WeasyPrint fails that way) it is loaded the usual way."""
    if "weasyprint" in sys.modules or not _sonames_open():
        return importlib.import_module("weasyprint")
    import ctypes.util

    with _PATCHING:
        real = ctypes.util.find_library
        ctypes.util.find_library = _no_search
        try:
            return importlib.import_module("weasyprint")
        except OSError:
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = real
    return importlib.import_module("weasyprint")


#: The sonames of the libraries WeasyPrint must open (it tries these among others).
_SONAMES = (
    "libgobject-2.0.so.0",
    "libpango-1.0.so.0",
    "libharfbuzz.so.0",
    "libfontconfig.so.1",
    "libpangoft2-1.0.so.0",
)


def _sonames_open() -> bool:
    if not sys.platform.startswith("linux"):
        return False  # find_library starts no process elsewhere
    import ctypes

    try:
        for soname in _SONAMES:
            ctypes.CDLL(soname)
    except OSError:
        return False
    return True


_PATCHING = threading.Lock()


def _load(module: str, why: str) -> Any:
    try:
        if module == "weasyprint":
            return import_weasyprint()
        return importlib.import_module(module)
    except (ImportError, OSError) as exc:
        raise _cannot_load(module, why, str(exc)) from None


def _cannot_load(module: str, why: str, reason: str) -> BriefError:
    return BriefError(
        error(
            "brief.no-weasyprint" if module == "weasyprint" else "brief.no-pypdf",
            f"PDF output needs {why}, which cannot be loaded ({reason})",
            hint="pip install 'motions[pdf]' (WeasyPrint and pypdf; on Debian WeasyPrint "
            "also needs apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)",
        )
    )


_TOOLS = (("weasyprint", "WeasyPrint"), ("pypdf", "pypdf"))


def preload(jobs: int | None = None) -> None:
    """Get ready to lay out PDFs while the caller reads the agenda and builds the sheets.

    With two CPUs or more (or `jobs` > 1: what `write_files` will be given), start the worker
    process that will lay out the parts (`start_worker`): it loads WeasyPrint and the fonts
    now, on the other CPU, and this process loads WeasyPrint only if it lays out a part too.
    With one CPU, load WeasyPrint and pypdf in a background thread. Failures are left for
    `check_pdf_tools` to report, as our error."""
    if start_worker(jobs):
        return

    def load() -> None:
        for module, why in _TOOLS:
            with contextlib.suppress(BriefError):
                _load(module, why)

    # Not a daemon: an early exit (bad input) waits for the import rather than cutting it off.
    threading.Thread(target=load, name="motions-pdf-preload").start()


#: The worker `start_worker` started (one run of `write_files` takes it), and what it says
#: about WeasyPrint: its and pydyf's versions, or why it cannot be loaded.
_started: list[tuple[Any, Any]] = []


def start_worker(jobs: int | None = None) -> bool:
    """Fork a worker process to lay out PDF parts (if `jobs`, by default the CPUs, are two or
    more), which loads WeasyPrint, pypdf and the fonts as it starts. Forked now, while this
    process runs no other thread. False if none was started."""
    if (jobs if jobs is not None else (os.cpu_count() or 1)) < 2:
        return False
    if not _started:
        from concurrent.futures import ProcessPoolExecutor

        worker = ProcessPoolExecutor(max_workers=1, initializer=warm_up)
        _started.append((worker, worker.submit(_tools)))  # forks it now
    return True


def take_worker() -> Any:
    """The worker `start_worker` started (a ProcessPoolExecutor of one process), or None; the
    caller shuts it down."""
    return _started.pop()[0] if _started else None


def warm_up() -> None:
    """In a new worker: load WeasyPrint and the fonts (a first tiny layout). Not pypdf: the
    files are joined by the process that started the worker, which loads it meanwhile.

    Then freeze what is loaded (`gc.freeze`): Python's collector no longer walks the 57,000
    objects of WeasyPrint and its stylesheets in every full collection, nor, after a fork
    (workers.py), writes to their pages, which the fork would then copy. Laying out a
    60-card-vote sheet's card and details took 10-15% less CPU (six alternating runs: median
    2.69 -> 2.30 s with a fork, 2.41 -> 2.14 s without). Only in the worker: frozen objects
    are never collected, which a process that goes on working should not be left with."""
    with contextlib.suppress(Exception):
        import_weasyprint().HTML(string="<p>fonts</p>").write_pdf()
    gc.freeze()


def _tools() -> tuple[str, str, str]:
    """In a worker: ("", WeasyPrint's version, pydyf's), or (module, why, reason) if
    WeasyPrint cannot be loaded."""
    try:
        weasyprint = import_weasyprint()
    except (ImportError, OSError) as exc:
        return "weasyprint", "WeasyPrint", str(exc)
    return "", weasyprint.__version__, _pydyf_version()


def _pydyf_version() -> str:
    pydyf = importlib.import_module("pydyf")  # WeasyPrint's PDF writer, installed with it
    return str(getattr(pydyf, "__version__", "?"))


_versions: list[str] = []


def check_pdf_tools() -> None:
    """Fail before any work, not after the first sheet, if PDFs cannot be made (in the
    worker, if one was started: this process does not load WeasyPrint then)."""
    if _started:
        _load("pypdf", "pypdf")  # while the worker loads WeasyPrint
        module, first, second = _started[-1][1].result()
        if module:
            raise _cannot_load(module, first, second)
        _versions[:] = [first, second]
        return
    for module, why in _TOOLS:
        _load(module, why)


def pdf(html: str) -> bytes:
    """An A4 PDF of an HTML page, laid out by its print stylesheet (`for_layout`)."""
    return pdf_and_pages(html)[0]


def pdf_and_pages(html: str) -> tuple[bytes, int]:
    """`pdf`, and how many pages it has (as WeasyPrint laid them out: no PDF to read)."""
    weasyprint = _load("weasyprint", "WeasyPrint")
    document = weasyprint.HTML(string=for_layout(html)).render()
    data = document.write_pdf()
    assert isinstance(data, bytes)
    return data, len(document.pages)


def for_layout(html: str) -> str:
    """The page as WeasyPrint is given it: each `<bdi>` (user text, isolated from ours, see
    words.py) written as the characters FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, and
    its stylesheet as `print_style` rewrites it.

    WeasyPrint gives `<bdi>` no meaning of its own: it lays the element out as one more inline
    box in the paragraph's direction, so a right-to-left name ending in "!" printed with the
    "!" on its right, not on its left as a browser shows it. Pango isolates the characters as
    Unicode says; and with 420 fewer boxes in the details of 60 card votes, WeasyPrint lays
    them out about a sixth quicker.
    `<bdi>` appears in the page only as our own markup (user text is escaped, and cleaned of
    these characters before it is isolated), so the exchange is exact. The PDF's text has
    neither character (Pango draws no glyph for them)."""
    html = html.replace("<bdi>", "\u2068").replace("</bdi>", "\u2069")
    start = html.find("<style>")
    end = html.find("</style>", start)
    if start < 0 or end < 0:
        return html
    return html[:start] + print_style(html[start:end]) + html[end:]


#: A use of a custom property, and a definition of one (in a `:root` rule of our stylesheet).
_USE = re.compile(r"var\((--[\w-]+)\)")
_DEFINITION = re.compile(r"(--[\w-]+)\s*:\s*([^;{}]+?)\s*;")


@functools.lru_cache(maxsize=4)
def print_style(style: str) -> str:
    """Our stylesheet (_style.css.j2) as WeasyPrint reads it: the same PDF, byte for byte
    (tested), for 7% fewer instructions to lay out a page (measured with callgrind).

    - `var(--ink)` and the like are replaced by the values they have in print: those of the
      first `:root` rule, as the one in `@media print` overrides them (no other rule sets a
      custom property). WeasyPrint resolves a `var()` for every element that uses it.
    - `*, *::before, *::after` (box-sizing) becomes `*`: in print no `::before` or `::after`
      box has a size (the ones with content are inline, or in `@media screen`), and
      WeasyPrint computes a style for both pseudo-elements of every element a rule names.
    A stylesheet whose first `:root` rule is not before any `@media` is returned as it is; a
    property no `:root` rule defines is left to WeasyPrint."""
    first, media = style.find(":root {"), style.find("@media")
    if first < 0 or 0 <= media < first:
        return style
    values = dict(_DEFINITION.findall(style[first : style.index("}", first)]))
    in_print = style.find(":root {", style.find("@media print {"))
    if style.find("@media print {") >= 0 and in_print >= 0:
        values.update(_DEFINITION.findall(style[in_print : style.index("}", in_print)]))
    style = _USE.sub(lambda use: values.get(use.group(1), use.group(0)), style)
    return style.replace("*, *::before, *::after {", "* {")


def join(*documents: bytes | Any, numbers: Any = None) -> bytes:
    """One PDF of the pages of each document in turn: PDF bytes, or a `pypdf.PdfReader` of a
    document joined to many files (parsed once: half the cost of a join). With `numbers` (a
    reader of as many pages, each with its "page i of n" only), each page gets its number laid
    over it: the parts of a sheet are laid out apart, so none knows where it starts or how many
    pages the file has."""
    if len(documents) == 1 and isinstance(documents[0], bytes) and numbers is None:
        return documents[0]
    pypdf = _load("pypdf", "pypdf")
    writer = pypdf.PdfWriter()
    for document in documents:
        writer.append(io.BytesIO(document) if isinstance(document, bytes) else document)
    if numbers is not None:
        for page, number in zip(writer.pages, numbers.pages, strict=True):
            page.merge_page(number)
            # pypdf writes a merged page's content uncompressed: 1.2 MB for a sheet of 33
            # pages, not 0.3 MB, in about the same time (less to write and sync).
            page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@attrs.frozen
class Part:
    """One HTML document of a PDF file, laid out on its own; `shared` parts (the details) read
    the same on many sheets, so they are laid out once and kept (in memory and on disk)."""

    html: str = attrs.field(repr=False)
    shared: bool = False
    key: str = attrs.field(init=False, repr=False)

    @key.default
    def _key(self) -> str:
        return layout_key(self.html)


def layout_key(html: str) -> str:
    """The cache key of the PDF of `html`: what that PDF depends on, hashed."""
    if not _versions:
        _versions[:] = [_load("weasyprint", "WeasyPrint").__version__, _pydyf_version()]
    versions = "\0".join((FORMAT, *_versions))
    return hashlib.sha256(f"{versions}\0{html}".encode()).hexdigest()[:40]


class PdfCache:
    """Laid-out PDFs on disk, by `layout_key`; every failure is a miss, never an error."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    @classmethod
    def default(cls) -> PdfCache:
        """The cache in the user's cache directory, or none when caching is turned off."""
        from motions.grammars import cache_dir  # (lark and more: not before it is needed)

        base = cache_dir()
        return cls(base / "pdf" if base is not None else None)

    def path(self, key: str) -> Path | None:
        return self.directory / f"{key}.pdf-cache" if self.directory is not None else None

    def get(self, key: str) -> bytes | None:
        path = self.path(key)
        if path is None:
            return None
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        digest, data = raw[:_DIGEST], raw[_DIGEST:]
        if hashlib.sha256(data).digest() != digest or not data.startswith(b"%PDF-"):
            return None  # cut short or damaged: laid out again, and rewritten
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: not pruned
        return data

    def put(self, key: str, data: bytes) -> None:
        path = self.path(key)
        if path is None:
            return
        from motions.grammars import write_cache_file

        entry = hashlib.sha256(data).digest() + data
        if write_cache_file(path, lambda f: f.write(entry)):  # else the PDF in memory serves
            self.prune(path.parent)

    def prune(self, folder: Path) -> None:
        """Remove entries unused for `KEEP_DAYS` days (another process may remove them too)."""
        limit = time.time() - KEEP_DAYS * 86400
        try:
            entries = list(folder.glob("*.pdf-cache"))
        except OSError:
            return
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < limit:
                    entry.unlink()


class Layouts:
    """Lays out the parts of PDF files: shared parts once per run (then from memory) and from
    the disk cache when an earlier run laid them out; other parts every time."""

    def __init__(
        self, cache: PdfCache | None = None, numbers: Callable[[int], str] | None = None
    ) -> None:
        self.cache = cache if cache is not None else PdfCache.default()
        #: The HTML of "page i of n" for a file of n pages, laid over a file of several parts.
        self.numbers = numbers
        self.kept: dict[str, bytes] = {}
        self._readers: dict[str, Any] = {}

    def known(self, part: Part) -> bytes | None:
        """The part's PDF if it is already laid out (this run, or on disk), else None."""
        if not part.shared:
            return None
        data = self.kept.get(part.key)
        if data is None:
            data = self.cache.get(part.key)
            if data is not None:
                self.kept[part.key] = data
        return data

    def keep(self, part: Part, data: bytes) -> None:
        """Remember a part laid out elsewhere (a worker process) if it is shared."""
        if part.shared and part.key not in self.kept:
            self.kept[part.key] = data
            self.cache.put(part.key, data)

    def lay_out(self, part: Part) -> bytes:
        data = self.known(part)
        if data is None:
            data = pdf(part.html)
            self.keep(part, data)
        return data

    def reader(self, part: Part, data: bytes) -> Any:
        """A laid-out part, parsed (what `join` takes): a shared part's once per run, another
        once per file (its pages counted, then joined; `joined` forgets it)."""
        if part.key not in self._readers:
            self._readers[part.key] = _load("pypdf", "pypdf").PdfReader(io.BytesIO(data))
        return self._readers[part.key]

    def numbering(self, parts: Sequence[Part], laid_out: Sequence[bytes]) -> Part | None:
        """The page numbers to lay over a file of these parts: none for a file of one part,
        which numbers its own pages (or without a `numbers` template). A shared part: the same
        for every file of as many pages."""
        if len(parts) < 2 or self.numbers is None:
            return None
        pages = sum(len(self.reader(p, d).pages) for p, d in zip(parts, laid_out, strict=True))
        return Part(self.numbers(pages), shared=True)

    def joined(
        self, parts: Sequence[Part], laid_out: Sequence[bytes], numbers: tuple[Part, bytes] | None
    ) -> bytes:
        """The file of `parts`, laid out, with `numbers` (`numbering`'s part, laid out)."""
        if len(parts) == 1 and numbers is None:
            return laid_out[0]
        documents = [self.reader(p, d) for p, d in zip(parts, laid_out, strict=True)]
        data = join(*documents, numbers=None if numbers is None else self.reader(*numbers))
        for part in parts:
            if not part.shared:
                self._readers.pop(part.key, None)
        return data

    def file(self, parts: Iterable[Part]) -> bytes:
        """The PDF file of `parts`, joined in order, its pages numbered."""
        parts = tuple(parts)
        laid_out = [self.lay_out(part) for part in parts]
        numbers = self.numbering(parts, laid_out)
        overlay = None if numbers is None else (numbers, self.lay_out(numbers))
        return self.joined(parts, laid_out, overlay)


def details_key(sheet: Sheet) -> Hashable:
    """What a sheet's details say that is its own: sheets with equal keys share their details.

    Mirrors what the sheet template prints per card vote: the mandate, its note and any clash,
    the delegate's weight where it differs from their usual weight, and (whips' view) the
    pledge."""
    usual = sheet.delegate.votes if sheet.delegate.attending else None
    return (
        sheet.whips_view,
        tuple(
            (
                item.mandate,
                item.mandate_note,
                item.clash,
                item.weight if usual is not None and item.weight != usual else None,
                item.pledge,
            )
            for item in sheet.items
        ),
    )
