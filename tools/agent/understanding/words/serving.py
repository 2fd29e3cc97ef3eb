"""Feature skew said in other words: what the online store served held against the offline features.

People say "training/serving skew", "are the online features matching the offline ones?", "any mismatch between
served and offline features?", "is Feast serving different values than offline?". A change word beside it
("materialize the features to the online store") is the change, read before these.
"""

from __future__ import annotations

import re

# Served (online) against offline, either way round, within one clause; or skew named (a read cue of `intents`)
SKEW = re.compile(r"\bskew\w*|\bsekw\b|\btrain(?:ing)?[-/\s]+serv(?:e|ing)\b"
                   r"|\b(?:online|served|serving)\b.{0,60}?\b(?:offline|feast)\b|\b(?:offline|feast)\b.{0,60}?\b(?:online"
                   r"|served|serving)\b"
                   # "between served and | offline features": the pair cut in two at its "and", each half still says it
                   r"|\b(?:online|served|serving)\s+(?:and|&|vs\.?|versus)\W*$|^\W*(?:the\s+)?(?:offline|feast)\s+(?:features?"
                   r"|values|ones|store|side)\b")

