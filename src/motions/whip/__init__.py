"""The whip book: delegates, lines, mandates and pledges; card-vote tallies, odds and paths.

Plain functions over frozen values, with one side-effecting object, `WhipBook`, for the SQLite
file. The flow:

    CSV / TOML ─parse_*→ values ─WhipBook.import_data→ book ─snapshot→ Conference
    Conference ─project→ Projection ─┬─ win_probability → WinProbability
                                      └─ path_to_victory → PathToVictory
    raw section counts ─tally_counts→ CardVoteResult
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from motions.exports import lazy_exports

# `entitlement` is both a module and the function it exports: importing the module (as the
# import planner does) binds the package attribute to the module, so the function is bound here,
# eagerly, after it (the module is small). Every other name is looked up on first use.
from motions.whip.entitlement import entitlement

#: Where each public name lives. A module is imported when one of its names is first asked for,
#: so `motions tally` loads what a tally uses and not the importers, elections or schedules.
_HOMES: dict[str, str] = {
    "DEFAULT_WEIGHTS": "motions.whip.arithmetic",
    "CardVoteResult": "motions.whip.arithmetic",
    "Outcome": "motions.whip.arithmetic",
    "SectionResult": "motions.whip.arithmetic",
    "SectionWeights": "motions.whip.arithmetic",
    "combine": "motions.whip.arithmetic",
    "combine_percentages": "motions.whip.arithmetic",
    "parse_percent": "motions.whip.arithmetic",
    "parse_weights": "motions.whip.arithmetic",
    "passes": "motions.whip.arithmetic",
    "percent": "motions.whip.arithmetic",
    "section_result": "motions.whip.arithmetic",
    "tally_counts": "motions.whip.arithmetic",
    "dump_card_votes": "motions.whip.cardvotes",
    "parse_card_votes": "motions.whip.cardvotes",
    "read_card_votes": "motions.whip.cardvotes",
    "Located": "motions.whip.csvio",
    "MandateRequest": "motions.whip.csvio",
    "PledgeRequest": "motions.whip.csvio",
    "parse_delegates": "motions.whip.csvio",
    "parse_delegations": "motions.whip.csvio",
    "parse_mandates": "motions.whip.csvio",
    "parse_pledges": "motions.whip.csvio",
    "Ballot": "motions.whip.elections",
    "Candidate": "motions.whip.elections",
    "Slate": "motions.whip.elections",
    "Entitlement": "motions.whip.entitlement",
    "EntitlementRules": "motions.whip.entitlement",
    "ImportPlan": "motions.whip.importing",
    "ImportSummary": "motions.whip.importing",
    "VoterRef": "motions.whip.model",
    "plan_import": "motions.whip.importing",
    "CardVote": "motions.whip.model",
    "Casting": "motions.whip.model",
    "Conference": "motions.whip.model",
    "Delegate": "motions.whip.model",
    "Delegation": "motions.whip.model",
    "EventKind": "motions.whip.model",
    "Line": "motions.whip.model",
    "Mandate": "motions.whip.model",
    "Pledge": "motions.whip.model",
    "PledgeEvent": "motions.whip.model",
    "Position": "motions.whip.model",
    "Recommendation": "motions.whip.model",
    "Section": "motions.whip.model",
    "Threshold": "motions.whip.model",
    "current_pledges": "motions.whip.model",
    "parse_card_vote": "motions.whip.names",
    "parse_line": "motions.whip.names",
    "parse_position": "motions.whip.names",
    "parse_threshold": "motions.whip.names",
    "Flip": "motions.whip.path",
    "Objective": "motions.whip.path",
    "PathToVictory": "motions.whip.path",
    "Status": "motions.whip.path",
    "path_to_victory": "motions.whip.path",
    "Method": "motions.whip.probability",
    "ProbabilityModel": "motions.whip.probability",
    "WinProbability": "motions.whip.probability",
    "win_probability": "motions.whip.probability",
    "Assumption": "motions.whip.projection",
    "Basis": "motions.whip.projection",
    "Clash": "motions.whip.projection",
    "ClpBallot": "motions.whip.projection",
    "ConferenceIndex": "motions.whip.projection",
    "Projection": "motions.whip.projection",
    "Voter": "motions.whip.projection",
    "clp_ballot": "motions.whip.projection",
    "index_conference": "motions.whip.projection",
    "project": "motions.whip.projection",
    "LocatedRecommendation": "motions.whip.recommendations",
    "parse_recommendations": "motions.whip.recommendations",
    "read_recommendations": "motions.whip.recommendations",
    "Schedule": "motions.whip.schedule",
    "ScheduleChange": "motions.whip.schedule",
    "Session": "motions.whip.schedule",
    "dump_schedule": "motions.whip.schedule",
    "parse_schedule": "motions.whip.schedule",
    "read_schedule": "motions.whip.schedule",
    "SCHEMA_VERSION": "motions.whip.schema",
    "WhipBook": "motions.whip.store",
}

__all__ = [
    "DEFAULT_WEIGHTS",
    "SCHEMA_VERSION",
    "Assumption",
    "Ballot",
    "Basis",
    "Candidate",
    "CardVote",
    "CardVoteResult",
    "Casting",
    "Clash",
    "ClpBallot",
    "Conference",
    "ConferenceIndex",
    "Delegate",
    "Delegation",
    "Entitlement",
    "EntitlementRules",
    "EventKind",
    "Flip",
    "ImportPlan",
    "ImportSummary",
    "Line",
    "Located",
    "LocatedRecommendation",
    "Mandate",
    "MandateRequest",
    "Method",
    "Objective",
    "Outcome",
    "PathToVictory",
    "Pledge",
    "PledgeEvent",
    "PledgeRequest",
    "Position",
    "ProbabilityModel",
    "Projection",
    "Recommendation",
    "Schedule",
    "ScheduleChange",
    "Section",
    "SectionResult",
    "SectionWeights",
    "Session",
    "Slate",
    "Status",
    "Threshold",
    "Voter",
    "VoterRef",
    "WhipBook",
    "WinProbability",
    "clp_ballot",
    "combine",
    "combine_percentages",
    "current_pledges",
    "dump_card_votes",
    "dump_schedule",
    "entitlement",
    "index_conference",
    "parse_card_vote",
    "parse_card_votes",
    "parse_delegates",
    "parse_delegations",
    "parse_line",
    "parse_mandates",
    "parse_percent",
    "parse_pledges",
    "parse_position",
    "parse_recommendations",
    "parse_schedule",
    "parse_threshold",
    "parse_weights",
    "passes",
    "path_to_victory",
    "percent",
    "plan_import",
    "project",
    "read_card_votes",
    "read_recommendations",
    "read_schedule",
    "section_result",
    "tally_counts",
    "win_probability",
]


__getattr__, __dir__ = lazy_exports(__name__, _HOMES)


if TYPE_CHECKING:  # what a type checker and an editor see: every public name, eagerly
    from motions.whip.arithmetic import (
        DEFAULT_WEIGHTS,
        CardVoteResult,
        Outcome,
        SectionResult,
        SectionWeights,
        combine,
        combine_percentages,
        parse_percent,
        parse_weights,
        passes,
        percent,
        section_result,
        tally_counts,
    )
    from motions.whip.cardvotes import dump_card_votes, parse_card_votes, read_card_votes
    from motions.whip.csvio import (
        Located,
        MandateRequest,
        PledgeRequest,
        parse_delegates,
        parse_delegations,
        parse_mandates,
        parse_pledges,
    )
    from motions.whip.elections import Ballot, Candidate, Slate
    from motions.whip.entitlement import Entitlement, EntitlementRules, entitlement
    from motions.whip.importing import ImportPlan, ImportSummary, plan_import
    from motions.whip.model import (
        CardVote,
        Casting,
        Conference,
        Delegate,
        Delegation,
        EventKind,
        Line,
        Mandate,
        Pledge,
        PledgeEvent,
        Position,
        Recommendation,
        Section,
        Threshold,
        VoterRef,
        current_pledges,
    )
    from motions.whip.names import parse_card_vote, parse_line, parse_position, parse_threshold
    from motions.whip.path import Flip, Objective, PathToVictory, Status, path_to_victory
    from motions.whip.probability import Method, ProbabilityModel, WinProbability, win_probability
    from motions.whip.projection import (
        Assumption,
        Basis,
        Clash,
        ClpBallot,
        ConferenceIndex,
        Projection,
        Voter,
        clp_ballot,
        index_conference,
        project,
    )
    from motions.whip.recommendations import (
        LocatedRecommendation,
        parse_recommendations,
        read_recommendations,
    )
    from motions.whip.schedule import (
        Schedule,
        ScheduleChange,
        Session,
        dump_schedule,
        parse_schedule,
        read_schedule,
    )
    from motions.whip.schema import SCHEMA_VERSION
    from motions.whip.store import WhipBook
