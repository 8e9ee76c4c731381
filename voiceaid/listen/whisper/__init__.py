"""The Whisper engine: faster-whisper (CTranslate2, int8) on a local model directory, a transcript
turned into one of the screen's intents, and Whisper's own figures for rejection.

Optional: installed with `pip install voiceaid[whisper]`. Nothing here is imported unless the
engine is chosen, so voiceaid runs on pocketsphinx alone without it.
"""
