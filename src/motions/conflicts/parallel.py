"""What each motion does on its own, worked out in worker processes for a large agenda.

Each motion's `Effect` (the motion applied alone to the subtrees it touches) depends on the
book and that motion only, so on an agenda of thousands the effects are computed by worker
processes, a contiguous run of motions each, while one of them also scans the book for its
cross-references (what `citations.Numbering` needs and nothing else computes). Everything that
compares motions with each other stays in this process.

The workers are forked: they inherit the book and the parsed motions as they are in memory
(nothing is sent to them but two indexes), and send back only the effects. An effect's
`Outcome` holds the amended subtrees, whose untouched descendants are the book's own
provisions; they travel as their address and are looked up again here (`pack`, `unpack`), so
the result shares them with the book exactly as an effect computed here does, and the messages
stay small. Where processes cannot be forked (Windows, macOS's default), or the book's scheme is
not one that travels by reference, the effects are computed here: the findings are the same
either way (tested).

`forked_map` is the same machinery for other independent work (`interactions` verifies
pairs of motions in both orders with it). A worker that fails (an exception in the checker,
or a worker killed) becomes a `MotionsError`, never a traceback or a hang.

The price is memory. A forked worker shares the parent's pages only until it writes to one,
and CPython writes an object's reference count whenever it is read, so each worker ends up
with its own copy of every page it reads from: at 100,000 motions the parent and its workers
together peaked at about twice the memory of the check in one process, for a check about a
fifth sooner (issue 15's note). So a check uses workers only when asked
(`check(..., workers=2)`, `motions check --jobs 2`: `check.CHECK_WORKERS`).
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from motions.book.address import Address
from motions.book.location import address_of
from motions.book.references import CrossReference
from motions.book.rulebook import Provision, Rulebook, provision_of
from motions.conflicts.citations import book_references
from motions.conflicts.effects import Effect, Outcome, effect_of
from motions.drafting.motion import Motion
from motions.errors import MotionsError, error

#: Fewer motions than this are resolved in this process: forking and sending the effects back
#: costs more than it saves (measured: about where the parse workers pay, too).
PARALLEL_FROM = 2_000
#: Motions per task: few enough messages, small enough that both workers finish together.
BATCH = 1_000

#: Tasks a worker does before a freshly forked one takes over (None: one set of workers for
#: all). A worker's memory grows with every page of the parent it reads (see above), and a
#: fresh one starts again from nothing of its own; but every fork makes the parent's pages
#: shared again, and both sides then pay a page fault and a copy for each page they write.
#: Measured at 100,000 motions with 2: the peak of all processes 1,128 MiB instead of 2,025,
#: the check's CPU 112 s instead of 62 (68 s of it in the kernel): off by default.
FRESH_EVERY: int | None = None

#: What a forked worker reads: the book and the motions, or the agenda (set before forking).
_WORK: Any = None

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

#: A packed provision: the book's own (its address), or its fields with packed children.
Packed = Address | tuple[Any, ...]
#: A packed span: the book's provision's own span at that address.
_BOOK_SPAN = "="


def pack(provision: Provision, book: Rulebook) -> Packed:
    """`provision` with every part that is the book's own object replaced by its address."""
    own = book.get(provision.address)
    if own is provision:
        return provision.address
    span: object = provision.span
    if own is not None and span is own.span and span is not None:
        span = _BOOK_SPAN
    return (
        provision.address,
        provision.label,
        provision.heading,
        provision.text,
        tuple(pack(child, book) for child in provision.children),
        span,
        provision.page,
        provision.closing,
    )


def unpack(packed: Packed, book: Rulebook) -> Provision:
    """The provision `pack` packed, sharing the book's own objects again."""
    if isinstance(packed, Address):
        found = book.get(packed)
        assert found is not None, packed
        return found
    address, label, heading, text, children, span, page, closing = packed
    if span == _BOOK_SPAN:
        own = book.get(address)
        assert own is not None, address
        span = own.span
    kids = tuple(unpack(child, book) for child in children)
    return provision_of(address, label, heading, text, kids, span, page, closing)


#: An effect as it travels: its fields but the last two, its outcome's fields with the subtrees
#: packed (None: no outcome), and the subtrees' addresses.
PackedEffect = tuple[tuple[Any, ...], tuple[Any, ...] | None, frozenset[Address] | None]


def _packed_effect(effect: Effect, book: Rulebook) -> PackedEffect:
    """`effect` as fields, its outcome's subtrees packed: built once, where it arrives (an
    `Effect` and its `Outcome` pickled as values would be built twice there, once as read
    and once with the subtrees unpacked)."""
    e = effect
    fields = (
        e.applies, e.diagnostics, e.spans, e.deleted, e.replaced, e.slots, e.renumbering,
        e.addressed, e.inserted, e.redlines, e.signature,
    )  # fmt: skip
    o = e.outcome
    if o is None:
        return fields, None, e.subtrees
    packed = tuple(pack(p, book) for p in o.subtrees)
    return fields, (o.applied, o.errors, packed, o.renumbering, o.kinds), e.subtrees


