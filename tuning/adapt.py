"""Fit the acoustic model to the speech the recogniser actually gets: an MLLR transform (`scripts/adapt-model`).

The stock en-us model was trained on American read speech through good microphones. MLLR (maximum
likelihood linear regression) moves the model's Gaussian means by a few shared affine maps, one per
feature stream and class of phones (MLLR_CLASSES: front vowels, back vowels, sonorants, stops,
fricatives, and silence with the noise models), estimated from labelled answers. A few maps can
shift the spectrum towards a voice or a channel, vowels one way and consonants another; they cannot
learn the words. That is why this is MLLR and not MAP: MAP re-estimates every Gaussian on its own,
and fitted to synthetic answers it about doubled the word errors on a real person's reading
(pocketsphinx's own test recordings), while this transform left them about as they were
(tests/listen/test_real_people.py). pocketsphinx applies only a transform's first class, so the
recogniser moves the means itself (`voiceaid.listen.sphinx.acoustic`).

The work is sphinxtrain's (Debian: sphinxtrain, sphinxbase-utils, pocketsphinx): features with
`sphinx_fe`, state occupancies with `bw`, the transform with `mllr_solve`. Each answer is prepared
exactly as the recogniser prepares it (denoised, dithered, trimmed by the Endpointer), so the
transform fits what is decoded. The model ships only `sendump` (8-bit mixture weights) and `bw` wants
`mixture_weights`; `read_sendump` and `write_s3_array` turn the one into the other.

Only build tools live here; the app reads the finished transform (`recogniser.ADAPTATION`) and the
list of its classes beside it.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from tuning import confusions, corpus, pronunciations
from tuning.calibrate import merge
from tuning.evaluate import evaluate
from voiceaid.listen.sphinx import lexicon, phonematch
from voiceaid.listen.sphinx.acoustic import classes_path, stock_model, write_classes, write_parameters
from voiceaid.listen.audio import RATE, read_wav
from voiceaid.listen.gate import decodable, padded
from voiceaid.listen.sphinx.recogniser import Recogniser

SPHINXTRAIN = Path("/usr/lib/sphinxtrain")
TOOLS = {  # program -> the Debian package that has it
    "sphinx_fe": "sphinxbase-utils",
    "pocketsphinx_mdef_convert": "pocketsphinx",
    "bw": "sphinxtrain",
    "mllr_solve": "sphinxtrain",
}
# The model's front end (its feat.params), for sphinx_fe; the Endpointer pads as the recogniser does.
FRONT_END = ["-samprate", str(RATE), "-lowerf", "130", "-upperf", "6800", "-nfilt", "25", "-transform", "dct", "-lifter", "22",
             "-remove_noise", "yes", "-remove_silence", "no"]  # fmt: skip
# The transform's classes of phones, each moved by an affine map of its own; silence and the noise
# models make one more class. One map for every phone (all pocketsphinx applies itself) cannot move
# vowels one way and consonants another, as voices unlike the model's speakers need.
MLLR_CLASSES = (
    frozenset("IY IH EH AE EY AY".split()),  # front vowels
    frozenset("AA AH AO AW ER OW OY UH UW".split()),  # central and back vowels
    frozenset("L R W Y M N NG".split()),  # liquids, glides and nasals
    frozenset("B D G K P T".split()),  # stops
    frozenset("CH JH DH F S SH TH V Z ZH HH".split()),  # fricatives and affricates
)
FEATURES = ["-feat", "1s_c_d_dd", "-svspec", "0-12/13-25/26-38", "-cmn", "current", "-agc", "none"]


class AdaptError(Exception):
    """A tool is missing or failed; the message says which and what to do."""


def tool(name: str) -> str:
    """The program's path: sphinxtrain's own directory first (its names, such as bw, are short enough
    to be something else on PATH), then PATH."""
    path = str(SPHINXTRAIN / name) if (SPHINXTRAIN / name).is_file() else shutil.which(name)
    if path is None:
        raise AdaptError(f"{name} not found (apt-get install {TOOLS[name]})")
    return path


def missing_tools() -> list[str]:
    """The Debian packages still to install, [] when every tool is there."""
    missing = []
    for name, package in TOOLS.items():
        try:
            tool(name)
        except AdaptError:
            missing.append(package)
    return sorted(set(missing))


# -- the model's mixture weights ---------------------------------------------------------------


def read_sendump(path: Path) -> np.ndarray:
    """Mixture weights (senones x streams x densities, each row summing to 1) from a PTM model's
    sendump: a list of header strings, then for each stream and density one byte per senone, a
    negated log (base 1.0001) weight shifted right by mixw_shift bits."""
    data = path.read_bytes()
    offset = 0

    def string() -> str | None:
        nonlocal offset
        (length,) = struct.unpack_from("<I", data, offset)
        offset += 4
        text = data[offset : offset + length - 1].decode("ascii", "replace") if length else None
        offset += length
        return text

    string()  # title
    header: dict[str, str] = {}
    while (line := string()) is not None:
        key, _, value = line.partition(" ")
        header[key] = value
    if int(header.get("cluster_count", 0)) != 0:
        raise AdaptError(f"{path}: clustered sendump files are not supported")
    densities, senones = struct.unpack_from("<II", data, offset)
    offset += 8
    streams = int(header["feature_count"])
    shift = int(header.get("mixw_shift", 10))
    size = streams * densities * senones
    if len(data) - offset != size:
        raise AdaptError(f"{path}: {len(data) - offset} bytes of weights, expected {size}")
    codes = np.frombuffer(data, dtype=np.uint8, count=size, offset=offset).reshape(streams, densities, senones)
    weights = np.power(1.0001, -(codes.astype(np.float64) * (1 << shift))).transpose(2, 0, 1)
    return weights / weights.sum(axis=2, keepdims=True)


def write_s3_array(path: Path, array: np.ndarray) -> None:
    """A 3-D float array in SphinxTrain's binary parameter format, with its checksum (bw insists)."""
    write_parameters(path, [*array.shape, array.size], array.astype("<f4"))


