"""A second opinion on what was said, from the phones a free phone loop heard.

The closed grammar asks the acoustic model which phrase fits the sound best. For voices unlike the
model's own speakers (a Caribbean, New York or Scottish "back" is [bak], which the model hears as
B AA, then the stop's release as more phones) the answer is often a phrase or decoy that merely
soaks up those extra sounds better. The phone loop, which the recogniser already runs for rejection,
hears the same speech as a string of phones (B AA TH IH T). How such strings differ from what was
said is learned from the training voices (`scripts/learn-confusions`): how often each phone is heard
as each other phone, dropped, or joined by an extra one. Each candidate's cost is then the cheapest
way (fewest nats) its pronunciations could have come out as the heard string: a weighted edit
distance, computed for every candidate at once with numpy.

The recogniser keeps the grammar's phrase unless the phone string is much (`SWITCH_NATS`) better
explained by another candidate, and the phones never choose a yes or a no (they may overrule one).
Measured on the test voices, with rejection recalibrated: full vocabulary 89.0/85.4/81.7 ->
90.9/87.2/83.6 % (clean/15/8 dB), yes/no screen 97.9/91.7/85.4 -> 97.9/91.7/87.5 %, other speech
accepted at worst 10.7 -> 11.9 %, as yes or no unchanged. Pure logic: no pocketsphinx here.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Mapping, Sequence

import numpy as np

CONFUSIONS = Path(__file__).with_name("confusions.txt")
# Add-k smoothing of the counts; a phone heard as itself gets SELF_BONUS more, so that an unseen
# phone (one no training answer used) still prefers to be heard as itself.
SMOOTHING = 0.5
SELF_BONUS = 5 * SMOOTHING
# How much better (nats) another candidate must explain the heard phones than the grammar's phrase
# before it replaces it. Lower, more answers are heard and more other speech is heard as some phrase
# (scripts/learn-confusions --tolerances). Chosen on the training voices, each half matched with the
# other half's confusions and rejection recalibrated (scripts/adapt-model --calibrate): the six
# accuracies (full vocabulary and yes/no screen, clean, 15 and 8 dB) add up to 505.4 % without the
# phones, 512.6 with 7 nats and 514.5 with 10 (both then with one more classifier input, dropped
# since: 507.3 without it, at 10).
SWITCH_NATS = 10.0
_NOT_PHONES = ("SIL",)  # and fillers: "+NSN+", "+SPN+", ...
MAX_PHRASE_PRONUNCIATIONS = 32  # a phrase's ways of being said: its words' pronunciations combined


class ConfusionsError(Exception):
    """The confusions file cannot be read; the message says where and why."""


def heard_phones(words: Iterable[str]) -> list[str]:
    """The phone loop's segment words without silence and fillers."""
    return [word for word in words if word not in _NOT_PHONES and not word.startswith("+") and not word.startswith("<")]


def phrase_pronunciations(phrase: str, words: Mapping[str, Sequence[str]]) -> list[str]:
    """The phrase's ways of being said: every combination of its words' pronunciations (at most
    MAX_PHRASE_PRONUNCIATIONS, the words' first ones first)."""
    ways = itertools.product(*(words.get(word, ()) for word in phrase.split()))
    return [" ".join(way) for way in itertools.islice(ways, MAX_PHRASE_PRONUNCIATIONS)]


@dataclass(frozen=True)
class Confusions:
    """Counts from aligning heard phone strings with what was said."""

    substitutions: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (said, heard) -> count
    deletions: Mapping[str, int] = field(default_factory=dict)  # said, not heard
    insertions: Mapping[str, int] = field(default_factory=dict)  # heard, not said
    places: int = 0  # where an insertion could have gone: heard phones plus one per utterance

    def phones(self) -> set[str]:
        seen = {phone for pair in self.substitutions for phone in pair}
        return seen | set(self.deletions) | set(self.insertions)


@dataclass(frozen=True)
class Costs:
    """Negative log probabilities over an indexed phone set (index 0 is an unknown phone)."""

    index: Mapping[str, int]
    substitute: np.ndarray  # (said, heard)
    delete: np.ndarray  # (said,)
    insert: np.ndarray  # (heard,)

    def indices(self, phones: Sequence[str]) -> np.ndarray:
        return np.array([self.index.get(phone, 0) for phone in phones], dtype=np.intp)


