"""Effects resolved in worker processes give the same check as in one process; a worker that
fails is our error (exit status 2), never a traceback or a hang."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conflict_support import invoke

from motions.book.rulebook import Rulebook
from motions.conflicts import Code, check, interactions, parallel
from motions.conflicts.check import analyse
from motions.drafting.motion import Motion
from motions.drafting.reader import parse_motion
from motions.errors import MotionsError

AGENDA = Path("examples/agenda-2026")
GOLDEN = Path("tests/golden")

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="the effects go to workers only where processes fork",
)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers from two motions (and two pairs to verify) on, three a task: several tasks on
    a small agenda."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "BATCH", 3)
    monkeypatch.setattr(interactions, "VERIFY_IN_WORKERS_FROM", 2)
    monkeypatch.setattr(interactions, "VERIFY_BATCH", 3)


@pytest.fixture(params=[None, 2], ids=["one-set-of-workers", "fresh-workers"])
def fresh(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways of running the tasks: one set of workers, or fresh ones every two tasks."""
    monkeypatch.setattr(parallel, "FRESH_EVERY", request.param)


def _header(n: int, count: int) -> str:
    return f"Title: Motion {n}\nProposer: Branch {n} CLP\nCard vote: {n + 1}\n"


def generated(book: Rulebook, header: Callable[[int, int], str] = _header) -> list[Motion]:
    """An agenda against the model book that collides, falls, renumbers and inserts: every
    fourth motion edits one of a few popular provisions, others delete and insert provisions.
    `header(n, count)`: the header of the nth motion of count."""
    provisions = [p for p in book.numbered() if len(p.text.split()) >= 6]
    hot = provisions[::40][:5]
    motions = []
    chosen = provisions[::7]
    for n, provision in enumerate(chosen):
        target = hot[n % len(hot)] if n % 4 == 0 else provision
        where = target.address.long()
        words = target.text.split()
        phrase = " ".join(words[1:3]).strip(".,;:'\"()")
        if n % 11 == 5 and target.address.depth >= 3:
            operation = f"Delete {where} and renumber accordingly."
        elif n % 3 == 0:
            operation = f"{where}: at the end add ', and the members agree'."
        elif "'" in phrase or not phrase:
            operation = f"{where}: at the end add ', subject to notice'."
        else:
            new = "branch officers" if n % 8 == 4 else f"officers of {n} branches"
            operation = f"{where}: delete '{phrase}' and insert '{new}'."
        text = f"{header(n, len(chosen))}\n{operation}\n"
        motions.append(parse_motion(text, filename=f"{n:03d}.motion"))
    return motions


def test_workers_give_the_findings_of_one_process(
    model: Rulebook, small_batches: None, fresh: None
) -> None:
    motions = generated(model)
    assert len(motions) > 3 * parallel.BATCH
    here = check(model, motions, workers=1)
    there = check(model, motions, workers=2)
    # An agenda with something of every kind between motions to find.
    assert {f.code for f in here.findings} >= {
        Code.COLLISION, Code.FALLS, Code.COMPATIBLE, Code.DUPLICATE, Code.BROKEN_REFERENCE,
        Code.RENUMBERING_SHIFT,
    }  # fmt: skip
    assert there.findings == here.findings
    assert there.entries == here.entries
    assert there.carried == here.carried
    assert there.carried is not None and here.carried is not None
    assert there.carried.rulebook == here.carried.rulebook


def _reordered(n: int, count: int) -> str:
    """Card votes against the agenda's order (the last motion first), a few shared, and one
    NEC motion."""
    vote = count - n if n % 5 else n % 3 + 1
    who = "Proposer: NEC\nPackage: 1" if n == count // 2 else f"Proposer: Branch {n} CLP"
    return f"Title: Motion {n}\n{who}\nCard vote: {vote}\n"


def test_carried_as_the_effects_arrive_in_precedence_order(
    model: Rulebook, small_batches: None
) -> None:
    """The check carries each motion as its effect comes back from a worker, in precedence
    order: with card votes against the agenda's order, an NEC motion among them and identical
    motions sharing a card vote (one decision), the same as carried after, in one process."""
    motions = generated(model, _reordered)
    motions.append(motions[10])  # the same motion twice: one card vote, one decision
    here = check(model, motions, workers=1)
    there = check(model, motions, workers=2)
    agenda = analyse(model, motions, workers=1)
    order = agenda.ordered(range(len(motions)))
    nec = [i for i, m in enumerate(motions) if m.header.is_nec]
    assert len(nec) == 1 and order[0] == nec[0]
    assert list(order) != sorted(order)
    assert here.carried is not None and there.carried is not None
    assert len(motions) - 1 in here.carried.applied or any(
        d.code == "carried-same-card-vote"
        for i, ds in here.carried.failed
        if i == len(motions) - 1
        for d in ds
    )
    assert there.carried == here.carried
    assert there.carried.rulebook == here.carried.rulebook
    assert there.findings == here.findings


