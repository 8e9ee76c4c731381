"""`voiceaid triage --answer ID=yes|no|unsure ... [--json]`: the app's red-flag rules on given answers.

Questions not named are treated as not asked. The outcome is decided and worded exactly as in the app
(`voiceaid.core.triage.decide` and `voiceaid.core.outcome_text.outcome_text`), with the emergency number
from the settings.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ANSWER_CHOICES = ("yes", "no", "unsure")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "triage",
        help="apply the red-flag rules to answers: voiceaid triage --answer chest_or_breath=no --answer frequent=yes",
        description="Apply voiceaid's red-flag rules to the given answers and print the outcome. "
        "Questions not named count as not asked. 'unsure' counts as yes.",
    )
    parser.add_argument(
        "--answer",
        "-a",
        action="append",
        nargs="+",
        default=[],
        metavar="ID=ANSWER",
        help="a question id and its answer (yes, no or unsure); repeat for more",
    )
    parser.add_argument("--json", action="store_true", help='print {"disposition", "reasons", "advice"} as JSON')
    # SUPPRESS: do not overwrite `voiceaid --content DIR triage` with None.
    parser.add_argument("--content", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="use content from DIR instead of the built-in content")
    parser.set_defaults(run=run)


def parse_answers(pairs: list[str], question_ids: list[str]) -> dict[str, str]:
    from voiceaid.errors import UserError

    answers: dict[str, str] = {}
    for pair in pairs:
        qid, sep, value = pair.partition("=")
        qid, value = qid.strip(), value.strip().lower()
        if not sep or not qid:
            raise UserError(f"--answer {pair!r}: write ID=ANSWER, such as chest_or_breath=no; valid ids: {', '.join(question_ids)}")
        if qid not in question_ids:
            raise UserError(f"--answer {pair!r}: unknown question id {qid!r}; valid ids: {', '.join(question_ids)}")
        if value not in ANSWER_CHOICES:
            raise UserError(f"--answer {pair!r}: unknown answer {value!r}; valid answers: {', '.join(ANSWER_CHOICES)}")
        if qid in answers and answers[qid] != value:
            raise UserError(f"--answer: {qid} is given twice, as {answers[qid]} and {value}; give it once")
        answers[qid] = value
    return answers


def run(args: argparse.Namespace) -> int:
    import sys

    from voiceaid.config import load_settings
    from voiceaid.content.loader import ContentError, load_content
    from voiceaid.core.outcome_text import outcome_text
    from voiceaid.core.triage import decide
    from voiceaid.core.wording import personalise
    from voiceaid.errors import UserError
    from voiceaid.plain_text import json_text

    try:
        content = load_content(getattr(args, "content", None))
    except ContentError as error:
        raise UserError("the content cannot be used:\n  " + "\n  ".join(error.problems)) from None
    question_ids = [q.id for q in content.questions]
    answers = parse_answers([pair for group in args.answer for pair in group], question_ids)
    for question in content.questions:  # a follow-up counts only after its question's yes: never drop its yes silently
        if question.follows and answers.get(question.id) in ("yes", "unsure") and answers.get(question.follows) not in ("yes", "unsure"):
            raise UserError(
                f"--answer {question.id}={answers[question.id]}: this question is asked only after a yes or not sure "
                f"to {question.follows}; give --answer {question.follows}=yes (or unsure) too, or leave {question.id} out"
            )
    settings, problems = load_settings(strict=False)
    for problem in problems:
        print(f"voiceaid: {problem} (using the default)", file=sys.stderr)
    number = settings.emergency_number

    outcome = decide(answers, content.questions)
    muscle = content.routines[content.start_site].muscle if content.start_site in content.routines else "calf"
    text = outcome_text(content, outcome, number, lambda template: personalise(content, template, None, muscle, emergency_number=number))

    if args.json:
        print(json_text({"disposition": outcome.disposition, "reasons": list(outcome.reasons), "advice": text.spoken}))
        return 0
    lines = [text.title, "", text.show]
    if text.reasons:
        lines += ["", content.text("outcome_watch" if text.disposition == "self_care" else "outcome_reasons")]
        lines += [f"  - {reason}" for reason in text.reasons + text.notes]
    if text.also:
        lines += ["", content.text("outcome_also")] + [f"  - {reason}" for reason in text.also]
    lines += ["", content.text("outcome_if_worse"), f"  {text.if_worse}"]
    lines += ["", text.standing_line]
    print("\n".join(lines))
    return 0
