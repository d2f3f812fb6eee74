"""Count fuzz failures per boundary (for the notes; not a test): `python
tests/fuzz/count_failures.py LIBRARY_INPUTS CLI_INPUTS` prints JSON, boundary by boundary: how
many inputs ran and how many failed. A failure is an exception outside the MotionsError family
(library calls), or an escaped exception or an internal error, exit 70 (command line). Run it
with PYTHONPATH pointing at another checkout's src/ to count an older tree the same way.
"""

# ruff: noqa
# mypy: ignore-errors
import os, sys, shutil, tempfile, time, json
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
AGENDA = str(HERE.parents[1] / "examples" / "agenda-2026")
from fuzz_support import mutated, inputs, example_texts
from hypothesis import given, settings, HealthCheck
from hypothesis import strategies as st
import motions
from motions.errors import MotionsError
from motions import load_rulebook, parse_rulebook
from motions.book.references import find_references
from motions.book.text import render_rulebook
from motions.book.numbering import parse_scheme
from motions.drafting.reader import parse_motion
from motions.drafting.apply import apply
from motions.conflicts import check
from motions.conflicts.decisions import parse_decisions
from motions.render import motion as rm
from motions.whip import (
    parse_card_votes,
    parse_delegates,
    parse_delegations,
    parse_mandates,
    parse_pledges,
    parse_recommendations,
)
from click.testing import CliRunner
from motions.cli import main

print("motions from", motions.__file__, file=sys.stderr)
N = int(sys.argv[1])
NC = int(sys.argv[2])
model = load_rulebook()
counts = {}


