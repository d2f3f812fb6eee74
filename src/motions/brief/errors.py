"""The briefing's error: bad input for `motions brief`, reported like every other stage's."""

from __future__ import annotations

from motions.errors import MotionsError


class BriefError(MotionsError):
    """The agenda, the whip book or the options cannot make briefing sheets as asked."""
