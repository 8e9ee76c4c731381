"""The acoustic model as the recogniser loads it: pocketsphinx's stock en-us model with its Gaussian
means moved by voiceaid's MLLR transform (`recogniser.ADAPTATION`, built by `scripts/adapt-model`).

The transform has one affine map per class of phones (front vowels, back vowels, sonorants, stops,
fricatives, and silence with the noise models: `adapt.MLLR_CLASSES`). pocketsphinx can apply an MLLR
transform itself (its `mllr` setting), but only a transform's first class, so every Gaussian would
move the same way. Here the means are moved once at start-up (under a tenth of a second), written to a
private temporary file that the decoder reads while it is built, and the file is removed.

The transform's classes are listed beside it (`adaptation.classes`: each codebook's phone and class,
"-" for untouched; the model's codebooks are its context-independent phones, in order). A transform
without that list has one class, which then moves every codebook, as pocketsphinx would.
"""

from __future__ import annotations

import struct
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

_BYTE_ORDER = 0x11223344  # written after a sphinx parameter file's header, in the file's byte order
UNTOUCHED = -1  # the class of a codebook the transform leaves as it is


class AcousticError(Exception):
    """A model or transform file cannot be read or does not fit the model; the message says which."""


@dataclass(frozen=True)
class Transform:
    """An MLLR mean transform: for each class and feature stream, mean -> A @ mean + b."""

    a: np.ndarray  # (classes, streams, veclen, veclen)
    b: np.ndarray  # (classes, streams, veclen)
    classes: tuple[int, ...] | None  # each codebook's class (UNTOUCHED: none); None: one class for all

    def apply(self, means: np.ndarray) -> np.ndarray:
        """`means` (codebooks, streams, densities, veclen) moved by the transform."""
        codebooks, streams = means.shape[:2]
        classes = self.classes if self.classes is not None else (0,) * codebooks
        if len(classes) != codebooks:
            raise AcousticError(f"the transform's classes name {len(classes)} codebooks, the model has {codebooks}")
        if self.a.shape[1] != streams or self.a.shape[2] != means.shape[3]:
            raise AcousticError(f"the transform is for {self.a.shape[1]} streams of {self.a.shape[2]}, the model has {streams} of {means.shape[3]}")
        moved = means.astype(np.float64)
        for codebook, cls in enumerate(classes):
            if cls != UNTOUCHED:
                for stream in range(streams):
                    moved[codebook, stream] = moved[codebook, stream] @ self.a[cls, stream].T + self.b[cls, stream]
        return moved.astype(np.float32)


# -- files ------------------------------------------------------------------------------------


def read_gaussians(path: Path) -> np.ndarray:
    """A sphinx Gaussian parameter file (means or variances) as (codebooks, streams, densities, veclen)."""
    data = path.read_bytes()
    end = data.find(b"endhdr\n")
    if not data.startswith(b"s3\n") or end < 0 or len(data) < end + 7 + 20:
        raise AcousticError(f"{path}: not a sphinx parameter file")
    offset = end + 7
    (order,) = struct.unpack_from("<I", data, offset)
    if order != _BYTE_ORDER:
        raise AcousticError(f"{path}: big-endian parameter files are not supported")
    codebooks, streams, densities = struct.unpack_from("<3I", data, offset + 4)
    offset += 16
    veclens = struct.unpack_from(f"<{streams}I", data, offset)
    (count,) = struct.unpack_from("<I", data, offset + 4 * streams)
    offset += 4 * streams + 4
    if len(set(veclens)) != 1 or count != codebooks * densities * sum(veclens) or len(data) < offset + 4 * count:
        raise AcousticError(f"{path}: unexpected layout ({codebooks}x{streams}x{densities}, vectors {veclens})")
    values = np.frombuffer(data, dtype="<f4", count=count, offset=offset)
    return values.reshape(codebooks, streams, densities, veclens[0]).copy()


def write_gaussians(path: Path, array: np.ndarray) -> None:
    """`array` (codebooks, streams, densities, veclen) as a sphinx Gaussian parameter file."""
    codebooks, streams, densities, veclen = array.shape
    write_parameters(path, [codebooks, streams, densities, *([veclen] * streams), array.size], array.astype("<f4"))


