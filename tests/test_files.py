"""Atomic writes and bounded reads (`motions.files`): a failed write leaves the old file whole,
an input past its size limit, or one that never ends, is refused with our error."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from motions import files
from motions.cli import main
from motions.errors import MotionsError
from motions.files import (
    MB,
    MOTION_LIMIT,
    RULEBOOK_LIMIT,
    atomic_write_pieces,
    atomic_write_text,
    read_text_limited,
)

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = ROOT / "examples" / "motions" / "threshold.motion"
OLD = "the edition a user wrote last week\n" * 100


class _FullDisk:
    """A file handle whose writes fail with ENOSPC after `room` bytes, like a nearly full disk."""

    def __init__(self, handle: Any, room: int) -> None:
        self.handle = handle
        self.room = room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.handle.write(data[: self.room])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return int(self.handle.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def _fill_disk_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return _FullDisk(real_fdopen(fd, *args, **kwargs), room)

    monkeypatch.setattr("motions.files.os.fdopen", fdopen)


def _no_space(*_args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "book.txt"
    target.write_text(OLD, encoding="utf-8")
    atomic_write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["write", "fsync", "rename"])
def test_a_full_disk_leaves_the_old_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    target = tmp_path / "book.txt"
    target.write_text(OLD, encoding="utf-8")
    if where == "write":
        _fill_disk_after(monkeypatch, room=10)
    else:
        monkeypatch.setattr(
            f"motions.files.os.{'fsync' if where == 'fsync' else 'replace'}", _no_space
        )
    with pytest.raises(OSError) as caught:
        atomic_write_text(target, "something much longer than ten bytes\n" * 50)
    assert caught.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path) == []


def test_pieces_are_written_as_they_come_and_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pieces joined, in several writes (a batch of 7 characters here); non-ASCII kept."""
    monkeypatch.setattr(files, "PIECES_BATCH", 7)
    target = tmp_path / "edition.txt"
    target.write_text(OLD, encoding="utf-8")
    written: list[bytes] = []
    real_fdopen = os.fdopen

    class Recording(_FullDisk):
        def write(self, data: bytes) -> int:
            written.append(data)
            return super().write(data)

    monkeypatch.setattr(
        "motions.files.os.fdopen", lambda fd, *a, **k: Recording(real_fdopen(fd, *a, **k), 10**6)
    )
    pieces = [f"Clause {n} – £{n}\n" for n in range(20)]
    atomic_write_pieces(target, iter(pieces))
    assert target.read_text(encoding="utf-8") == "".join(pieces)
    assert len(written) == 20 and b"".join(written) == "".join(pieces).encode("utf-8")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["making a piece", "writing"])
def test_pieces_that_fail_leave_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A failure after some pieces were written (by the code making them, or a full disk)
    leaves the old file exactly as it was, and no temporary file."""
    monkeypatch.setattr(files, "PIECES_BATCH", 5)
    target = tmp_path / "edition.txt"
    target.write_text(OLD, encoding="utf-8")

    def pieces() -> Iterator[str]:
        for n in range(10):
            yield f"line {n}\n"
        if where == "making a piece":
            raise RuntimeError("the renderer failed")

    if where == "writing":
        _fill_disk_after(monkeypatch, room=30)
    with pytest.raises((RuntimeError, OSError)):
        atomic_write_pieces(target, pieces())
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path) == []


def test_atomic_write_keeps_permissions_and_writes_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(OLD, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
def test_a_device_is_written_into_never_replaced() -> None:
    atomic_write_text("/dev/null", "into the void\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    result = CliRunner().invoke(main, ["graph", str(THRESHOLD), "-o", "/dev/null"])
    assert result.exit_code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(
    "command",
    [
        ["apply", str(THRESHOLD), "-o", "{out}"],
        ["graph", str(THRESHOLD), "-o", "{out}"],
        ["check", str(THRESHOLD), "--edition", "{out}"],
    ],
    ids=["apply -o", "graph -o", "check --edition"],
)
def test_commands_on_a_full_disk_exit_2_and_keep_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    out = tmp_path / "out.txt"
    out.write_text(OLD, encoding="utf-8")
    _fill_disk_after(monkeypatch, room=100)
    result = CliRunner().invoke(main, [a.replace("{out}", str(out)) for a in command])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path) == []


def test_the_import_writer_goes_through_the_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`import -o` writes with `atomic_write_text` (the importer itself is replaced by a stub:
    reading a real PDF is the importers' tests' business)."""

    class _Book:
        title, edition = "T", "2026"

        def __len__(self) -> int:
            return 1

    class _Result:
        source, diagnostics, warnings, pages, rulebook = "Title: T\n", (), (), 1, _Book()

    out = tmp_path / "book.txt"
    out.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr("motions.cli.editions.import_file", lambda *a, **k: _Result())
    _fill_disk_after(monkeypatch, room=3)
    result = CliRunner().invoke(main, ["import", str(THRESHOLD), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert out.read_text(encoding="utf-8") == OLD and _leftovers(tmp_path) == []
    monkeypatch.undo()
    monkeypatch.setattr("motions.cli.editions.import_file", lambda *a, **k: _Result())
    assert CliRunner().invoke(main, ["import", str(THRESHOLD), "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == "Title: T\n"


def test_a_rule_book_over_the_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RULEBOOK_LIMIT.variable, "1")
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MB + 1)  # sparse: the size is there, the bytes are never read
    result = CliRunner().invoke(main, ["show", "C1", "--rulebook", str(big)])
    assert result.exit_code == 2
    assert "error[file-too-large]" in result.stderr and "1 MB limit" in result.stderr
    assert RULEBOOK_LIMIT.variable in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize(
    "command",
    [
        ["show", "C1", "--rulebook", "/dev/zero"],
        ["diff", "/dev/zero"],
        ["check", "/dev/zero", str(THRESHOLD)],
        ["diff", "/dev/zero", "/dev/zero"],
    ],
)
def test_dev_zero_gets_our_error(monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.setenv(RULEBOOK_LIMIT.variable, "2")
    monkeypatch.setenv(MOTION_LIMIT.variable, "2")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert "over the 2 MB limit" in result.stderr and "endless" in result.stderr


def test_limits_read_their_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.motion"
    path.write_bytes(b"\xef\xbb\xbfx" * 10)
    assert read_text_limited(path, MOTION_LIMIT).startswith("x\ufeffx")
    assert MOTION_LIMIT.bytes() == 8 * MB and RULEBOOK_LIMIT.bytes() == 64 * MB
    monkeypatch.setenv(MOTION_LIMIT.variable, "lots")
    with pytest.raises(MotionsError, match="limit-setting"):
        read_text_limited(path, MOTION_LIMIT)


def _stale_size(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """`os.fstat` as it was before the file grew: a regular file of `size` bytes."""
    real = os.fstat

    def fstat(descriptor: int) -> os.stat_result:
        info = list(real(descriptor))
        info[stat.ST_SIZE] = size
        return os.stat_result(info)

    monkeypatch.setattr(os, "fstat", fstat)


def test_a_file_that_grows_after_its_size_is_taken_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.motion"
    path.write_text("Title: x\n" * 1000, encoding="utf-8")
    _stale_size(monkeypatch, 10)
    assert read_text_limited(path, MOTION_LIMIT) == "Title: x\n" * 1000


def test_a_file_that_grows_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MOTION_LIMIT.variable, "1")
    path = tmp_path / "m.motion"
    path.write_bytes(b"x" * (MB + 10))
    _stale_size(monkeypatch, 10)
    with pytest.raises(MotionsError, match="growing"):
        read_text_limited(path, MOTION_LIMIT)
