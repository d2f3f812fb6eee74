"""Make the sample briefing sheets in this folder, with the real commands.

    python examples/conference-2026/briefings/make.py            # sheets (HTML and Markdown)
    python examples/conference-2026/briefings/make.py --screenshot  # and phone screenshots

The delegates, mandates, pledges and lines are the example conference's
(`examples/conference-2026/`). Its card votes name motion ids (`cv01-nec-election-ready`, ...)
whose files are not written yet; the agenda that exists, `examples/agenda-2026/`, numbers its
own 27 card votes in each motion's `Card vote:` line. So this script builds a whip book in a
temporary folder whose card votes are the agenda's (title: the first motion's; motions: every
motion file carrying that number), with the conference's lines, mandates and pledges on those
numbers, and then runs `motions brief` on it for three delegates (with the agenda's past
decisions, for the three-year rule).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFERENCE = HERE.parent
ROOT = CONFERENCE.parent.parent
AGENDA = ROOT / "examples" / "agenda-2026"

#: Three delegates: Jade Price, whose CLP (Dunby) mandates a vote for CV1 where Forward says
#: oppose; Amir Kaur, whose CLP mandates against CV4 where Forward asks for a remit; and Zoe
#: Brennan, one of Eagleby's delegates, one of whom is not attending.
DELEGATES = ("D0675", "D0437", "D0712")


def motions(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "motions", *args], check=True)


def brief(*args: str) -> None:
    """`motions brief ...`, run in this process (registered here if the CLI does not yet)."""
    from motions.cli.app import main as root

    if "brief" not in root.commands:
        from motions.cli.brief import register

        register(root)
    root.main(["brief", *args], prog_name="motions", standalone_mode=False)


def card_votes_toml(out: Path) -> int:
    from motions.brief.agenda import read_agenda
    from motions.whip.cardvotes import dump_card_votes
    from motions.whip.model import CardVote

    by_number: dict[int, list[tuple[str, str]]] = {}
    for item in read_agenda([AGENDA]):
        number = item.motion.header.card_vote
        if number and number.isdigit():
            title = item.motion.header.title or item.id
            by_number.setdefault(int(number), []).append((item.id, title))
    votes = tuple(
        CardVote(number=n, title=items[0][1], motions=tuple(i for i, _ in items))
        for n, items in sorted(by_number.items())
    )
    out.write_text(dump_card_votes(votes), encoding="utf-8")
    return max(by_number)


def recommendations_toml(source: Path, out: Path, last: int) -> None:
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    lines = [f"faction = {json.dumps(data['faction'])}", ""]
    for rec in data["recommendation"]:
        if int(str(rec["card_vote"]).removeprefix("CV")) > last:
            continue
        lines += [
            "[[recommendation]]",
            f"card_vote = {json.dumps(rec['card_vote'])}",
            f"line = {json.dumps(rec['line'])}",
            f"reason = {json.dumps(rec.get('reason', ''))}",
            "",
        ]
    out.write_text("\n".join(lines), encoding="utf-8")


def filtered_csv(source: Path, out: Path, last: int) -> None:
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("card_vote")
    kept = [rows[0]] + [r for r in rows[1:] if int(r[column].removeprefix("CV")) <= last]
    with out.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(kept)


def build_book(work: Path) -> Path:
    book = work / "whip.sqlite"
    last = card_votes_toml(work / "card-votes.toml")
    for faction in ("forward", "grassroots"):
        recommendations_toml(
            CONFERENCE / f"recommendations-{faction}.toml", work / f"rec-{faction}.toml", last
        )
    for name in ("mandates.csv", "pledges.csv"):
        filtered_csv(CONFERENCE / name, work / name, last)
    motions("whip", "init", "--book", str(book), "--faction", "Forward")
    motions(
        "whip", "import", "--book", str(book),
        "--delegations", str(CONFERENCE / "delegations.csv"),
        "--delegates", str(CONFERENCE / "delegates.csv"),
        "--card-votes", str(work / "card-votes.toml"),
        "--mandates", str(work / "mandates.csv"), "--pledges", str(work / "pledges.csv"),
        "--recommendations", str(work / "rec-forward.toml"),
        "--recommendations", str(work / "rec-grassroots.toml"),
    )  # fmt: skip
    return book


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", action="store_true", help="also the phone screenshot")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = build_book(work)
        who = [arg for d in DELEGATES for arg in ("--delegate", d)]
        common = ["--book", str(book), "--agenda", str(AGENDA), "--whip", "Forward"]
        common += ["--decisions", str(AGENDA / "decisions.toml")]
        for fmt in ("html", "md"):
            brief(*common, "-o", str(HERE), "--format", fmt, *who)
        if args.screenshot:
            sys.path.insert(0, str(ROOT / "tests" / "brief"))
            from brief_browser import Browser, find_chromium

            sheet = HERE / "jade-price.html"
            with Browser(find_chromium()) as browser:
                for name, fragment in (("phone.png", ""), ("phone-cv1.png", "#cv1")):
                    page = browser.open(
                        sheet.as_uri() + fragment, width=390, height=844, mobile=True
                    )
                    (HERE / name).write_bytes(page.screenshot())


if __name__ == "__main__":
    main()