def S(n):
    return settings(
        max_examples=n,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


def lib(name, fn, strat, n=N):
    c = counts.setdefault(name, {"inputs": 0, "failures": 0, "kinds": {}})

    @given(strat)
    @S(n)
    def run(x):
        c["inputs"] += 1
        try:
            fn(x)
        except MotionsError:
            pass
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            c["failures"] += 1
            k = type(e).__name__
            c["kinds"][k] = c["kinds"].get(k, 0) + 1

    run()


def cli(name, argv_of, strat, n=NC, env=None):
    c = counts.setdefault(name, {"inputs": 0, "failures": 0, "kinds": {}})

    @given(strat)
    @S(n)
    def run(x):
        c["inputs"] += 1
        argv = argv_of(x)
        r = CliRunner().invoke(main, argv, env=env)
        bad = None
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            bad = type(r.exception).__name__
        elif r.exit_code == 70:
            bad = "exit70:" + (
                r.stderr.split("internal error: ")[-1].split(":")[0]
                if "internal error" in r.stderr
                else ""
            )
        if bad:
            c["failures"] += 1
            c["kinds"][bad] = c["kinds"].get(bad, 0) + 1

    run()


BOOKS = example_texts("editions/rulebook-*.txt")


def book(t):
    b = parse_rulebook(t, filename="f")
    parse_rulebook(render_rulebook(b))
    find_references(b)


lib("rule-book source", book, inputs(BOOKS))
CIT = (
    "Chapter 4, Clause II, rule 2.B.i",
    "C4.II.2.B.i",
    "Rule 5.4.1",
    "rules 2 to 11 below",
    "Chapters 1, 2 or 6",
    "C9 (A).I.1",
    "Chapter 4, Clause II, Section 2, Subsection B, (i) (page 14)",
    "this clause",
    "3.III.2.2",
)
ctx = model["C4.II.2"].address
from motions.book.address import parse_reference


def cite(t):
    parse_reference(t, scheme=model.scheme, context=ctx)
    model[t]


lib("citations", cite, st.one_of(st.text(max_size=60), mutated(CIT)))
from motions.resources import read_text

lib("numbering schemes", parse_scheme, inputs((read_text("rulebook", "schemes", "labour.toml"),)))
MOT = example_texts("motions/*.motion", "agenda-2026/*.motion")


def mot(t):
    m = parse_motion(t, filename="f", scheme=model.scheme)
    a = apply(model, m)
    rm.report_text(a)
    rm.report_json([a])


lib("motions", mot, inputs(MOT))


def agenda(ts):
    ms = []
    for t in ts:
        try:
            ms.append(parse_motion(t, filename="f", scheme=model.scheme))
        except MotionsError:
            pass
    check(model, ms)


lib("agendas (check)", agenda, st.lists(mutated(MOT), min_size=2, max_size=4), n=max(20, N // 6))
DEC = example_texts("agenda-2026/decisions.toml")
lib(
    "past decisions",
    lambda t: parse_decisions(t, filename="d.toml", scheme=model.scheme),
    inputs(DEC),
)
C = "conference-2026/"
for kind, fn, pat in [
    ("delegations", parse_delegations, "delegations.csv"),
    ("delegates", parse_delegates, "delegates.csv"),
    ("pledges", parse_pledges, "pledges.csv"),
    ("mandates", parse_mandates, "mandates.csv"),
    ("card-votes", parse_card_votes, "card-votes.toml"),
    ("recommendations", parse_recommendations, "recommendations-*.toml"),
]:
    lib(
        f"whip {kind} reader",
        lambda t, fn=fn: fn(t, "f"),
        inputs(example_texts(C + pat, limit=3000)),
    )
tmp = Path(tempfile.mkdtemp())
tb = tmp / "t.sqlite"
r = CliRunner().invoke(main, ["whip", "init", "--book", str(tb), "--faction", "Forward"])
assert r.exit_code == 0, r.output
heads = {}
for kind, pat in [
    ("delegations", "delegations.csv"),
    ("delegates", "delegates.csv"),
    ("card-votes", "card-votes.toml"),
]:
    p = tmp / kind
    p.write_text(example_texts(C + pat, limit=3000)[0])
    heads[kind] = p
r = CliRunner().invoke(
    main,
    ["whip", "import", "--book", str(tb)] + sum([[f"--{k}", str(v)] for k, v in heads.items()], []),
)
assert r.exit_code == 0, r.output
for kind, pat in [
    ("delegations", "delegations.csv"),
    ("pledges", "pledges.csv"),
    ("card-votes", "card-votes.toml"),
    ("recommendations", "recommendations-*.toml"),
]:

    def argv_of(t, kind=kind):
        b = tmp / "b.sqlite"
        shutil.copy(tb, b)
        d = tmp / "d.in"
        d.write_text(t, encoding="utf-8", errors="surrogatepass")
        return ["whip", "import", "--book", str(b), f"--{kind}", str(d)]

    cli(f"whip import --{kind} (CLI)", argv_of, inputs(example_texts(C + pat, limit=3000)))
W = st.sampled_from(
    (
        "D0001",
        "Bea Quinn",
        "BEA QUINN",
        "CV1",
        "CV１",
        "CV1__0",
        "CV9223372036854775808",
        "CV" + "9" * 5000,
        "for",
        "against",
        "0.5",
        "",
        " ",
        "\udcff",
    )
)


def pledge_argv(ws):
    b = tmp / "p.sqlite"
    shutil.copy(tb, b)
    return ["whip", "pledge", "--book", str(b), *ws]


cli("whip pledge (CLI)", pledge_argv, st.lists(st.one_of(W, st.text(max_size=8)), max_size=4))


def show_argv(ws):
    return ["whip", "show", "--book", str(tb), *ws]


cli("whip show (CLI)", show_argv, st.lists(st.one_of(W, st.text(max_size=8)), max_size=2))
V = st.one_of(
    st.sampled_from(("D0001", "Bea Quinn", "Forward", "", " ", "9" * 5000, "../x")),
    st.text(max_size=10),
)


def brief_argv(x):
    d, w, f = x
    o = Path(tempfile.mkdtemp(dir=tmp))
    return [
        "brief",
        "--book",
        str(tb),
        "--agenda",
        AGENDA,
        "--whip",
        w,
        "-o",
        str(o / "s"),
        "--delegate",
        d,
        "--format",
        f,
    ]


cli(
    "brief options (CLI)",
    brief_argv,
    st.tuples(V, V, st.sampled_from(("html", "md", "site", "x"))),
    n=max(10, NC // 3),
)


def cite_cli(t):
    return ["show", t]


cli("show CITATION (CLI)", cite_cli, st.one_of(st.text(max_size=40), mutated(CIT)))
print(json.dumps(counts, indent=1))
