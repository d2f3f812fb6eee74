"""Reading and writing the files a user gives us, safely.

Writes are atomic: the new content goes to a temporary file in the target's own folder (so the
rename never crosses file systems), is flushed and synced to the disk, then renamed over the
target. A full disk, a killed process or a write error leaves the old file exactly as it was and
no stray temporary file. Reads are bounded: a file over its limit (a rule book of 64 MB, a motion
file of 8 MB, overridable with an environment variable) is refused before it is read whole, and
a device such as /dev/zero, which never ends, is refused the same way rather than eating memory.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import attrs

from motions.errors import MotionsError, error

MB = 1024 * 1024


@attrs.frozen
class SizeLimit:
    """The most bytes one kind of input file may hold, and the variable that raises it."""

    what: str
    default: int
    variable: str

    def bytes(self) -> int:
        """The limit in force: the environment variable's value (in MB) if set, else the default."""
        raw = os.environ.get(self.variable, "").strip()
        if not raw:
            return self.default
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) == 0:
            raise MotionsError(
                error(
                    "limit-setting",
                    f"{self.variable}={raw[:40]!r} is not a size in megabytes",
                    hint=f"set it to a whole number of MB, e.g. {self.variable}=256",
                )
            )
        return int(raw) * MB


RULEBOOK_LIMIT = SizeLimit("rule book", 64 * MB, "MOTIONS_MAX_RULEBOOK_MB")
MOTION_LIMIT = SizeLimit("motion file", 8 * MB, "MOTIONS_MAX_MOTION_MB")
#: Tables and settings: the whip's CSV and TOML files, past conference decisions.
TABLE_LIMIT = SizeLimit("CSV or TOML file", 64 * MB, "MOTIONS_MAX_TABLE_MB")


#: The ending of a motion file, by which a directory's motion files are picked out.
MOTION_SUFFIX = ".motion"


def motion_files_in(directory: str | Path) -> tuple[str, ...]:
    """The motion files directly in `directory`, in name order: regular files whose names end
    `.motion`, hidden ones left out (a leading dot, as editors' lock and backup files have), as a
    shell's `*.motion` leaves them out. Raises `OSError` if the directory cannot be read."""
    with os.scandir(directory) as entries:
        return tuple(
            sorted(
                entry.path
                for entry in entries
                if entry.name.endswith(MOTION_SUFFIX)
                and not entry.name.startswith(".")
                and entry.is_file()
            )
        )


def motion_paths(paths: Sequence[str]) -> tuple[str, ...]:
    """The files `paths` name, in order: a directory stands for the motion files in it
    (`motion_files_in`; an agenda of thousands of files is longer than a command line may
    be, and a shell's `*` can no longer name them all). A directory with no motion file in it
    is an error, never an empty agenda; other files in it (decisions, notes) are not motions.
    Whether a named file exists is left to reading it (`read_motion_file`)."""
    found: list[str] = []
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            found.append(path)
            continue
        try:
            inside = motion_files_in(path)
        except OSError as exc:
            raise MotionsError(error("motion-unreadable", f"cannot read {path}: {exc}")) from None
        if not inside:
            raise MotionsError(
                error(
                    "motion-directory-empty",
                    f"{path} is a directory with no {MOTION_SUFFIX} file in it",
                    hint=f"name the motion files, or give them names ending {MOTION_SUFFIX}",
                )
            )
        found.extend(inside)
    return tuple(found)


def _too_big(path: Path, limit: SizeLimit, size: str) -> MotionsError:
    megabytes = limit.bytes() // MB
    return MotionsError(
        error(
            "file-too-large",
            f"{path} is {size}, over the {megabytes} MB limit for a {limit.what}",
            hint=f"if it really is one, raise the limit: {limit.variable}=<megabytes>",
        )
    )


#: Flags for opening a file to read: the descriptor is not inherited by programs we start.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_bytes_limited(path: str | Path, limit: SizeLimit) -> bytes:
    """The bytes of `path`, refused with our error if they pass `limit` or never end.

    The size is checked before reading (a regular file's size is known), and the read itself
    stops one byte past the limit, so a device or a file that grows cannot get past it.
    """
    return read_bytes_within(path, limit, limit.bytes())


