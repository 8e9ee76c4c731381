"""A line of text that grows with the app's text scale (Ctrl + / Ctrl -), never beyond what fits."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.visual import VisualType

from voiceaid.plain_text import terminal_safe
from voiceaid.ui.big_font import big_lines
from voiceaid.ui.widgets.plain_static import PlainStatic


class BigText(PlainStatic):
    """Ordinary text at scale 0; above it, block letters as large as the width and `max_rows` allow.

    The screen sets `max_rows` to the rows it can spare, so the big letters never push the countdown,
    the answer keys or the safety line off the screen; when even the smallest block font would not
    fit, the text is drawn as ordinary (bold) text instead.
    """

    DEFAULT_CSS = """
    BigText { height: auto; }
    """

    scale: reactive[int] = reactive(0, layout=True)
    max_rows: reactive[int] = reactive(0, layout=True)  # 0: no limit

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(text, id=id, classes=classes)
        self._text = terminal_safe(text)

    @property
    def text(self) -> str:
        return self._text

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        self._text = terminal_safe(content)
        super().update(content, layout=layout)

    @property
    def is_big(self) -> bool:
        return self._big(self.content_region.width) is not None

    def _big(self, width: int) -> list[str] | None:
        if self.scale <= 0 or not self._text.strip() or width <= 0:
            return None
        return big_lines(self._text, self.scale, width, self.max_rows or None)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        big = self._big(width)
        if big is None:
            return super().get_content_height(container, viewport, width)
        return len(big)

    def render(self) -> VisualType:
        big = self._big(self.content_region.width)
        if big is None:
            return super().render()
        return Content("\n".join(big))


class TextScaled:
    """For screens: follow the app's text scale. Mixed into Screen subclasses.

    `-large` on the screen hides what is not needed at a large scale; `reserved_rows` is what the
    screen keeps for everything else, so its BigText gets the rest of the height.
    """

    text_scale = 0

    def reserved_rows(self) -> int:
        return 0

    def apply_text_scale(self, scale: int) -> None:
        self.text_scale = scale
        self.set_class(scale > 0, "-large")  # type: ignore[attr-defined]
        self.fit_big_text()

    def fit_big_text(self) -> None:
        rows = max(self.size.height - self.reserved_rows(), 1)  # type: ignore[attr-defined]
        for big in self.query(BigText):  # type: ignore[attr-defined]
            big.scale = self.text_scale
            big.max_rows = rows
