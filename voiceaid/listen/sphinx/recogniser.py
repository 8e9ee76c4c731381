"""Offline speech-to-intent: a closed grammar per screen, and real rejection of what is not an answer.

One pocketsphinx decoder is loaded once (about 0.2 s, the acoustic model is memory-mapped) and kept
for the life of the app. Each set of intents a screen listens for becomes its own grammar search in
that decoder, built on first use and cached; a free phone loop (allphone) search scores the same
audio for rejection. `decode()` is safe to call from a worker thread (one decode at a time).

The pipeline for one utterance:
1. a low noise floor (dither) so no stretch is digitally silent - digital silence wrecks the features;
2. trim to the speech with pocketsphinx's Endpointer (no speech, nothing above the background, or no
   voiced sound at all: "unknown" straight away);
3. a settling pass over the trimmed audio, so the front end's noise and mean estimates fit it;
4. decode with the screen's grammar; only a complete phrase of the grammar counts;
5. decode with the phone loop; when the phones it heard are far better explained by another phrase
   or decoy than by the grammar's (`phonematch`, with phone confusions learned from the training
   voices), believe that one instead: a phrase is then decoded on its own for its evidence;
6. let the calibrated classifier in `rejection` weigh the evidence;
7. for a yes or a no, also score the best phrase of each of the two answers on its own: when the
   opposite answer fits almost as well, the recording is "unknown" (a yes heard as no must not count);
8. decode again half a frame later: on a question the two hearings are joined (`either`), and a
   command counts only when both heard it (`agreed`).

The acoustic model is the stock en-us one, moved towards the voices it gets by an MLLR transform with
a map per class of phones (`ADAPTATION`, built by `scripts/adapt-model`; see `tuning.adapt`,
and `voiceaid.listen.sphinx.acoustic`, which applies it). Its dictionary's
pronunciations get a few more, and its grammars decoys (`pronouncing`): hand-written ones for short
words and accents (`grammar`) and ones learned from the training voices (`lexicon.LEARNED`, built by
`scripts/learn-pronunciations`).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from voiceaid.listen.sphinx import acoustic, dictionary, lexicon, phonematch, pronouncing, rejection
from voiceaid.listen.audio import RATE, dither
from voiceaid.listen.engine import AudioInputs
from voiceaid.listen.gate import MIN_SNR_DB, MIN_VOICING, decodable, padded, snr_db, voicing
from voiceaid.listen.sphinx.grammar import grammar_name, jsgf
from voiceaid.listen.heard import Heard
from voiceaid.listen.vocabulary import UNKNOWN, Vocabulary, VocabularyError, load_vocabulary

ADAPTATION = Path(__file__).with_name("adaptation.mllr")
_PHONES = "phones"
_ANSWER = {"yes": "answer_yes", "no": "answer_no"}  # one grammar per answer, for the yes/no margin
_OPPOSITE = {"yes": "no", "no": "yes"}
# Where the 10 ms frames fall on the speech changes what pocketsphinx hears: one test clip in nine
# decodes differently 2.5-7.5 ms later (0078-wait.wav: "wait" at 0 ms, "quit" at the other three),
# and a microphone puts the frames anywhere, so the live loop missed answers that the same clip
# gave from its file. On a question, where an answer decides the triage, the speech is decoded a
# second time half a frame later and the two hearings are joined (`either`): yes/no screen, train
# split (design), clean/15/8 dB, averaged over frame offsets: 88.0/85.4/85.9 -> 89.6/88.5/89.6 %
# right, other speech taken 3.0 -> 3.4 %; test split 97.9/90.6/82.8 -> 99.0/93.8/88.5 %, 0.5 -> 0.6 %;
# no yes/no swap in either. A command (a screen with no question on it) is acted on at once, with
# nothing read back, so there both hearings must agree (`agreed`): the routine screen while the leg
# question is open (25 intents), train split, both offset pairs, all noise levels: wrong commands and
# other speech taken for one 103 -> 58 (false "emergency" 3 -> 0), right 82.7 -> 79.5 %; test split
# 88 -> 56 (false "emergency" 2 -> 0, false "worse" 1 -> 0), right 86.1 -> 83.1 %.
HALF_FRAME = 80  # samples at 16 kHz
QUESTION_ANSWERS = frozenset({"yes", "no", "unsure"})
_SETTLE = "settle"  # a one-word grammar: a cheap pass that only lets the front end settle on the recording
_NOT_WORDS = {"<s>", "</s>", "<sil>", "(NULL)", "[NOISE]", "[SPEECH]"}


@dataclass(frozen=True)
class Decoded:
    """The raw outcome of one decode, before the accept/reject decision (for calibration)."""

    phrase: str  # a complete grammar phrase, or "" when the grammar found none
    evidence: rejection.Evidence | None


def judge(decoded: Decoded, phrases: dict[str, str], point: rejection.OperatingPoint, ms: float = 0.0) -> Heard:
    """What `decoded` counts as at operating point `point`: one rule for the recogniser, at the
    shipped point, and for the calibration, at each candidate it tries."""
    if not decoded.phrase or decoded.evidence is None:
        return Heard(UNKNOWN, "", 0.0, ms, False)
    intent = phrases[decoded.phrase]
    confidence = point.classifier.confidence(decoded.evidence)
    if not point.accepts(intent, confidence, decoded.evidence.answer_margin):
        return Heard(UNKNOWN, "", confidence, ms, False)
    return Heard(intent, decoded.phrase, confidence, ms, intent == "no" and confidence < rejection.CONFIRM_NO)


def new_decoder(adaptation: Path | None) -> Any:
    """A pocketsphinx decoder as the recogniser uses it (no language model: grammars only), its
    acoustic model moved by `adaptation` when that file exists and can be applied (`acoustic`; else
    the stock model). Learning pronunciations aligns with the same one, so that what is learned fits
    what is decoded."""
    from pocketsphinx import Config, Decoder

    # Narrower beams (1e-35 for words and phones; the model's default is 1e-48) and 3 Gaussians
    # scored per codebook and frame (topn; default 4). A free phone loop, which can fit any sound,
    # likely loses more to the pruning than a closed grammar does: real answers stood out from other
    # speech more clearly. With pronunciations relearned and rejection recalibrated (cross-fitted on
    # the training voices), the test voices' yes/no screen went from 93.8/89.6/79.2 to 97.9/91.7/85.4 %
    # (clean/15/8 dB) with other speech heard as yes or no no more often, and decodes got about a
    # sixth quicker. The beams alone (topn 4) let other speech through as yes or no at 15 dB (2.4 %).
    # The other way, 16 Gaussians instead of 4, heard more answers with the old thresholds but made
    # near misses surer too ("nose" as "no", "yellow" as "yeah": 1.2 -> 3.6 % of other speech heard
    # as yes or no on the test voices) and took 1.6 times as long.
    settings = {"lm": None, "loglevel": "FATAL", "bestpath": False, "wip": 0.1, "beam": 1e-35, "pbeam": 1e-35, "topn": 3}
    try:
        with acoustic.adapted(adaptation) as model:
            return Decoder(Config(**settings, **model))
    except (acoustic.AcousticError, OSError):  # fewer answers heard, but heard; the doctor says why
        return Decoder(Config(**settings))


class Recogniser(AudioInputs):
    """Turns audio into a `Heard`. Construct once (about 0.2 s); decodes take tens of milliseconds.
    The `sphinx` engine (`voiceaid.listen.engine.Engine`)."""

    name = "sphinx"

    def __init__(
        self,
        vocabulary: Vocabulary | None = None,
        classifier: rejection.Classifier | None = None,
        adaptation: Path | None = ADAPTATION,
        learned: Path | None = lexicon.LEARNED,
        confusions: Path | None = phonematch.CONFUSIONS,
    ):
        """`adaptation`: an MLLR transform for the acoustic model (None: the stock model as it is).
        `learned`: pronunciations learned from the training voices (None: only the dictionary's and
        the hand-written and accent ones; a damaged list counts as none, and the doctor says so).
        `confusions`: how the phone loop hears the training voices' phones (None: the grammar's
        phrase is always believed; a damaged file counts as none, and the doctor says so)."""
        self.vocabulary = vocabulary or load_vocabulary()
        self.classifier = classifier or rejection.DEFAULT
        self._decoder = new_decoder(adaptation)
        missing = sorted(w for w in self.vocabulary.words() if self._decoder.lookup_word(w) is None)
        if missing:
            raise VocabularyError(f"vocabulary: not in the pronouncing dictionary: {', '.join(missing)}")
        extras = pronouncing.extra_pronunciations(self._decoder, self.vocabulary, learned)
        for index, (word, phones) in enumerate(extras):
            self._decoder.add_word(f"{word}({20 + index})", phones, index == len(extras) - 1)
        self._decoder.add_allphone_file(_PHONES, None)
        self._decoder.add_jsgf_string(_SETTLE, jsgf(["uh"]))
        self._answers = {intent: search for intent, search in _ANSWER.items() if intent in self.vocabulary.intents}
        for intent, search in self._answers.items():
            self._decoder.add_jsgf_string(search, jsgf(self.vocabulary.intents[intent]))
        self._extras = extras
        self._decoys = pronouncing.decoys(self._decoder, self.vocabulary, extras)
        self._searches: dict[frozenset[str], tuple[str, dict[str, str]]] = {}
        self._alone: dict[str, str] = {}  # phrase -> a search for that phrase alone
        self._phones: dict[str, int] = {}
        self._yes_no_phrases = frozenset(phrase for phrase, intent in self.vocabulary.phrases().items() if intent in _OPPOSITE)
        self._matcher = self._new_matcher(confusions)
        self._lock = threading.Lock()

    # -- public -------------------------------------------------------------------------------

    def wakes(self, heard: Heard) -> bool:
        return heard.understood and heard.confidence >= rejection.WAKE_CONFIDENCE

    def decode(self, samples: np.ndarray, expect: Iterable[str] | None = None) -> Heard:
        """Decode 16 kHz mono int16 samples, listening for `expect` (all intents when None)."""
        started = time.perf_counter()
        phrases = self._phrases(expect)
        heard = self.decide(self.analyse(samples, expect), phrases, 0.0)
        if expect is not None and QUESTION_ANSWERS & set(phrases.values()):
            heard = either(heard, self.decide(self.analyse(samples[HALF_FRAME:], expect), phrases, 0.0))
        elif expect is not None and heard.understood:
            heard = agreed(heard, self.decide(self.analyse(samples[HALF_FRAME:], expect), phrases, 0.0))
        ms = (time.perf_counter() - started) * 1000.0
        return Heard(heard.intent, heard.text, heard.confidence, ms, heard.needs_confirmation)

    def unsayable(self, words: Iterable[str]) -> list[str]:
        """The words its pronouncing dictionary lacks: a vocabulary with one cannot be listened for."""
        return dictionary.unsayable(words)

    def pronunciations(self) -> dict[str, list[str]]:
        """Every way the recogniser listens for each vocabulary word (ARPAbet), the dictionary's first."""
        out = {word: pronouncing.dictionary_pronunciations(self._decoder, word) for word in sorted(self.vocabulary.words())}
        for word, phones in self._extras:
            if phones not in out[word]:
                out[word].append(phones)
        return out

    def candidates(self) -> dict[str, list[str]]:
        """Every phrase and decoy a grammar holds, with every way the decoder listens for it."""
        words = self.pronunciations()
        found = {phrase: phonematch.phrase_pronunciations(phrase, words) for phrase in self.vocabulary.phrases()}
        for decoy in self._decoys:
            found.setdefault(decoy, pronouncing.dictionary_pronunciations(self._decoder, decoy))
        return found

    def opinions(self, samples: np.ndarray, expect: Iterable[str] | None = None) -> tuple[str, list[str]]:
        """The grammar's sentence for 16 kHz mono int16 samples ("" for none) and the phones the phone
        loop hears, decoded as `analyse` decodes them (nothing when there is no speech). For learning
        how the phone loop hears the training voices, and for choosing SWITCH_NATS."""
        samples, span = decodable(samples)
        if span is None:
            return "", []
        speech = padded(samples, span)
        with self._lock:
            text, _, _, _ = self._settled_run(self._search(self._key(expect))[0], speech)
            _, _, segments, _ = self._run(_PHONES, speech)
        return text, phonematch.heard_phones(word for word, _, _ in segments)

    def prepare(self, expect: Iterable[str] | None = None) -> None:
        """Build the grammar for `expect` now (it is otherwise built on its first decode)."""
        with self._lock:
            self._search(self._key(expect))

    # -- steps --------------------------------------------------------------------------------

    def analyse(self, samples: np.ndarray, expect: Iterable[str] | None = None) -> Decoded:
        raw = dither(np.asarray(samples, dtype=np.int16))
        samples, span = decodable(samples)
        snr = snr_db(raw)
        if span is None or snr < MIN_SNR_DB:
            return Decoded("", None)
        first, last = span
        voiced = voicing(samples[first:last])
        if voiced < MIN_VOICING:
            return Decoded("", None)
        speech = padded(samples, span)
        with self._lock:
            name, phrases = self._search(self._key(expect))
            text, grammar_score, segments, frames = self._settled_run(name, speech)
            if not text:
                return Decoded("", None)
            _, phone_score, phone_segments, _ = self._run(_PHONES, speech)
            if self._matcher is not None:
                heard = phonematch.heard_phones(word for word, _, _ in phone_segments)
                believed = phonematch.choose(text, self._matcher.scores(heard), grammar_only=self._yes_no_phrases)
                if believed != text and believed in phrases:
                    text, grammar_score, segments, frames = self._run(self._search_alone(believed), speech)
                else:
                    text = believed
            if text not in phrases:
                return Decoded("", None)
            margin = self._answer_margin(phrases[text], speech, frames)
        word_frames = sum(end - start + 1 for word, start, end in segments if word.split("(")[0] not in _NOT_WORDS)
        phones = self._phone_count(text)
        evidence = rejection.Evidence(
            per_frame=(grammar_score - phone_score) / max(frames, 1),
            snr_db=snr,
            speech_seconds=len(speech) / RATE,
            coverage=word_frames / max(frames, 1),
            voicing=voiced,
            frames_per_phone=word_frames / max(phones, 1),
            screen_phrases=len(phrases),
            phrase_phones=phones,
            answer_margin=margin,
        )
        return Decoded(text, evidence)

    def decide(self, decoded: Decoded, phrases: dict[str, str], ms: float) -> Heard:
        return judge(decoded, phrases, rejection.shipped(self.classifier), ms)

    # -- decoder ------------------------------------------------------------------------------

    def _key(self, expect: Iterable[str] | None) -> frozenset[str]:
        if expect is None:
            return frozenset(self.vocabulary.intents)
        return self.vocabulary.check_intents(expect)

    def _phrases(self, expect: Iterable[str] | None) -> dict[str, str]:
        return self.vocabulary.phrases(sorted(self._key(expect)))

    def _search(self, key: frozenset[str]) -> tuple[str, dict[str, str]]:
        if key not in self._searches:
            if not key:
                raise VocabularyError("nothing to listen for: the list of intents is empty")
            phrases = self.vocabulary.phrases(sorted(key))
            decoys = set(self.vocabulary.phrases()) - set(phrases)
            decoys |= {word for word in self._decoys if self._decoder.lookup_word(word) is not None}
            name = grammar_name(key)
            self._decoder.add_jsgf_string(name, jsgf(set(phrases) | decoys))
            self._searches[key] = (name, phrases)
        return self._searches[key]

    def _search_alone(self, phrase: str) -> str:
        """A search for `phrase` alone: its score and word timings when the phones chose it."""
        if phrase not in self._alone:
            self._alone[phrase] = f"alone{len(self._alone)}"
            self._decoder.add_jsgf_string(self._alone[phrase], jsgf([phrase]))
        return self._alone[phrase]

    def _new_matcher(self, confusions: Path | None) -> phonematch.Matcher | None:
        try:
            counts = phonematch.read(confusions) if confusions is not None else None
        except phonematch.ConfusionsError:
            counts = None  # the grammar's phrase is believed as it is; the doctor says why
        return phonematch.matcher(counts, self.candidates()) if counts is not None else None

    def _answer_margin(self, intent: str, speech: np.ndarray, frames: int) -> float:
        """For a yes or a no: how much better (per frame) the best phrase of that answer explains the
        speech than the best phrase of the opposite one; infinite when there is no opposite to take it
        for (another intent, or a vocabulary without yes or no). Call with the lock held."""
        if intent not in self._answers or _OPPOSITE[intent] not in self._answers:
            return math.inf
        _, own, _, _ = self._run(self._answers[intent], speech)
        _, opposite, _, _ = self._run(self._answers[_OPPOSITE[intent]], speech)
        return (own - opposite) / max(frames, 1)

    def _phone_count(self, phrase: str) -> int:
        if phrase not in self._phones:
            self._phones[phrase] = sum(len((self._decoder.lookup_word(word) or "x").split()) for word in phrase.split())
        return self._phones[phrase]

    def _settled_run(self, search: str, speech: np.ndarray) -> tuple[str, float, list[tuple[str, int, int]], int]:
        """`_run`, with the front end started afresh and settled on this recording first. It tracks
        the background (remove_noise) and the cepstral mean across utterances: started afresh, an
        answer is decoded the same whatever was heard before it, and a first cheap pass over this
        same recording lets both settle on it, instead of starting from the model's defaults a second
        of speech is too short to move away from (train split, 8 dB: 67 -> 73% of answers heard right
        with the full vocabulary). Call with the lock held."""
        self._decoder.reinit_feat()
        self._run(_SETTLE, speech)
        return self._run(search, speech)

    def _run(self, search: str, speech: np.ndarray) -> tuple[str, float, list[tuple[str, int, int]], int]:
        decoder = self._decoder
        decoder.activate_search(search)
        decoder.start_utt()
        decoder.process_raw(speech.tobytes(), full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
        frames = decoder.n_frames()
        if hyp is None:
            return "", -1e9, [], frames
        score = math.log(hyp.score) if hyp.score > 0 else -1e9  # the binding returns exp(log score)
        segments = [(seg.word, seg.start_frame, seg.end_frame) for seg in decoder.seg()]
        return " ".join(hyp.hypstr.split()), score, segments, frames


def either(first: Heard, second: Heard) -> Heard:
    """Two hearings of one answer (half a frame apart) as one: what both heard, else what one heard
    when the other heard nothing, else (two different answers) nothing. A "no" that only one of them
    heard is read back before it counts: mishearing a "no" is the unsafe mistake."""
    if first.intent == second.intent:
        best = max(first, second, key=lambda heard: heard.confidence)
        return Heard(best.intent, best.text, best.confidence, 0.0, first.needs_confirmation or second.needs_confirmation)
    if UNKNOWN not in (first.intent, second.intent):
        return Heard(UNKNOWN)
    heard = second if first.intent == UNKNOWN else first
    return Heard(heard.intent, heard.text, heard.confidence, 0.0, heard.needs_confirmation or heard.intent == "no")


def agreed(first: Heard, second: Heard) -> Heard:
    """Two hearings of one command (half a frame apart) as one: what both heard, else nothing. A
    command is carried out at once, so one that changes with where the frames fall is not trusted."""
    return either(first, second) if first.intent == second.intent else Heard(UNKNOWN)