def trainable_model(model: Path, work: Path) -> Path:
    """A copy of the acoustic model that sphinxtrain can read: text mdef and mixture_weights."""
    target = work / "model"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("means", "variances", "transition_matrices", "noisedict", "feat.params"):
        shutil.copy(model / name, target / name)
    _run([tool("pocketsphinx_mdef_convert"), "-text", str(model / "mdef"), str(target / "mdef.txt")], work / "mdef.log")
    write_s3_array(target / "mixture_weights", read_sendump(model / "sendump"))
    return target


# -- the answers, as the recogniser hears them -------------------------------------------------


def prepare(corpus_dirs: Iterable[Path], voices: set[str] | None, work: Path) -> int:
    """Write every labelled answer (of `voices`, or all) as the recogniser's trimmed audio, plus the
    control and transcript files bw reads. Returns how many answers."""
    audio = work / "audio"
    audio.mkdir(parents=True, exist_ok=True)
    names, transcripts = [], []
    for corpus_dir in corpus_dirs:
        for clip in corpus.load_labels(corpus_dir):
            if clip.kind != "answer" or (voices is not None and clip.voice not in voices):
                continue
            samples, span = decodable(read_wav(corpus_dir / clip.file))
            if span is None:
                continue
            name = f"{corpus_dir.name}-{clip.noise}-{Path(clip.file).stem}"
            padded(samples, span).astype("<i2").tofile(audio / f"{name}.raw")
            names.append(name)
            transcripts.append(f"<s> {clip.text.lower()} </s> ({name})")
    (work / "answers.ctl").write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
    (work / "answers.lsn").write_text("".join(f"{t}\n" for t in transcripts), encoding="utf-8")
    return len(names)


def codebook_phones(mdef_text: Path) -> list[str]:
    """The model's codebooks, in order: a PTM model has one per context-independent phone."""
    phones = []
    for line in mdef_text.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[1:4] == ["-", "-", "-"]:
            phones.append(fields[0])
    return phones


def phone_class(phone: str) -> int:
    """The transform class of a codebook's phone (MLLR_CLASSES), else the class of silence and noise."""
    return next((index for index, group in enumerate(MLLR_CLASSES) if phone in group), len(MLLR_CLASSES))


def write_class_map(path: Path, classes: list[int]) -> None:
    """A codebook-to-class map in sphinxtrain's binary form (mllr_solve -cb2mllrfn; -1: no class)."""
    write_parameters(path, [max(classes) + 1, len(classes)], np.array(classes, dtype="<i4"), version="1.2")


