"""The phone loop's second opinion: the weighted edit distance, learning the confusions, the rule that
believes another phrase, the file, and what it changes in a real decode."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from tuning import confusions as confusion_learning
from voiceaid.listen.sphinx import phonematch
from voiceaid.listen.sphinx.phonematch import Confusions, Matcher
from voiceaid.listen.sphinx.recogniser import Recogniser

PHONES = ["AA", "AE", "B", "K", "T", "TH", "IH", "N", "OW", "P"]


def slow_distance(heard: list[str], said: list[str], costs: phonematch.Costs) -> float:
    """The textbook table, cell by cell: what the vectorised Matcher must agree with."""
    h, s = costs.indices(heard), costs.indices(said)
    table = [[0.0] * (len(h) + 1) for _ in range(len(s) + 1)]
    for j in range(1, len(h) + 1):
        table[0][j] = table[0][j - 1] + costs.insert[h[j - 1]]
    for i in range(1, len(s) + 1):
        table[i][0] = table[i - 1][0] + costs.delete[s[i - 1]]
        for j in range(1, len(h) + 1):
            table[i][j] = min(
                table[i - 1][j - 1] + costs.substitute[s[i - 1], h[j - 1]],
                table[i - 1][j] + costs.delete[s[i - 1]],
                table[i][j - 1] + costs.insert[h[j - 1]],
            )
    return table[len(s)][len(h)]


def test_the_phone_loop_s_silence_and_fillers_are_not_phones():
    assert phonematch.heard_phones(["SIL", "B", "AA", "+NSN+", "K", "+SPN+", "SIL", "<sil>"]) == ["B", "AA", "K"]


def test_without_counts_it_is_the_plain_edit_distance():
    costs = phonematch.costs(None, PHONES)
    matcher = Matcher(costs, {"back": ["B AE K"], "bat": ["B AE T"], "nothing": ["N AH TH IH NG"]})
    scores = matcher.scores("B AA K".split())
    assert scores == {"back": 1.0, "bat": 2.0, "nothing": 5.0}


def test_every_pronunciation_is_scored_as_the_textbook_table_would_score_it():
    rng = random.Random(7)
    counts = Confusions({(a, b): rng.randrange(0, 20) for a, b in itertools.product(PHONES, PHONES)},
                        {p: rng.randrange(0, 5) for p in PHONES}, {p: rng.randrange(0, 5) for p in PHONES}, 400)  # fmt: skip
    costs = phonematch.costs(counts, PHONES + ["ZZ"])
    candidates = {f"c{n}": [" ".join(rng.choices(PHONES, k=rng.randrange(1, 7))) for _ in range(rng.randrange(1, 4))] for n in range(30)}
    matcher = Matcher(costs, candidates)
    for _ in range(20):
        heard = rng.choices(PHONES + ["ZZ"], k=rng.randrange(0, 9))
        scores = matcher.scores(heard)
        for name, spoken in candidates.items():
            assert scores[name] == pytest.approx(min(slow_distance(heard, said.split(), costs) for said in spoken))
            assert scores[name] == pytest.approx(min(phonematch.align(heard, said.split(), costs)[0] for said in spoken))


def test_an_alignment_pairs_every_phone_once():
    costs = phonematch.costs(None, PHONES)
    cost, pairs = phonematch.align("B AA TH IH T".split(), "B AE K".split(), costs)
    assert cost == 4.0  # AE as AA, K as T, and two phones more
    assert [said for said, _ in pairs if said] == ["B", "AE", "K"]
    assert [heard for _, heard in pairs if heard] == ["B", "AA", "TH", "IH", "T"]


def test_a_confusion_the_voices_make_is_learned_and_then_costs_little():
    """Voices that say "back" as B AA K (a Scottish or Caribbean [bak]) teach that AE is heard as
    AA; afterwards B AA K is "back" rather than "bock"'s stranger cousin "bot"."""
    examples = [("B AA K".split(), ["B AE K"])] * 20 + [("N OW".split(), ["N OW"])] * 20 + [("T AA P".split(), ["T AA P"])] * 5
    confusions = confusion_learning.learn(examples)
    assert confusions.substitutions[("AE", "AA")] == 20
    assert ("AE", "AE") not in confusions.substitutions
    assert confusions.places == 20 * 4 + 20 * 3 + 5 * 4
    matcher = Matcher(phonematch.costs(confusions, PHONES), {"back": ["B AE K"], "bot": ["B AA T"]})
    scores = matcher.scores("B AA K".split())
    assert scores["back"] < scores["bot"]
    plain = Matcher(phonematch.costs(None, PHONES), {"back": ["B AE K"], "bot": ["B AA T"]}).scores("B AA K".split())
    assert plain["back"] == plain["bot"]