def test_worker_effects_keep_their_outcomes_and_share_the_book(
    model: Rulebook, small_batches: None
) -> None:
    motions = generated(model)
    here = analyse(model, motions, workers=1)
    there = analyse(model, motions, workers=2)
    assert there.references is not None  # found by a worker
    assert here.references is None
    for mine, theirs in zip(here.effects, there.effects, strict=True):
        assert theirs == mine
        assert theirs.subtrees == mine.subtrees
        assert theirs.outcome == mine.outcome
        if theirs.outcome is not None and mine.outcome is not None:
            walked = zip(
                (p for s in mine.outcome.subtrees for p in s.walk()),
                (p for s in theirs.outcome.subtrees for p in s.walk()),
                strict=True,
            )
            for inner_mine, inner_theirs in walked:
                # What is the book's own object here is the book's own object there.
                own = model.get(inner_mine.address)
                assert (inner_theirs is own) == (inner_mine is own)
                assert inner_theirs.span == inner_mine.span
                if own is not None and inner_mine.span is own.span:
                    assert inner_theirs.span is own.span


def test_addresses_come_back_as_the_book_s_own(model: Rulebook, small_batches: None) -> None:
    """Every address an effect from a worker holds that the book has is the book's own object
    (sent as its number); one the book lacks comes back equal, with the book's scheme."""
    motions = generated(model)
    there = analyse(model, motions, workers=2)
    own = {a: a for a in model.addresses()}
    seen = 0
    for effect in there.effects:
        for address in (*effect.addressed, *(a for a, _ in effect.spans), *effect.removed):
            seen += 1
            assert address is own[address]
        for old, _ in effect.renumbering:
            seen += 1
            assert old is own[old]
        inside = (
            (p.address for s in effect.outcome.subtrees for p in s.walk()) if effect.outcome else ()
        )
        for address in inside:
            if address in own:
                assert address is own[address]
            else:  # a new provision's
                assert address.scheme is model.scheme
    assert seen > 100
    assert there.references is not None
    assert all(r.source is own[r.source] for r in there.references)
    labels = model.children[0].address.child("Z9")  # not in the book: sent by its parts
    back = parallel.loads(parallel.dumps((labels,), model), ())
    with pytest.raises(IndexError):  # a book address needs the book's addresses
        parallel.loads(parallel.dumps(model.children[0].address, model), ())
    assert back[0] == labels and back[0].scheme is model.scheme


def test_pack_shares_untouched_provisions(model: Rulebook) -> None:
    top = model.children[1]
    assert parallel.pack(top, model) == top.address
    assert parallel.unpack(parallel.pack(top, model), model) is top
    changed = top.with_text(top.text + " and more")
    packed = parallel.pack(changed, model)
    assert isinstance(packed, tuple)
    back = parallel.unpack(packed, model)
    assert back == changed
    assert back.span is top.span
    assert all(a is b for a, b in zip(back.children, top.children, strict=True))


def test_the_golden_agenda_through_workers(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None
) -> None:
    monkeypatch.chdir(repo_root)
    files = sorted(str(p) for p in AGENDA.glob("*.motion"))
    args = ["check", "--decisions", str(AGENDA / "decisions.toml"), "--verbose", "--no-colour"]
    for fmt, suffix in (("text", "txt"), ("json", "json")):
        result = invoke([*args, "--format", fmt], files)
        assert result.exit_code == 1
        assert result.output == (GOLDEN / f"agenda-2026.{suffix}").read_text(encoding="utf-8")


def _raises(*args: object) -> None:
    raise RuntimeError("boom in a worker")


def _dies(*args: object) -> None:
    os._exit(3)


@pytest.mark.parametrize("fault", [_raises, _dies])
@pytest.mark.parametrize("where", [(parallel, "effect_of"), (interactions, "both_orders")])
def test_a_failing_worker_is_our_error(
    model: Rulebook,
    small_batches: None,
    fresh: None,
    monkeypatch: pytest.MonkeyPatch,
    fault: object,
    where: tuple[object, str],
) -> None:
    """In the workers that resolve each motion, and in those that verify pairs."""
    motions = generated(model)
    monkeypatch.setattr(*where, fault)
    with pytest.raises(MotionsError) as caught:
        check(model, motions, workers=2)
    [problem] = caught.value.diagnostics
    assert problem.code == "check-worker-failed"
    assert ("boom in a worker" in problem.message) == (fault is _raises)
    assert problem.hint and "bug in motions" in problem.hint


