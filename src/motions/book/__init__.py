"""The rule book: numbering schemes, addresses and citations, the `Rulebook` model, the outline
parser and its source-text renderer, cross-references, and the embedded model book.

Imports run one way: this wing uses only the base (`motions.source`, `motions.errors`,
`motions.resources`); every other wing builds on it.
"""
