"""The whip book: delegates, lines, mandates and pledges; card-vote tallies, odds and paths.

Plain functions over frozen values, with one side-effecting object, `WhipBook`, for the SQLite
file. The flow:

    CSV / TOML ─parse_*→ values ─WhipBook.import_data→ book ─snapshot→ Conference
    Conference ─project→ Projection ─┬─ win_probability → WinProbability
                                      └─ path_to_victory → PathToVictory
    raw section counts ─tally_counts→ CardVoteResult
"""

from __future__ import annotations

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
from motions.whip.importing import ImportPlan, ImportSummary, VoterRef, plan_import
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