def test_the_rest_of_the_report_is_worked_out_while_workers_verify_pairs(
    model: Rulebook, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edition all carried, the single-motion and numbering findings and the entries are
    worked out in this process while the workers verify pairs (once, with the workers'
    tasks handed out), and after the verification when there are no workers; an error of
    that work is its own, not a worker's."""
    checking = importlib.import_module("motions.conflicts.check")
    during: list[bool] = []
    original = checking._Rest.__call__

    def spy(self: Any) -> None:
        during.append(parallel._WORK is not None)  # set while forked workers work
        original(self)

    monkeypatch.setattr(checking._Rest, "__call__", spy)
    motions = generated(model)
    there = check(model, motions, workers=2)
    assert during == [True]
    here = check(model, motions, workers=1)
    assert during == [True, False]
    assert there.findings == here.findings and there.entries == here.entries
    assert there.carried == here.carried

    def broken(*args: object) -> list[object]:
        raise RuntimeError("boom while the workers verify")

    monkeypatch.setattr(checking, "admissible", broken)
    with pytest.raises(RuntimeError, match="boom while the workers verify"):
        check(model, motions, workers=2)


def test_a_worker_dying_while_tasks_are_handed_out_is_our_error(
    model: Rulebook, small_batches: None, fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies on its first task can break the pool before the later tasks are
    all submitted (seen on a loaded machine): `submit` itself then raises. Made certain here
    by a pool whose second `submit` finds it broken."""
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    class BreaksOnSecondSubmit(concurrent.futures.ProcessPoolExecutor):
        submitted = 0

        def submit(self, *args: Any, **kwargs: Any) -> Any:
            BreaksOnSecondSubmit.submitted += 1
            if BreaksOnSecondSubmit.submitted == 2:
                raise BrokenProcessPool("A child process terminated abruptly")
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", BreaksOnSecondSubmit)
    with pytest.raises(MotionsError) as caught:
        check(model, generated(model), workers=2)
    [problem] = caught.value.diagnostics
    assert problem.code == "check-worker-failed"
    assert "BrokenProcessPool" in problem.message
    assert BreaksOnSecondSubmit.submitted >= 2


def test_a_failing_worker_exits_2_without_a_traceback(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None
) -> None:
    monkeypatch.chdir(repo_root)
    monkeypatch.setattr(parallel, "effect_of", _raises)
    files = sorted(str(p) for p in AGENDA.glob("*.motion"))
    result = invoke(["check", "--no-colour", "--jobs", "2"], files)
    assert result.exit_code == 2
    assert "check-worker-failed" in result.output
    assert "Traceback" not in result.output


def test_jobs_1_reads_and_checks_in_this_process(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None
) -> None:
    """`motions check --jobs 1`: the files are read in this process too, so no worker is
    forked at all, and the report is the golden one."""
    monkeypatch.chdir(repo_root)
    real = parallel.forked_map

    def no_forking(*args: object) -> object:
        if args[4] != 1:  # the workers asked for
            raise AssertionError(f"{args[4]} workers asked for")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "forked_map", no_forking)
    files = sorted(str(p) for p in AGENDA.glob("*.motion"))
    args = ["check", "--decisions", str(AGENDA / "decisions.toml"), "--verbose", "--no-colour"]
    result = invoke([*args, "--jobs", "1"], files)
    assert result.exit_code == 1, result.output
    assert result.output == (GOLDEN / "agenda-2026.txt").read_text(encoding="utf-8")
    assert invoke([*args, "--jobs", "0"], files).exit_code == 2


def test_the_check_forks_workers_only_when_asked(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None
) -> None:
    """By default `motions check` reads a large agenda in workers but checks it here (forked
    checkers each copy most of this process's memory: `check.CHECK_WORKERS`); `--jobs 2`
    checks in two. The report is the golden one either way."""
    monkeypatch.chdir(repo_root)
    real = parallel.forked_map
    asked: list[int] = []

    def counted(*args: Any) -> object:
        asked.append(args[4])  # the workers asked for
        return real(*args)

    monkeypatch.setattr(parallel, "forked_map", counted)
    files = sorted(str(p) for p in AGENDA.glob("*.motion"))
    args = ["check", "--decisions", str(AGENDA / "decisions.toml"), "--verbose", "--no-colour"]
    golden = (GOLDEN / "agenda-2026.txt").read_text(encoding="utf-8")
    result = invoke(args, files)
    assert (result.exit_code, result.output) == (1, golden)
    assert asked and set(asked) == {1}, asked  # the effects and the pairs, both here
    asked.clear()
    result = invoke([*args, "--jobs", "2"], files)
    assert (result.exit_code, result.output) == (1, golden)
    assert asked and set(asked) == {2}, asked