def _unpacked_effect(packed: PackedEffect, book: Rulebook) -> Effect:
    fields, packed_outcome, subtrees = packed
    outcome = None
    if packed_outcome is not None:
        applied, errors, trees, renumbering, kinds = packed_outcome
        provisions = tuple(unpack(p, book) for p in trees)
        outcome = Outcome(applied, errors, provisions, renumbering, kinds)
    (applies, diagnostics, spans, deleted, replaced, slots, moves, addressed, inserted, redlines,
     signature) = fields  # fmt: skip
    return Effect(
        applies, diagnostics, spans, deleted, replaced, slots, moves, addressed, inserted,
        redlines, signature, outcome, subtrees,
    )  # fmt: skip


def _book_address(number: int) -> Address:
    """Never called: `_Unpickler` puts the book's own addresses in its place."""
    raise AssertionError(f"book address {number} read without the book")


class _Numbers:
    """The position of each address in the book's index (its document order), built once per
    worker process (the parent needs only the addresses in order: `Rulebook.addresses`)."""

    book: ClassVar[Rulebook | None] = None
    numbers: ClassVar[dict[Address, int]] = {}

    @classmethod
    def of(cls, book: Rulebook) -> dict[Address, int]:
        if cls.book is not book:
            cls.numbers = {a: i for i, a in enumerate(book.addresses())}
            cls.book = book
        return cls.numbers


def dumps(value: object, book: Rulebook) -> bytes:
    """`value` pickled with every address that is one of the book's as its number.

    Most of what a worker sends back is addresses (every effect names, reads and writes
    several, and the packed subtrees travel as theirs). Sent as their number in the book's
    index and read back as the book's own `Address` object (`loads`), they cost nothing to
    rebuild and share the book's memory, as an effect computed in this process does (its
    addresses are the book's or the motion's). An address the book lacks (a new label, one a
    motion names that does not exist) is sent by its parts and built directly (the parts of a
    valid address). Only an address of the book's own scheme object is replaced: one that is
    equal but read under another scheme keeps it.
    """
    numbers = _Numbers.of(book)

    def reduce_address(address: Address) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        number = numbers.get(address)
        if number is not None and address.scheme is book.scheme:
            return _book_address, (number,)
        return address_of, (address.root, address.labels, address.scheme, address.at)

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {Address: reduce_address}
    pickler.dump(value)
    return buffer.getvalue()


class _Unpickler(pickle.Unpickler):
    """Reads what `dumps` wrote: a book address by its number is the book's own object."""

    def __init__(self, data: bytes, addresses: tuple[Address, ...]) -> None:
        super().__init__(io.BytesIO(data))
        self.addresses = addresses

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_book_address":
            return self.addresses.__getitem__
        return super().find_class(module, name)


def loads(data: bytes, addresses: tuple[Address, ...]) -> Any:
    """What `dumps` pickled, `addresses` being the book's (`Rulebook.addresses()`)."""
    return _Unpickler(data, addresses).load()


def _effects(
    work: tuple[Rulebook, Sequence[Motion], Sequence[int]], task: tuple[int, int] | None
) -> bytes:
    """In a worker: the packed effects of the motions at order[start:stop], pickled; for no
    range, the book's cross-references."""
    book, motions, order = work
    if task is None:
        return dumps(book_references(book), book)
    start, stop = task
    found = [_packed_effect(effect_of(book, motions[i]), book) for i in order[start:stop]]
    return dumps(found, book)