def write_parameters(path: Path, head: list[int], values: np.ndarray, version: str = "1.0") -> None:
    """A sphinx binary parameter file: its header, the dimensions `head`, the 4-byte `values` (float32
    parameters, int32 maps), and the checksum over both that sphinxtrain's tools and pocketsphinx check."""
    words = np.array(head, dtype="<u4")
    values = np.ascontiguousarray(values).ravel()
    if values.dtype.itemsize != 4:
        raise ValueError(f"sphinx parameter files hold 4-byte values, not {values.dtype}")
    checksum = 0
    for word in np.concatenate([words, values.view("<u4")]).tolist():
        checksum = (((checksum << 20) | (checksum >> 12)) + word) & 0xFFFFFFFF
    preamble = f"s3\nversion {version}\nchksum0 yes\n".encode()
    padding = -(len(preamble) + len(b"endhdr\n")) % 8  # as sphinx pads its own
    with open(path, "wb") as handle:
        handle.write(preamble + b" " * padding + b"endhdr\n" + struct.pack("<I", _BYTE_ORDER))
        handle.write(words.tobytes() + values.tobytes() + struct.pack("<I", checksum))


def classes_path(transform: Path) -> Path:
    return transform.with_suffix(".classes")


def read_transform(path: Path) -> Transform:
    """An MLLR transform in sphinxtrain's text form (classes, streams, then for each class and stream:
    the vector length, A row by row, b, and the variance scale h, which must be all ones), with its
    classes from the list beside it."""
    try:
        numbers = [float(word) for word in path.read_text(encoding="utf-8").split()]
        n_class, streams = int(numbers[0]), int(numbers[1])
        position, a, b = 2, [], []
        for _ in range(n_class):
            a.append([])
            b.append([])
            for _ in range(streams):
                veclen = int(numbers[position])
                block = np.array(numbers[position + 1 : position + 1 + veclen * (veclen + 2)])
                if len(block) != veclen * (veclen + 2):
                    raise ValueError("the file ends early")
                position += 1 + veclen * (veclen + 2)
                a[-1].append(block[: veclen * veclen].reshape(veclen, veclen))
                b[-1].append(block[veclen * veclen : veclen * (veclen + 1)])
                if not np.allclose(block[veclen * (veclen + 1) :], 1.0):
                    raise ValueError("it scales the variances, which is not supported")
        if position != len(numbers):
            raise ValueError("there is more after the last class")
        transform = Transform(np.array(a), np.array(b), _read_classes(classes_path(path), n_class))
    except (OSError, UnicodeDecodeError, ValueError, IndexError) as error:
        raise AcousticError(f"{path}: cannot read the acoustic transform ({error})") from None
    return transform


def _read_classes(path: Path, n_class: int) -> tuple[int, ...] | None:
    """Each codebook's class from lines "PHONE CLASS" ("-" for untouched); None without the file,
    which only a one-class transform may lack."""
    if not path.is_file():
        if n_class != 1:
            raise ValueError(f"{n_class} classes, but no {path.name} to say which phones are in which")
        return None
    classes = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2 or not (words[1] == "-" or (words[1].isdigit() and int(words[1]) < n_class)):
            raise ValueError(f"{path.name}:{number}: expected a phone and a class from 0 to {n_class - 1} or '-', got {line!r}")
        classes.append(UNTOUCHED if words[1] == "-" else int(words[1]))
    return tuple(classes)


def write_classes(path: Path, phones: list[str], classes: list[int]) -> None:
    lines = ["# The acoustic transform's class of each codebook (the model's phones, in order); - : left as it is"]
    lines += [f"{phone} {'-' if cls == UNTOUCHED else cls}" for phone, cls in zip(phones, classes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the model --------------------------------------------------------------------------------


def stock_model() -> Path:
    """The directory of pocketsphinx's own en-us acoustic model."""
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us" / "en-us"


@contextmanager
def adapted(adaptation: Path | None) -> Iterator[dict[str, str]]:
    """Decoder settings for the stock model moved by `adaptation` ({} for the stock model: no file,
    or None), valid inside the `with`: build the decoder there. Raises AcousticError when the
    transform cannot be read or applied, OSError when the moved means cannot be written."""
    if adaptation is None or not adaptation.is_file():
        yield {}
        return
    means = read_transform(adaptation).apply(read_gaussians(stock_model() / "means"))
    with tempfile.TemporaryDirectory(prefix="voiceaid-model-") as folder:
        path = Path(folder) / "means"
        write_gaussians(path, means)
        yield {"mean": str(path)}
