"""The pocketsphinx engine: a closed grammar per screen and calibrated rejection (`recogniser`), the
acoustic model's transform (`acoustic`), pronunciations (`lexicon`, `pronouncing`, `grammar`), a second
opinion from the phones (`phonematch`) and the classifier that says how sure it is (`rejection`).

Everything it learned is data beside this file, each file headed by the command that made it: the
acoustic transform (adaptation.mllr/.classes), pronunciations.txt, confusions.txt, common_words.txt,
rejection.yaml (classifier and thresholds) and wake.yaml (the wake phrase's confidence).
"""
