"""quiet(): C-level writes to fds 1 and 2 vanish inside the block and come back after it."""

from __future__ import annotations

import os
import threading

from voiceaid.speech.quiet import quiet


def test_writes_to_fds_1_and_2_are_silenced_and_restored(capfd) -> None:
    with quiet():
        os.write(1, b"alsa lib pcm.c: noise on stdout\n")
        os.write(2, b"ALSA lib pcm.c: noise on stderr\n")
    os.write(2, b"after\n")
    out, err = capfd.readouterr()
    assert out == ""
    assert err == "after\n"


def test_nested_and_concurrent_use_restores_once_the_last_leaves(capfd) -> None:
    entered = threading.Event()
    release = threading.Event()

    def other() -> None:
        with quiet():
            entered.set()
            release.wait(5)
            os.write(2, b"from other thread\n")

    thread = threading.Thread(target=other)
    thread.start()
    assert entered.wait(5)
    with quiet():
        with quiet():
            os.write(2, b"nested\n")
    os.write(2, b"still quiet while the other thread is inside\n")
    release.set()
    thread.join(5)
    os.write(2, b"loud again\n")
    assert capfd.readouterr().err == "loud again\n"


def test_alsa_error_messages_are_silenced_process_wide(capfd) -> None:
    import ctypes
    import ctypes.util

    from voiceaid.speech.quiet import silence_alsa_errors

    silence_alsa_errors()
    silence_alsa_errors()  # idempotent
    library = ctypes.cdll.LoadLibrary(ctypes.util.find_library("asound") or "libasound.so.2")
    pcm = ctypes.c_void_p()
    # Opening a device that does not exist makes alsa-lib report through its error handler.
    assert library.snd_pcm_open(ctypes.byref(pcm), b"no_such_device_voiceaid", 0, 0) < 0
    assert capfd.readouterr() == ("", "")
