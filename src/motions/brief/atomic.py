"""Writing files whole or not at all, many at a time.

Each file goes to a temporary file beside its target and is renamed over it only once its
bytes are on disk, so a full disk, a crash or a kill never leaves a sheet half written and
never loses the old one. Syncing each file on its own costs one journal commit per file (about
10 ms on an ordinary disk: 14 s for 1,400 sheets), so files are staged and made durable
together: one sync of the file system for a batch (`syncfs`, where the C library has it; else
`os.sync`), then the renames, then each folder synced.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import tempfile
from pathlib import Path
from types import TracebackType

#: Files staged before they are synced and renamed together.
BATCH = 256


class Staging:
    """Files written beside their targets, renamed over them by `commit` (all staged so far),
    or removed by `abort`; used as a context manager, it commits on success and aborts on any
    exception, so a target is either its old self or its new self, never a mixture."""

    def __init__(self, batch: int = BATCH) -> None:
        self.batch = batch
        self.staged: list[tuple[str, Path]] = []

    def stage(self, target: Path, data: bytes) -> None:
        """Write `data` into a new file beside `target` (committing the batch when full)."""
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self.staged.append((temporary, target))
        if len(self.staged) >= self.batch:
            self.commit()

    def commit(self) -> None:
        """Make every staged file durable, then rename each over its target."""
        if not self.staged:
            return
        _sync_file_system(self.staged[0][1].parent)
        folders = set()
        while self.staged:
            temporary, target = self.staged[0]
            os.replace(temporary, target)
            self.staged.pop(0)
            folders.add(target.parent)
        for folder in folders:
            _sync_folder(folder)

    def abort(self) -> None:
        """Remove every staged file; their targets are left as they were."""
        for temporary, _ in self.staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        self.staged.clear()

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            try:
                self.commit()
            except BaseException:
                self.abort()
                raise
        else:
            self.abort()


def _sync_file_system(folder: Path) -> None:
    """Flush every written file on the file system holding `folder` to disk: `syncfs(2)` on
    Linux (only that file system, not every disk of a busy machine), else `os.sync`."""
    try:
        syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    except (OSError, TypeError):  # no C library to ask (Windows)
        syncfs = None
    if syncfs is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    os.sync()


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (where the system allows a folder to be synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(target: Path, data: bytes) -> None:
    """Write one file whole or not at all."""
    with Staging() as staging:
        staging.stage(target, data)
