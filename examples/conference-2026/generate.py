"""Generate the example whip book for a fictional 2026 conference, deterministically.

    python examples/conference-2026/generate.py [--seed 2026] [--out examples/conference-2026]

Every name here is invented: 650 CLPs of fictional towns, about 1,300 delegates, 12 fictional
affiliates, one card vote for each card vote of the agenda, two factions' lines, some CLP
mandates and a week's pledges on the first eight card votes. The same seed always writes the
same files, byte for byte.

The rule changes on the agenda are the drafting examples in `examples/agenda-2026/`, and the
card votes are theirs (title from the first motion, motion ids from the file names, as
`motions brief` reads them), so the book, the agenda and the briefing sheets agree. A line is
still drawn for 40 card votes, so that the seed's later draws (mandates, pledges) are
the ones the documentation quotes; the lines of card votes the agenda does not hold are not
written.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from pathlib import Path

from motions.drafting.reader import parse_motions
from motions.whip.entitlement import entitlement

AGENDA = Path(__file__).resolve().parent.parent / "agenda-2026"

CLPS = 650
DELEGATES = 1300
PLEDGED_CARD_VOTES = 8

# fmt: off
STEMS = (
    "Ash", "Bram", "Castle", "Dun", "Elm", "Fair", "Glen", "Hart", "Iron", "King", "Long",
    "Mill", "Nor", "Oak", "Pen", "Queens", "Red", "Stan", "Thorn", "Up", "Wey", "Wood",
    "Bright", "Cold", "Deer", "Eagle", "Fern", "Gold", "Holly", "Lark", "Marsh", "Net",
    "Orch", "Pine", "Rook", "Salt", "Tall", "Vale", "Wil", "Yew",
)
ENDINGS = (
    "ford", "bridge", "ham", "ton", "wick", "field", "by", "mouth", "ley", "stead", "well",
    "worth", "bury", "chester", "port", "dale", "hurst", "moor",
)
QUARTERS = ("North", "South", "East", "West", "Central")
FIRST = (
    "Aisha", "Alex", "Amir", "Ann", "Bea", "Ben", "Cara", "Chris", "Dan", "Deepa", "Ed", "Ella",
    "Femi", "Fran", "Gus", "Hana", "Ian", "Imran", "Jade", "Jo", "Kai", "Kim", "Leah", "Liam",
    "Mags", "Mo", "Nadia", "Ned", "Olu", "Orla", "Pat", "Priya", "Raj", "Rosa", "Sam", "Sian",
    "Tom", "Tara", "Umar", "Val", "Wes", "Yasmin", "Zak", "Zoe",
)
LAST = (
    "Adams", "Ahmed", "Bailey", "Banerjee", "Brennan", "Clarke", "Cohen", "Davies", "Doyle",
    "Evans", "Fraser", "Gill", "Green", "Hughes", "Hussain", "Jones", "Kaur", "Kelly", "Khan",
    "Lewis", "Lloyd", "Macleod", "Murphy", "Nowak", "Okafor", "Owen", "Patel", "Price", "Quinn",
    "Rahman", "Reid", "Roberts", "Shah", "Smith", "Taylor", "Thomas", "Walsh", "Ward", "Webb",
    "Williams", "Wright", "Young",
)
# fmt: on
AFFILIATES = (
    ("AFF01", "General Workers' Federation", 410_000, "Forward"),
    ("AFF02", "Public Services Alliance", 365_000, "Grassroots"),
    ("AFF03", "Industrial and Transport Union", 298_000, "Grassroots"),
    ("AFF04", "Shop and Distribution Workers", 254_000, "Forward"),
    ("AFF05", "Post and Telecom Union", 176_000, "Grassroots"),
    ("AFF06", "Builders and Crafts Union", 121_000, None),
    ("AFF07", "Rail and Sea Federation", 83_000, "Grassroots"),
    ("AFF08", "Bakers and Food Workers", 42_000, "Grassroots"),
    ("AFF09", "Firefighters' Guild", 31_000, None),
    ("AFF10", "Musicians and Performers", 18_000, "Forward"),
    ("AFF11", "Socialist Health Society", 6_000, "Forward"),
    ("AFF12", "Co-operative Policy Society", 4_000, None),
)
#: Card votes a line is drawn for (see the module's docstring).
DRAWN_CARD_VOTES = 40
LINES = ("support", "oppose", "abstain", "oppose-if-not-remitted", "remit", "free-vote")
REASONS = {
    "support": "Strengthens members' say in the party.",
    "oppose": "Moves power away from members.",
    "abstain": "Well meant but badly drafted.",
    "oppose-if-not-remitted": "The aim is right; the NEC should redraft it.",
    "remit": "Needs work with the NEC before a vote.",
    "free-vote": "A matter for each delegate's conscience.",
}


def _csv(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _clp_names(rng: random.Random) -> list[str]:
    towns = [s + e for s in STEMS for e in ENDINGS]
    rng.shuffle(towns)
    names: list[str] = []
    for town in towns:
        if len(names) >= CLPS:
            break
        roll = rng.random()
        if roll < 0.6:
            names.append(town)
        elif roll < 0.9:
            names.append(f"{town} {rng.choice(QUARTERS)}")
        else:
            names.append(f"{town} and {rng.choice(towns)}")
    return names


def generate(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    names = _clp_names(rng)
    delegations: list[tuple[object, ...]] = []
    clps = []
    for i, name in enumerate(names, start=1):
        members = int(min(4500, max(90, rng.lognormvariate(6.25, 0.55))))
        women = int(members * rng.uniform(0.38, 0.52))
        young = int(members * rng.uniform(0.02, 0.12))
        clp_id = f"CLP{i:03d}"
        lean = rng.choices(("Forward", "Grassroots", None), weights=(0.4, 0.35, 0.25))[0]
        delegations.append((clp_id, name, "clp", members, "", women, young))
        clps.append((clp_id, members, women, young, lean))
    for ident, name, votes, faction in AFFILIATES:
        delegations.append((ident, name, "affiliate", votes, faction or "", "", ""))

    # Each CLP sends one delegate, then the rest of the 1,300 places go to CLPs with room.
    allowed = {c[0]: entitlement(c[1], women=c[2], young=c[3]).total for c in clps}
    sending = {c[0]: 1 for c in clps}
    room = [c[0] for c in clps for _ in range(allowed[c[0]] - 1)]
    rng.shuffle(room)
    for clp_id in room[: DELEGATES - CLPS]:
        sending[clp_id] += 1
    used: set[str] = set()
    delegates: list[tuple[object, ...]] = []
    faction_of: dict[str, str | None] = {}
    number = 0
    for clp_id, _members, _w, _y, lean in clps:
        for k in range(sending[clp_id]):
            number += 1
            while True:
                person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                if person not in used:
                    used.add(person)
                    break
                person = f"{person.split()[0]} {rng.choice(FIRST)[0]}. {person.split()[1]}"
                if person not in used:
                    used.add(person)
                    break
            roll = rng.random()
            if lean is not None and roll < 0.7:
                faction: str | None = lean
            elif roll < 0.8:
                faction = rng.choice(("Forward", "Grassroots"))
            else:
                faction = None
            delegate_id = f"D{number:04d}"
            faction_of[delegate_id] = faction
            delegates.append(
                (
                    delegate_id,
                    person,
                    clp_id,
                    faction or "",
                    "yes" if k % 2 == 0 else rng.choice(("yes", "no")),
                    "yes" if rng.random() < 0.1 else "no",
                    "yes" if rng.random() < 0.97 else "no",
                )
            )

    card_votes = []
    lines: dict[str, dict[int, str]] = {"Forward": {}, "Grassroots": {}}
    agenda = agenda_card_votes()
    for n in range(1, DRAWN_CARD_VOTES + 1):
        forward = rng.choices(LINES, weights=(5, 3, 1, 1, 1, 1))[0]
        if rng.random() < 0.6:
            grassroots = {"support": "oppose", "oppose": "support"}.get(forward, "support")
        else:
            grassroots = forward
        if n not in agenda:
            continue  # drawn all the same: see the module's docstring
        title, motions = agenda[n]
        card_votes.append((n, title, motions, "majority"))
        lines["Forward"][n] = forward
        lines["Grassroots"][n] = grassroots
    toml = ["# Card votes for the fictional 2026 conference (generated; see generate.py)", ""]
    for n, title, motions, threshold in card_votes:
        toml += [
            "[[card_vote]]",
            f"number = {n}",
            f'title = "{title}"',
            "motions = [" + ", ".join(f'"{m}"' for m in motions) + "]",
            f'threshold = "{threshold}"',
            "",
        ]
    recommendations = {}
    for faction, by_vote in lines.items():
        text = [f"# {faction}'s lines (generated; see generate.py)", f'faction = "{faction}"', ""]
        for n, line in by_vote.items():
            text += [
                "[[recommendation]]",
                f'card_vote = "CV{n}"',
                f'line = "{line}"',
                f'reason = "{REASONS[line]}"',
                "",
            ]
        recommendations[f"recommendations-{faction.lower()}.toml"] = "\n".join(text)

    mandates = []
    for clp_id, *_rest in rng.sample(clps, 45):
        cv = rng.randint(1, 12)
        mandates.append((clp_id, f"CV{cv}", rng.choice(("for", "against", "for", "abstain")), ""))
    mandates.sort(key=lambda m: (int(str(m[1])[2:]), str(m[0])))
    # one mandate per CLP and card vote
    seen: set[tuple[object, object]] = set()
    mandates = [m for m in mandates if not ((m[0], m[1]) in seen or seen.add((m[0], m[1])))]

    pledges = []
    for cv in range(1, PLEDGED_CARD_VOTES + 1):
        for delegate_id, *_r in delegates:
            if rng.random() > 0.7:
                continue
            faction = faction_of[str(delegate_id)]
            line = lines[faction][cv] if faction else None
            wanted = {
                "support": "for",
                "oppose": "against",
                "oppose-if-not-remitted": "against",
                "abstain": "abstain",
            }.get(line or "")
            if wanted is None or rng.random() < 0.2:
                wanted = rng.choices(("for", "against", "abstain", "undecided"), (4, 4, 1, 2))[0]
            confidence = rng.choice((0.6, 0.7, 0.8, 0.9, 0.9, 0.95, 1.0))
            pledges.append((delegate_id, f"CV{cv}", wanted, confidence, ""))
        for ident, _name, _votes, faction in AFFILIATES:
            line = lines[faction][cv] if faction else None
            wanted = {
                "support": "for",
                "oppose": "against",
                "oppose-if-not-remitted": "against",
            }.get(line or "") or rng.choice(("for", "against", "abstain"))
            pledges.append((ident, f"CV{cv}", wanted, rng.choice((0.8, 0.9, 0.95)), ""))

    files = {
        "delegations.csv": _csv(
            ("id", "name", "section", "votes", "faction", "women_members", "young_members"),
            delegations,
        ),
        "delegates.csv": _csv(
            ("id", "name", "delegation", "faction", "woman", "under_27", "attending"), delegates
        ),
        "card-votes.toml": "\n".join(toml),
        "mandates.csv": _csv(("delegation", "card_vote", "position", "note"), mandates),
        "pledges.csv": _csv(("delegate", "card_vote", "position", "confidence", "note"), pledges),
    }
    files.update(recommendations)
    return files


def agenda_card_votes() -> dict[int, tuple[str, list[str]]]:
    """Card vote number → (title, motion ids) from the agenda's motion files."""
    found: dict[int, tuple[str, list[str]]] = {}
    for path in sorted(AGENDA.glob("*.motion")):
        for motion in parse_motions(path.read_text(encoding="utf-8"), filename=path.name):
            if motion.header.card_vote is None:
                continue
            number = int(motion.header.card_vote)
            title = motion.header.title or f"NEC package {motion.header.package}"
            entry = found.setdefault(number, (title, []))
            entry[1].append(path.stem)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in generate(args.seed).items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")


if __name__ == "__main__":
    main()
