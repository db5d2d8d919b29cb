"""What the runner reads: the VISA-A items as the CLI prompts and the web form show them.

Paraphrased stems of Robinson et al. 2001 (rules VISA-* in ``docs/clinical-rules.md``); display the official form where it is licensed. One
wording for every adapter, so a score means the same whichever screen it was answered on.
"""

from __future__ import annotations

VISA_A_PROMPTS: tuple[str, ...] = (
    "1. Morning stiffness: 0 (100 min or more) … 10 (none)",
    "2. Pain stretching the Achilles over a step, once warmed up: 0 (severe) … 10 (none)",
    "3. Pain in the 2 hours after 30 min of flat walking: 0 (severe / cannot walk) … 10 (none)",
    "4. Pain walking downstairs with a normal gait: 0 (severe) … 10 (none)",
    "5. Pain during or right after 10 single-leg heel raises: 0 (severe) … 10 (none)",
    "6. Single-leg hops you can do without pain: 0 … 10",
)
"""Items 1–6, each scored 0–10 (Robinson et al. 2001)."""

VISA_A_ITEM7_CHOICES: dict[str, str] = {
    "0": "not at all",
    "4": "modified training",
    "7": "full training, below the level before symptoms",
    "10": "competing at the same or a higher level",
}
"""Item 7 (sport now): points → answer."""

VISA_A_ITEM8_BRANCHES: dict[str, str] = {
    "A": "no pain while training",
    "B": "pain, but you complete the training",
    "C": "pain stops you completing it",
}
"""Item 8's three branches, each scored by minutes of training."""
