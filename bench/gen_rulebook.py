"""Generate rule books at a given scale for benchmarks (deterministic from a seed).

Scale 1 is the size of the real printed book: about 70,000 words, 2,500 numbered provisions
and 450 KB of source text. The words are drawn from the model rule book's own vocabulary so
the text has realistic word lengths, and some provisions carry cross-references.

    python bench/gen_rulebook.py 10 > scale10.txt
"""

from __future__ import annotations

import random
import sys

from motions import load_rulebook
from motions.book.numbering import LabelKey, Style, format_label

ROMAN = Style.UPPER_ROMAN


def _vocabulary() -> list[str]:
    words: list[str] = []
    for provision in load_rulebook().walk():
        words.extend(provision.text.split())
    return words


def generate_rulebook(scale: float = 1.0, seed: int = 1) -> str:
    """Source text of a Labour-style rule book about `scale` times the real book's size."""
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    chapters = max(1, round(27 * scale))
    lines = ["Title: Generated Rule Book", f"Edition: scale {scale:g}", "Scheme: labour", ""]

    def sentence(n: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(n)).rstrip(".;:,") + "."

    for chapter in range(1, chapters + 1):
        lines.append(f"Chapter {chapter} {sentence(4)[:-1].capitalize()}")
        for clause in range(1, rng.randint(4, 7) + 1):
            lines.append(f"Clause {format_label(LabelKey(clause), ROMAN)}. {sentence(3)[:-1]}")
            for rule in range(1, rng.randint(3, 6) + 1):
                text = sentence(rng.randint(18, 58))
                if rng.random() < 0.15:
                    text += f" See Chapter {rng.randint(1, chapter)}, Clause I, rule 1 above."
                lines.append(f"{rule}. {text}")
                if rng.random() < 0.45:
                    for sub in range(1, rng.randint(2, 5) + 1):
                        label = format_label(LabelKey(sub), Style.UPPER_LETTER)
                        lines.append(f"  {label}. {sentence(rng.randint(15, 44))}")
                        if rng.random() < 0.25:
                            for item in range(1, rng.randint(2, 4) + 1):
                                label = format_label(LabelKey(item), Style.LOWER_ROMAN)
                                lines.append(f"    {label}. {sentence(rng.randint(9, 26))}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate_rulebook(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))