@pytest.mark.parametrize(
    "grammar, scores, believed",
    [
        ("go on", {"go on": 30.0, "hold on": 25.0}, "go on"),  # 5 nats better is not enough
        ("go on", {"go on": 30.0, "hold on": 22.0}, "hold on"),
        ("gotta", {"gotta": 20.0, "back": 11.0}, "back"),  # a decoy gives way to an answer ...
        ("back", {"back": 20.0, "gotta": 11.0}, "gotta"),  # ... and an answer to a decoy
        ("", {"back": 1.0}, ""),  # the grammar found no sentence: nothing to second-guess
    ],
)
def test_the_grammar_is_believed_unless_another_candidate_is_far_better(grammar, scores, believed):
    assert phonematch.choose(grammar, scores, tolerance=7.0) == believed


def test_the_file_round_trips(tmp_path: Path):
    confusions = Confusions({("AE", "AA"): 3, ("K", "K"): 9}, {"K": 2}, {"T": 4}, 40)
    path = tmp_path / "c.txt"
    phonematch.write(path, confusions, "a header\nof two lines")
    assert path.read_text(encoding="utf-8").startswith("# a header\n# of two lines\n")
    assert phonematch.read(path) == confusions
    assert phonematch.read(tmp_path / "none.txt") is None


@pytest.mark.parametrize("line", ["sub AE 3", "del K x", "ins T -1", "swap A B 1"])
def test_a_damaged_file_says_where(tmp_path: Path, line: str):
    path = tmp_path / "c.txt"
    path.write_text(f"places 4\n{line}\n", encoding="utf-8")
    with pytest.raises(phonematch.ConfusionsError, match=r"c\.txt:2: expected"):
        phonematch.read(path)


def test_the_shipped_confusions_are_read():
    confusions = phonematch.read()
    assert confusions is not None, "voiceaid/listen/sphinx/confusions.txt is missing (scripts/learn-confusions)"
    assert confusions.places > 1000 and sum(confusions.substitutions.values()) > 1000


# -- in a real decode (voices in neither split of the corpus) ----------------------------------


def test_the_phones_hear_both_legs_where_the_grammar_heard_not_really(recogniser, speech):
    """A Caribbean "both legs" that the grammar alone takes for "not really": a wrong no."""
    clip = speech("both legs", "en-029+f3")
    assert Recogniser(confusions=None).decode_file(clip).intent == "no"
    heard = recogniser.decode_file(clip)
    assert (heard.intent, heard.text) == ("both", "both legs")


def test_the_phones_hear_a_call_for_help_the_grammar_missed(recogniser, speech):
    clip = speech("call for help", "en-029+f3")
    assert Recogniser(confusions=None).decode_file(clip).intent != "emergency"
    assert recogniser.decode_file(clip).intent == "emergency"


def test_a_damaged_file_means_the_grammar_alone_not_a_dead_microphone(tmp_path: Path, speech):
    path = tmp_path / "c.txt"
    path.write_text("places 4\nsub AE\n", encoding="utf-8")
    clip = speech("both legs", "en-029+f3")
    damaged, none = Recogniser(confusions=path).decode_file(clip), Recogniser(confusions=None).decode_file(clip)
    assert (damaged.intent, damaged.text, damaged.confidence) == (none.intent, none.text, none.confidence)
    assert damaged.intent == "no"  # the grammar alone's wrong answer, as above


def test_only_the_grammar_hears_a_yes_or_a_no():
    """The phones may overrule a "no", but never make one: a yes or a no decides the triage."""
    assert phonematch.choose("nothing", {"nothing": 20.0, "nope": 5.0}, 7.0, grammar_only={"nope"}) == "nothing"
    assert phonematch.choose("nope", {"nope": 20.0, "nose": 5.0}, 7.0, grammar_only={"nope"}) == "nose"


def test_examples_are_the_answers_something_was_heard_in():
    from tuning.corpus import Clip

    words = {"back": ["B AE K"], "go": ["G OW"], "no": ["N OW"]}
    phrases = {"back": "back", "go back": "back", "no": "no"}
    heard = [
        (Clip("a.wav", "answer", "back", "go back", "clean"), ["G", "OW", "B", "AA", "K"]),
        (Clip("b.wav", "answer", "back", "back please", "clean"), ["B", "AA", "K"]),  # not a phrase: its intent's
        (Clip("c.wav", "answer", "no", "no", "clean"), []),  # nothing heard
        (Clip("d.wav", "oov", "unknown", "nobody", "clean"), ["N", "OW"]),
    ]
    assert confusion_learning.answer_examples(heard, words, phrases) == [
        (["G", "OW", "B", "AA", "K"], ["G OW B AE K"]),
        (["B", "AA", "K"], ["B AE K", "G OW B AE K"]),
    ]