def can_fork(book: Rulebook) -> bool:
    """Whether workers can be forked and the book's addresses travel back as they are (the
    shipped schemes pickle as a reference to the one copy; another scheme would be copied into
    every address that came back)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return pickle.loads(pickle.dumps(book.scheme)) is book.scheme


def _failed(exc: BaseException) -> MotionsError:
    return MotionsError(
        error(
            "check-worker-failed",
            f"a worker process checking the motions failed ({type(exc).__name__}: {exc})",
            hint="this is a bug in motions, not in the motions; please report it "
            "(`motions check --jobs 1`, or `check(..., workers=1)`, checks in one process "
            "and shows where it fails)",
        )
    )


def _call(function: Callable[[Any, T], R], task: T) -> R:
    """In a worker: `function` on what the parent left in `_WORK` and one task."""
    # The collector is as the parent had it when it forked: off during a check, which makes
    # no reference cycles (`check.fewer_collections`); where it is on, the heap the worker
    # inherited is frozen (`forked_map`), so its collections traverse only what it made.
    return function(_WORK, task)


def forked_map(
    book: Rulebook,
    work: object,
    function: Callable[[Any, T], R],
    tasks: Sequence[T],
    workers: int,
    each: Callable[[R], S],
    meanwhile: Callable[[], None] | None = None,
) -> list[S] | None:
    """`each(function(work, task))` for each task, `function` in `workers` forked processes,
    `each` here as each result arrives (in order; a result is dropped once `each` has it);
    None if processes cannot be forked here (then the caller does the work itself, and
    `meanwhile` is not called).

    `meanwhile` is work of this process's own that does not need the results: it is done once
    the tasks are handed out, before the first result is read, on the CPU this process would
    otherwise leave idle while it waits.

    `work` is what the workers read (the book, the motions, the agenda): they inherit it by
    forking, so it is never sent. `function` must be a module-level function, and what it
    returns must be small: it is pickled back. A worker that raises, or dies, makes a
    `MotionsError`.
    """
    global _WORK
    if workers < 2 or not can_fork(book):
        return None
    # Imported here: a command that checks a few motions never loads multiprocessing's pools.
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    _WORK = work
    gc.freeze()  # forked workers then leave the inherited heap's pages unwritten by the collector
    step = len(tasks) if FRESH_EVERY is None else workers * FRESH_EVERY
    out: list[S] = []
    try:
        for first in range(0, len(tasks), max(1, step)):
            pool: ProcessPoolExecutor | None = None
            try:
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
                futures: list[Future[R] | None] = [
                    pool.submit(_call, function, task) for task in tasks[first : first + step]
                ]
            except (OSError, BrokenProcessPool) as exc:
                # No processes to be had (OSError); or a worker died on its first task while
                # the later ones were being handed out (on a loaded machine), which breaks
                # the pool before `submit` is done with it.
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                if first == 0 and isinstance(exc, OSError):
                    return None
                raise _failed(exc) from exc
            with pool:
                if meanwhile is not None and first == 0:
                    try:
                        meanwhile()
                    except BaseException:
                        for future in futures:
                            if future is not None:
                                future.cancel()
                        raise  # its own error, not the workers'
                try:
                    for i, future in enumerate(futures):
                        assert future is not None
                        out.append(each(future.result()))
                        futures[i] = None  # its result may go
                except Exception as exc:  # BrokenProcessPool among them: a worker died
                    for future in futures:
                        if future is not None:
                            future.cancel()
                    raise _failed(exc) from exc
        return out
    finally:
        _WORK = None
        gc.unfreeze()


def effects_in_workers(
    book: Rulebook,
    motions: Sequence[Motion],
    workers: int,
    order: Sequence[int] | None = None,
    arrived: Callable[[int, Effect], None] | None = None,
) -> tuple[tuple[Effect, ...], tuple[CrossReference, ...]] | None:
    """Every motion's effect, in order, and the book's cross-references, from `workers`
    forked processes; None if they cannot be used (then compute them here).

    The effects are worked out in runs of `order` (default: the agenda's), and as each run
    arrives, `arrived(index, effect)` is called here for each of its motions in that order:
    the check carries the agenda in precedence order while the workers are still resolving
    the motions after (`carried.Carrying`).

    The cross-references (one long task: every provision's text scanned) are asked for
    second. Asked for last, one worker was still scanning the book after the other had
    finished, with a CPU idle (measured at 40,000 motions: seconds); second, the first run of
    effects still comes back at once, and the runs that arrive while this process waits for
    the references are carried after them, faster than the workers make them.
    """
    if len(motions) < PARALLEL_FROM:
        return None
    sequence = tuple(range(len(motions))) if order is None else tuple(order)
    assert sorted(sequence) == list(range(len(motions))), "order: each motion once"
    tasks: list[tuple[int, int] | None] = [
        (i, min(i + BATCH, len(sequence))) for i in range(0, len(sequence), BATCH)
    ]
    tasks.insert(1, None)  # the cross-references
    addresses = book.addresses()
    effects: list[Effect | None] = [None] * len(motions)
    cursor = 0  # the runs come back in the order they were asked for

    def each(result: bytes) -> tuple[CrossReference, ...] | None:
        nonlocal cursor
        found = loads(result, addresses)
        if isinstance(found, tuple):  # the cross-references
            return found
        for packed in found:
            index = sequence[cursor]
            cursor += 1
            effects[index] = unpacked = _unpacked_effect(packed, book)
            if arrived is not None:
                arrived(index, unpacked)
        return None

    results = forked_map(book, (book, motions, sequence), _effects, tasks, workers, each)
    if results is None:
        return None
    [references] = [r for r in results if r is not None]
    assert cursor == len(motions)
    done = tuple(e for e in effects if e is not None)
    assert len(done) == len(motions)
    return done, references
