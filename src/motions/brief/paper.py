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
import hashlib
import importlib
import io
import os
import sys
import tempfile
import threading
import time
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

import attrs

from motions.brief.errors import BriefError
from motions.brief.model import Sheet
from motions.errors import error
from motions.grammars import cache_dir

#: Part of every cache key: raise it when what a cached PDF holds changes other than through
#: the HTML (for example the way parts are laid out).
FORMAT = "motions-brief-pdf/1"
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
        raise BriefError(
            error(
                "brief.no-weasyprint" if module == "weasyprint" else "brief.no-pypdf",
                f"PDF output needs {why}, which cannot be loaded ({exc})",
                hint="pip install 'motions[pdf]' (WeasyPrint and pypdf; on Debian WeasyPrint "
                "also needs apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)",
            )
        ) from None


def preload() -> None:
    """Start loading WeasyPrint and pypdf in a background thread, while the caller reads the
    agenda and builds the sheets: WeasyPrint's import finds its C libraries with
    `ctypes.util.find_library`, which waits on `ldconfig` and `gcc` processes (a third of a
    second on Linux, most of it waiting). Failures are left for `check_pdf_tools` to report:
    its own import waits for this one and raises our error if the module did not load."""

    def load() -> None:
        with contextlib.suppress(Exception):
            import_weasyprint()
        with contextlib.suppress(Exception):
            importlib.import_module("pypdf")

    # Not a daemon: an early exit (bad input) waits for the import rather than cutting it off.
    threading.Thread(target=load, name="motions-pdf-preload").start()


def check_pdf_tools() -> None:
    """Fail before any work, not after the first sheet, if PDFs cannot be made."""
    _load("weasyprint", "WeasyPrint")
    _load("pypdf", "pypdf")


def pdf(html: str) -> bytes:
    """An A4 PDF of an HTML page, laid out by its print stylesheet."""
    weasyprint = _load("weasyprint", "WeasyPrint")
    data = weasyprint.HTML(string=html).write_pdf()
    assert isinstance(data, bytes)
    return data


def join(*documents: bytes | Any) -> bytes:
    """One PDF of the pages of each document in turn: PDF bytes, or a `pypdf.PdfReader` of a
    document joined to many files (parsed once: half the cost of a join)."""
    if len(documents) == 1 and isinstance(documents[0], bytes):
        return documents[0]
    pypdf = _load("pypdf", "pypdf")
    writer = pypdf.PdfWriter()
    for document in documents:
        writer.append(io.BytesIO(document) if isinstance(document, bytes) else document)
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
    weasyprint = _load("weasyprint", "WeasyPrint")
    pydyf = importlib.import_module("pydyf")  # WeasyPrint's PDF writer, installed with it
    versions = f"{FORMAT}\0{weasyprint.__version__}\0{getattr(pydyf, '__version__', '?')}"
    return hashlib.sha256(f"{versions}\0{html}".encode()).hexdigest()[:40]


class PdfCache:
    """Laid-out PDFs on disk, by `layout_key`; every failure is a miss, never an error."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    @classmethod
    def default(cls) -> PdfCache:
        """The cache in the user's cache directory, or none when caching is turned off."""
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
        temporary: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            with os.fdopen(handle, "wb") as f:
                f.write(hashlib.sha256(data).digest() + data)
            os.replace(temporary, path)
            temporary = None
        except OSError:
            return  # read-only, full or not a folder: the PDF in memory serves this run
        finally:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
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

    def __init__(self, cache: PdfCache | None = None) -> None:
        self.cache = cache if cache is not None else PdfCache.default()
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

    def joinable(self, part: Part, data: bytes) -> bytes | Any:
        """What `join` takes for a laid-out part: a shared part's reader, parsed once."""
        if not part.shared:
            return data
        if part.key not in self._readers:
            self._readers[part.key] = _load("pypdf", "pypdf").PdfReader(io.BytesIO(data))
        return self._readers[part.key]

    def file(self, parts: Iterable[Part]) -> bytes:
        """The PDF file of `parts`, joined in order."""
        return join(*(self.joinable(part, self.lay_out(part)) for part in parts))


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
