"""Rule changes: the `Motion` model, quoting, the motion reader, finding text in a provision,
`apply` with its redlines, and admissibility checks.

Built on `motions.book`; conflicts, briefings and renderers build on this wing.
"""