def read_bytes_within(path: str | Path, limit: SizeLimit, most: int) -> bytes:
    """`read_bytes_limited` with the limit's bytes already looked up (`most`): a caller reading
    thousands of files asks the environment once.

    A regular file, the usual case, is read through its descriptor (`os.open`, `os.fstat`,
    `os.read`): no file object, no `Path`, about a third of the time of `Path.open` for the
    small files of an agenda (100,000 motion files: 6 µs a file against 16). Anything else (a
    device, a pipe, a folder, a file that cannot be opened) goes the way it always went, so
    its errors read exactly as before.
    """
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError:
        return _read_from_file(Path(path), limit, most)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                return _read_from_file(Path(path), limit, most)  # refused as `open` refuses it
            with open(descriptor, "rb", closefd=False) as handle:
                return _read_handle(handle, Path(path), limit, most, info)
        size = info.st_size
        if size > most:
            raise _too_big(Path(path), limit, f"{size / MB:.1f} MB")
        # Asked for its size and one byte more (one read for a whole small file); fewer bytes
        # than asked means the end was reached. A file that has grown since is read on below,
        # up to the limit.
        data = os.read(descriptor, size + 1)
        while len(data) < size:  # a short read (a signal, a shrinking file): on to the end
            piece = os.read(descriptor, size + 1 - len(data))
            if not piece:
                break
            data += piece
        if len(data) > size:
            with open(descriptor, "rb", closefd=False) as handle:
                data += handle.read(most + 1 - len(data))
            if len(data) > most:
                raise _too_big(Path(path), limit, "growing")
        return data
    finally:
        os.close(descriptor)


def _read_from_file(path: Path, limit: SizeLimit, most: int) -> bytes:
    with path.open("rb") as handle:
        return _read_handle(handle, path, limit, most, os.fstat(handle.fileno()))


def _read_handle(
    handle: BinaryIO, path: Path, limit: SizeLimit, most: int, info: os.stat_result
) -> bytes:
    regular = stat.S_ISREG(info.st_mode)
    if regular and info.st_size > most:
        raise _too_big(path, limit, f"{info.st_size / MB:.1f} MB")
    data = b""
    if regular:
        # Asked for its size and one byte more: `read(n)` sets aside n bytes first, and
        # `most + 1` is megabytes (reading 100,000 small motion files: 38 µs a file against
        # 9). Fewer bytes than asked means the end was reached; if the file has grown
        # since, the rest is read below, up to the limit, as for any other file.
        data = handle.read(info.st_size + 1)
    if not regular or len(data) > info.st_size:
        data += handle.read(most + 1 - len(data))
    if len(data) > most:
        raise _too_big(path, limit, "endless" if not regular else "growing")
    return data


def read_text_limited(path: str | Path, limit: SizeLimit) -> str:
    """The UTF-8 text of `path` (a leading byte-order mark dropped), bounded by `limit`.

    Raises `UnicodeDecodeError` for text that is not UTF-8, as `Path.read_text` does, so a
    caller reports it with its own hint.
    """
    return read_bytes_limited(path, limit).decode("utf-8").removeprefix("\ufeff")


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace the file at `path` with `data`, all or nothing (`atomic_write`)."""
    atomic_write(path, lambda handle: handle.write(data))


def atomic_write_text(path: str | Path, text: str) -> None:
    """Replace the file at `path` with `text` as UTF-8, all or nothing."""
    atomic_write_bytes(path, text.encode("utf-8"))


#: Characters of text gathered into each write of pieces (`batched`).
PIECES_BATCH = 1 << 20


def batched(pieces: Iterable[str]) -> Iterator[str]:
    """`pieces` joined into strings of about `PIECES_BATCH` characters, as they come: a long
    text printed or written this way is never held whole, and the writes stay few."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= PIECES_BATCH:
            yield "".join(batch)
            batch.clear()
            size = 0
    if batch:
        yield "".join(batch)


def atomic_write_pieces(path: str | Path, pieces: Iterable[str]) -> None:
    """Replace the file at `path` with the pieces of text joined, as UTF-8, all or nothing,
    written as they come (`batched`: an edition of 270,000 provisions is never held whole,
    nor its encoding); if making a piece fails, the old file is left as it was."""

    def write(handle: BinaryIO) -> None:
        for text in batched(pieces):
            handle.write(text.encode("utf-8"))

    atomic_write(path, write)


def atomic_write(path: str | Path, write: Callable[[BinaryIO], object]) -> None:
    """Replace the file at `path` with what `write` writes to the handle it is given, all or
    nothing.

    The temporary file takes the old file's permission bits (or the usual ones for a new file,
    honouring the umask), so replacing a file does not change who may read it; a symbolic link
    is written through (the file it points to is replaced), as a plain write would. A target
    that is not a regular file (a device such as /dev/null, a pipe) is written into directly:
    there is no old content to keep, and replacing a device node would destroy it.
    """
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # A device or a pipe (/dev/stdout, /dev/null): nothing to replace, and a device node
        # must never be renamed over. Write into it as it is.
        with open(path, "wb") as stream:
            write(stream)
        return
    target = Path(os.path.realpath(path))
    folder = target.parent
    mode = None if info is None else stat.S_IMODE(info.st_mode)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some systems cannot open a folder, which is fine."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