def costs(confusions: Confusions | None, phones: Iterable[str]) -> Costs:
    """Smoothed costs over `phones` (and every phone the counts name). No counts: plain edit distance."""
    names = sorted(set(phones) | (confusions.phones() if confusions else set()))
    index = {phone: number + 1 for number, phone in enumerate(names)}
    size = len(names) + 1
    if confusions is None:
        substitute = np.ones((size, size)) - np.eye(size)
        substitute[0, 0] = 1.0  # two phones it does not know are not the same phone
        return Costs(index, substitute, np.ones(size), np.ones(size))
    counted = np.full(size, 0.0)  # how often each phone was said
    substitute = np.full((size, size), SMOOTHING)
    substitute[np.arange(1, size), np.arange(1, size)] += SELF_BONUS
    delete = np.full(size, SMOOTHING)
    for (spoken, heard), count in confusions.substitutions.items():
        substitute[index[spoken], index[heard]] += count
        counted[index[spoken]] += count
    for spoken, count in confusions.deletions.items():
        delete[index[spoken]] += count
        counted[index[spoken]] += count
    total = counted + SMOOTHING * (size + 1) + SELF_BONUS
    inserted = sum(confusions.insertions.values())
    insert = np.full(size, SMOOTHING)
    for heard, count in confusions.insertions.items():
        insert[index[heard]] += count
    rate = max(inserted, 1) / max(confusions.places, inserted + 1, 2)
    return Costs(
        index,
        -np.log(substitute / total[:, None]),
        -np.log(delete / total),
        -math.log(rate) - np.log(insert / (inserted + SMOOTHING * size)),
    )


class Matcher:
    """Scores a heard phone string against every candidate's pronunciations at once."""

    def __init__(self, costs: Costs, candidates: Mapping[str, Sequence[str]]):
        """`candidates`: name (a phrase or decoy word) -> its pronunciations ("B AE K", ...)."""
        self.costs = costs
        self.names = list(candidates)
        spoken = [(number, pronunciation.split()) for number, name in enumerate(self.names) for pronunciation in candidates[name]]
        longest = max((len(phones) for _, phones in spoken), default=0)
        self._owner = np.array([number for number, _ in spoken], dtype=np.intp)
        self._lengths = np.array([len(phones) for _, phones in spoken], dtype=np.intp)
        self._said = np.zeros((len(spoken), longest), dtype=np.intp)
        for row, (_, phones) in enumerate(spoken):
            self._said[row, : len(phones)] = costs.indices(phones)

    def scores(self, heard: Sequence[str]) -> dict[str, float]:
        """Each candidate's cost (nats) of coming out as `heard`: its cheapest pronunciation."""
        best = np.full(len(self.names), np.inf)
        np.minimum.at(best, self._owner, self._pronunciation_costs(self.costs.indices(heard)))
        return dict(zip(self.names, best.tolist()))

    def _pronunciation_costs(self, heard: np.ndarray) -> np.ndarray:
        """Weighted edit distance, one row of the table per said phone, all pronunciations at once.
        Within a row an insertion chain is a running minimum over prefix sums of insertion costs."""
        costs, rows = self.costs, len(self._lengths)
        inserted = np.concatenate([[0.0], np.cumsum(costs.insert[heard])])  # (m + 1,)
        previous = np.broadcast_to(inserted, (rows, len(heard) + 1)).copy()
        finished = np.where(self._lengths == 0, previous[:, -1], np.inf)
        for position in range(self._said.shape[1]):
            said = self._said[:, position]
            deleted = previous + costs.delete[said][:, None]
            substituted = previous[:, :-1] + costs.substitute[said][:, heard]
            current = deleted
            current[:, 1:] = np.minimum(deleted[:, 1:], substituted)
            current = np.minimum.accumulate(current - inserted, axis=1) + inserted
            previous = current
            done = self._lengths == position + 1
            finished[done] = current[done, -1]
        return finished


