"""The tuning lab: how voiceaid's speech engines are measured and taught, kept out of the installed package.

Building labelled test corpora (`corpus`), scoring an engine on them (`evaluate`, `measure`), choosing
the rejection thresholds (`calibrate`), fitting the acoustic transform (`adapt`), learning pronunciations
and phone confusions (`pronunciations`, `confusions`) and the wake-hour recording (`wake_hour`). The
scripts in `scripts/` drive it; what it learns is written as data files beside each engine's model in
`voiceaid/listen/<engine>/`, which is all the app ever reads. The app never imports this package.
"""
