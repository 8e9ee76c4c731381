"""Can voiceaid listen? The microphone (PortAudio); each speech engine checks itself (`engines.doctor_check`)."""

from __future__ import annotations


from voiceaid.doctor.probe import MARK, OK, SETUP_HINT, TIMEOUT, WARN, Check, last_line, run_python


_MIC_CODE = f"""
import json, os, sys
try:
    import pyaudio
except Exception as error:
    print({MARK!r} + json.dumps({{"error": "import", "message": repr(error)}}))
    sys.exit(0)
audio = pyaudio.PyAudio()
try:
    inputs = []
    for index in range(audio.get_device_count()):
        info = audio.get_device_info_by_index(index)
        if int(info.get("maxInputChannels", 0)) > 0:
            inputs.append(str(info.get("name")))
    try:
        default = str(audio.get_default_input_device_info().get("name"))
    except (IOError, OSError):
        default = ""
finally:
    audio.terminate()
print({MARK!r} + json.dumps({{"inputs": inputs, "default": default}}))
"""


def check_microphone(enabled: bool = True) -> Check:
    name = "microphone"
    off = "" if enabled else " (listening is off in config: voiceaid config set microphone on)"
    fix = "plug in a microphone or headset and check `arecord -l`; voiceaid still works with the keys"
    data, result = run_python(_MIC_CODE)  # ALSA/JACK chatter goes to the captured stderr, not the terminal
    if result.returncode is None:
        return Check(name, WARN, f"PortAudio did not list devices within {TIMEOUT:g} s{off}", fix)
    if data is None:
        return Check(name, WARN, f"PortAudio failed: {last_line(result.stderr)}{off}", f"{SETUP_HINT} (PyAudio needs PortAudio: sudo apt-get install portaudio19-dev)")
    if data.get("error") == "import":
        return Check(name, WARN, f"PyAudio is not installed ({data.get('message')}){off}", f"{SETUP_HINT}, or: pip install PyAudio")
    inputs = data.get("inputs") or []
    if not inputs:
        return Check(name, WARN, f"no input device found{off}", fix)
    default = data.get("default") or "none"
    # Listing devices cannot tell how well it hears a person from the bed: that needs someone to speak.
    return Check(name, OK, f"{len(inputs)} input device(s), default: {default}{off}; to hear how it hears you: voiceaid hear --mic")
