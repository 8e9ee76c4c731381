"""The block letters of the text scale: as large as fits, never cut, never missing a letter."""

from __future__ import annotations

import pyfiglet
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voiceaid.ui.big_font import FONTS, LINE_GAP, big_lines

INSTRUCTION = "Straighten your knee. Gently pull your toes up towards you. Hold."


def drawn(word: str, scale: int) -> list[str]:
    rows = [row.rstrip() for row in pyfiglet.Figlet(font=FONTS[scale], width=10_000).renderText(word).split("\n")]
    return [row for row in rows if row.strip()]


def test_scale_zero_means_ordinary_text():
    assert big_lines(INSTRUCTION, 0, 80) is None


def test_every_row_fits_the_width_and_every_word_is_drawn_in_order():
    rows = big_lines(INSTRUCTION, 1, 80)
    assert rows is not None
    assert all(len(row) <= 80 for row in rows)
    flat = "\n".join(rows)
    position = 0
    for word in INSTRUCTION.split():
        top = drawn(word, 1)[0]
        found = flat.find(top, position)
        assert found >= 0, f"{word!r} is missing from the big text"
        position = found  # words appear in reading order


def test_lines_of_big_letters_are_separated_by_a_blank_row():
    rows = big_lines("Yes no not sure maybe", 1, 24)
    assert rows is not None
    letters = 3  # the scale-1 font is three rows high
    assert len(rows) % (letters + LINE_GAP) == letters
    assert all(not rows[i].strip() for i in range(letters, len(rows), letters + LINE_GAP))


def test_the_largest_font_that_fits_is_chosen():
    big = big_lines("Hold", 2, 80)
    assert big is not None and len(big) > 3  # scale 2 is taller than three rows
    limited = big_lines("Hold", 2, 80, max_rows=3)
    assert limited == big_lines("Hold", 1, 80)


def test_ordinary_text_when_nothing_fits():
    assert big_lines(INSTRUCTION, 2, 80, max_rows=2) is None  # too few rows
    assert big_lines("Gastrocnemius", 1, 12) is None  # one word wider than the screen


def test_a_character_the_font_lacks_means_ordinary_text_not_a_dropped_letter():
    assert big_lines("Call 112 → now", 1, 80) is None


def test_typographic_punctuation_is_drawn_as_its_plain_form():
    assert big_lines("Don’t bounce — hold", 1, 80) == big_lines("Don't bounce - hold", 1, 80)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ,.'?"), min_size=1, max_size=60),
    width=st.integers(min_value=1, max_value=120),
    scale=st.integers(min_value=0, max_value=3),
    max_rows=st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
)
def test_never_wider_or_taller_than_allowed(text, width, scale, max_rows):
    rows = big_lines(text, scale, width, max_rows)
    if rows is None:
        return
    assert all(len(row) <= width for row in rows)
    assert max_rows is None or len(rows) <= max_rows


@pytest.mark.parametrize("scale", [1, 2])
def test_the_content_the_app_shows_big_can_be_drawn(scale):
    """Every instruction, question and outcome of the built-in content has a big form at a wide screen."""
    from voiceaid.content import load_content

    content = load_content()
    texts = [step.show for routine in content.routines.values() for step in routine.steps]
    texts += [question.show for question in content.questions]
    texts += [d.show.format(emergency_number="112") for d in content.dispositions.values()]
    texts += [content.text("idle_prompt")]
    missing = [text for text in texts if big_lines(text, scale, 400) is None]
    assert not missing
