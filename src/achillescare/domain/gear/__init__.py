"""Running shoes: the pairs a runner owns, the distance on each, and what a change of shoe means
for the Achilles (:mod:`.shoes` for the records, :mod:`.caution` for the signal and its rules)."""
