"""Edition-to-edition diff: what changed between two printings of a rule book.

Built on `motions.book` and the word diff of `motions.drafting.redline`.
"""