def matcher(confusions: Confusions, candidates: Mapping[str, Sequence[str]]) -> Matcher:
    phones = {phone for spoken in candidates.values() for pronunciation in spoken for phone in pronunciation.split()}
    return Matcher(costs(confusions, phones), candidates)


def choose(grammar: str, scores: Mapping[str, float], tolerance: float | None = None, grammar_only: Collection[str] = ()) -> str:
    """The candidate to believe: the grammar's, unless another explains the heard phones more than
    `tolerance` (default SWITCH_NATS) nats better. Nothing from the grammar (it found no sentence)
    stays nothing, and the phones never choose a phrase of `grammar_only`: a yes or a no decides the
    triage, so only the grammar may hear one (the phones may still overrule it)."""
    tolerance = SWITCH_NATS if tolerance is None else tolerance
    if not grammar or not scores:
        return grammar
    best = min(scores, key=scores.__getitem__)
    if best not in grammar_only and (grammar not in scores or scores[grammar] - scores[best] > tolerance):
        return best
    return grammar


# -- learning ---------------------------------------------------------------------------------


def align(heard: Sequence[str], said: Sequence[str], costs: Costs) -> tuple[float, list[tuple[str | None, str | None]]]:
    """The cheapest alignment: its cost and its pairs (said, heard); None on one side for a phone
    deleted (heard None) or inserted (said None)."""
    h, s = costs.indices(heard), costs.indices(said)
    table = np.zeros((len(s) + 1, len(h) + 1))
    table[0, 1:] = np.cumsum(costs.insert[h])
    table[1:, 0] = np.cumsum(costs.delete[s])
    for i in range(1, len(s) + 1):
        for j in range(1, len(h) + 1):
            table[i, j] = min(
                table[i - 1, j - 1] + costs.substitute[s[i - 1], h[j - 1]],
                table[i - 1, j] + costs.delete[s[i - 1]],
                table[i, j - 1] + costs.insert[h[j - 1]],
            )
    pairs: list[tuple[str | None, str | None]] = []
    i, j = len(s), len(h)
    while i or j:
        if i and j and math.isclose(table[i, j], table[i - 1, j - 1] + costs.substitute[s[i - 1], h[j - 1]]):
            pairs.append((said[i - 1], heard[j - 1]))
            i, j = i - 1, j - 1
        elif i and math.isclose(table[i, j], table[i - 1, j] + costs.delete[s[i - 1]]):
            pairs.append((said[i - 1], None))
            i -= 1
        else:
            pairs.append((None, heard[j - 1]))
            j -= 1
    return float(table[len(s), len(h)]), pairs[::-1]


# -- the file ---------------------------------------------------------------------------------


def read(path: Path = CONFUSIONS) -> Confusions | None:
    """The learned counts; None when there is no file (the recogniser then trusts the grammar alone).
    Lines: "sub SAID HEARD N", "del SAID N", "ins HEARD N", "places N"; # comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfusionsError(f"{path}: cannot read the phone confusions ({error})") from None
    substitutions: dict[tuple[str, str], int] = {}
    deletions: dict[str, int] = {}
    insertions: dict[str, int] = {}
    places = 0
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        try:
            count = int(words[-1])
            if count < 0:
                raise ValueError
            if words[0] == "sub" and len(words) == 4:
                substitutions[(words[1], words[2])] = count
            elif words[0] == "del" and len(words) == 3:
                deletions[words[1]] = count
            elif words[0] == "ins" and len(words) == 3:
                insertions[words[1]] = count
            elif words[0] == "places" and len(words) == 2:
                places = count
            else:
                raise ValueError
        except ValueError:
            raise ConfusionsError(f"{path}:{number}: expected 'sub SAID HEARD N', 'del SAID N', 'ins HEARD N' or 'places N', got {line.strip()!r}") from None
    return Confusions(substitutions, deletions, insertions, places)


def write(path: Path, confusions: Confusions, header: str = "") -> None:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines.append(f"places {confusions.places}")
    lines += [f"sub {said} {heard} {count}" for (said, heard), count in sorted(confusions.substitutions.items())]
    lines += [f"del {said} {count}" for said, count in sorted(confusions.deletions.items())]
    lines += [f"ins {heard} {count}" for heard, count in sorted(confusions.insertions.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
