"""The pure core: session flow, timers and cues, checklist and triage. No Textual, no audio, clock injected."""