def solve(model: Path, dictionary: Path, work: Path, out: Path) -> None:
    """Features, Baum-Welch counts and the MLLR transform for the answers `prepare` wrote: one map
    per class of phones (MLLR_CLASSES, and silence with the noise models), listed beside `out`."""
    trainable = trainable_model(model, work)
    audio, counts = work / "audio", work / "counts"
    counts.mkdir(exist_ok=True)
    ctl, lsn = str(work / "answers.ctl"), str(work / "answers.lsn")
    _run([tool("sphinx_fe"), "-c", ctl, "-di", str(audio), "-do", str(audio), "-ei", "raw", "-eo", "mfc", "-raw", "yes", *FRONT_END], work / "fe.log")
    _run(
        [tool("bw"), "-hmmdir", str(trainable), "-moddeffn", str(trainable / "mdef.txt"), "-ts2cbfn", ".ptm.", *FEATURES,
         "-dictfn", str(dictionary), "-fdictfn", str(trainable / "noisedict"), "-ctlfn", ctl, "-lsnfn", lsn,
         "-cepdir", str(audio), "-cepext", "mfc", "-accumdir", str(counts)],
        work / "bw.log",
    )  # fmt: skip
    phones = codebook_phones(trainable / "mdef.txt")
    classes = [phone_class(phone) for phone in phones]
    write_class_map(work / "cb2mllr", classes)
    out.parent.mkdir(parents=True, exist_ok=True)
    _run([tool("mllr_solve"), "-meanfn", str(trainable / "means"), "-varfn", str(trainable / "variances"),
          "-outmllrfn", str(out), "-accumdir", str(counts), "-cb2mllrfn", str(work / "cb2mllr")], work / "mllr.log")  # fmt: skip
    write_classes(classes_path(out), phones, classes)


def adapt(corpus_dirs: Iterable[Path], out: Path, work: Path, voices: set[str] | None = None) -> int:
    """The whole build: an MLLR transform at `out` from the answers of `corpus_dirs`. Returns how many."""
    model = stock_model()
    try:
        count = prepare(list(corpus_dirs), voices, work)
        if count == 0:
            raise AdaptError("no answers to adapt to (check the corpus dirs and --voices)")
        solve(model, model.parent / "cmudict-en-us.dict", work, out)
    except OSError as error:
        raise AdaptError(str(error)) from None
    return count


# -- calibrating with a transform that has not heard the voice ---------------------------------


def voice_halves(corpus_dirs: Iterable[Path]) -> tuple[set[str], set[str]]:
    """Each corpus's voices, sorted and dealt alternately into two halves (both families in each)."""
    first: set[str] = set()
    second: set[str] = set()
    for corpus_dir in corpus_dirs:
        voices = sorted({clip.voice for clip in corpus.load_labels(corpus_dir) if clip.voice})
        first |= set(voices[0::2])
        second |= set(voices[1::2])
    return first, second


def cross_fitted(corpus_dirs: list[Path], work: Path, progress: Callable[[str], None] = lambda _: None) -> dict:
    """The corpora's decodes (as `evaluate` returns them, merged) with each half of the voices decoded
    by a transform fitted to, pronunciations learned from and phone confusions learned from the other
    half, so that rejection is calibrated on scores like those of a voice voiceaid has never heard.
    Clips of no voice (noise) go with the first half."""
    first, second = voice_halves(corpus_dirs)
    transforms, learned, confusion_files = {}, {}, {}
    for name, voices in (("first", first), ("second", second)):
        transforms[name] = work / f"{name}.mllr"
        count = adapt(corpus_dirs, transforms[name], work / name, voices)
        learned[name] = work / f"{name}-pronunciations.txt"
        lexicon.write(learned[name], pronunciations.learn(sorted(voices), transforms[name]))
        confusion_files[name] = work / f"{name}-confusions.txt"
        hearing = Recogniser(adaptation=transforms[name], learned=learned[name], confusions=None)
        phonematch.write(confusion_files[name], confusions.learn_from_corpora(corpus_dirs, hearing, voices))
        progress(f"{name} half ({', '.join(sorted(voices))}): {count} answers")
    results = []
    for corpus_dir in corpus_dirs:
        for voices, other in ((first, "second"), (second, "first")):

            def pick(clip: corpus.Clip, voices: set[str] = voices) -> bool:
                return clip.voice in voices or (not clip.voice and voices is first)

            results.append(evaluate(corpus_dir, reference=False, adaptation=transforms[other], select=pick, learned=learned[other],
                                    confusions=confusion_files[other]))
            progress(f"decoded {corpus_dir.name}, {results[-1]['clips']} clips")
    return merge(results)


def _run(command: list[str], log: Path) -> None:
    with open(log, "wb") as handle:
        finished = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if finished.returncode != 0:
        lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        raise AdaptError(f"{Path(command[0]).name} failed (exit {finished.returncode}): {' / '.join(lines[-3:])}")
