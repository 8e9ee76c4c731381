"""The diary screen: snapshots at 80x24 and 40x12 with fixed data and a fixed "now", and its keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import timezone
from pathlib import Path

from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Static

from diary_data import NOW, sample_episodes
from tests.translation import translated_content
from voiceaid.content import load_content
from voiceaid.diary import Diary, SafeDiary
from voiceaid.ui.screens.diary import DiaryScreen, DiaryViewerApp
from voiceaid.ui.widgets.week_chart import WeekChart


def viewer(source=None) -> DiaryViewerApp:
    return DiaryViewerApp(sample_episodes() if source is None else source, now=NOW, tz=timezone.utc)


def test_snapshot_80x24(snap_compare) -> None:
    assert snap_compare(viewer(), terminal_size=(80, 24))


def test_snapshot_40x12(snap_compare) -> None:
    assert snap_compare(viewer(), terminal_size=(40, 12))


def test_snapshot_unavailable_40x12(snap_compare, tmp_path: Path) -> None:
    unavailable = SafeDiary(None, "Diary unavailable: the diary is in use by another program")
    assert snap_compare(viewer(unavailable), terminal_size=(40, 12))


class Idle(App):
    def compose(self):
        yield Static("idle")


async def test_escape_q_and_d_go_back() -> None:
    app = Idle()
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("escape", "q", "d"):
            await app.push_screen(DiaryScreen(sample_episodes(), now=NOW, tz=timezone.utc))
            assert isinstance(app.screen, DiaryScreen)
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, DiaryScreen)


async def test_arrows_scroll_a_small_screen() -> None:
    app = viewer()
    async with app.run_test(size=(40, 12)) as pilot:
        body = app.screen.query_one("#diary-body", VerticalScroll)
        assert body.scroll_y == 0 and body.max_scroll_y > 0
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert body.scroll_y == 3
        await pilot.press("up")
        await pilot.pause()
        assert body.scroll_y == 2


async def test_the_only_screen_exits_on_escape() -> None:
    app = viewer()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_words_come_from_the_content(tmp_path: Path) -> None:
    """Translated diary strings (content's ui.yaml) are what the screen shows, a real SQLite diary's
    failure included."""
    translated = {
        "diary_title": "Journal des crampes",
        "diary_empty": "Aucun épisode.",
        "diary_keys": "Échap : retour",
        "diary_average": "Durée moyenne : {duration}",
        "diary_unavailable": "Journal indisponible : {error}",
        "diary_weeks_none": "Par semaine, {weeks} dernières : aucun",
        "diary_weeks_newest": "cette sem.",
    }
    words = load_content(translated_content(tmp_path, translated)).text

    app = Idle()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(DiaryScreen([], now=NOW, tz=timezone.utc, text=words))
        await pilot.pause()
        shown = {widget.id: str(widget.render()) for widget in app.screen.query(Static) if widget.id}
        assert shown["diary-title"] == "Journal des crampes"
        assert shown["diary-keys"] == "Échap : retour"
        assert shown["diary-summary"].splitlines()[0] == "Durée moyenne : -"
        assert str(app.screen.query_one("#diary-list").render()) == "Aucun épisode."
        chart = str(app.screen.query_one(WeekChart).render()).splitlines()
        assert chart[0] == "Par semaine, 12 dernières : aucun" and chart[-1].endswith("cette sem.")

    diary = Diary.open(tmp_path / "diary.sqlite3")
    diary.close()  # reading it now fails with an sqlite3 error, as a diary gone bad would
    screen = DiaryScreen(diary, now=NOW, text=words)
    assert screen.status is not None and screen.status.startswith("Journal indisponible : ")


async def test_episodes_are_described_in_the_contents_words(tmp_path: Path) -> None:
    """Legs, sites, outcomes, durations and the date format of the list and summary come from ui.yaml;
    an id the content has no word for (a newer diary, say) shows as stored."""
    translated = {
        "diary_when": "%d/%m %H:%M",
        "duration_min_s": "{min} min {s} s",
        "duration_min": "{min} mn",
        "side_left": "gauche",
        "side_both": "les deux",
        "site_calf": "mollet",
        "outcome_name_soon": "bientôt",
        "diary_legs": "Jambe : {split}",
    }
    words = load_content(translated_content(tmp_path, translated, dropped="site_foot")).text
    assert words("site_foot") == "foot"  # the built-in word fills the gap ...
    episodes = sample_episodes()
    episodes[1] = replace(episodes[1], eased_after_s=300)
    episodes[2] = replace(episodes[2], site="big_toe")  # ... and an id nobody has a word for shows as stored

    app = Idle()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(DiaryScreen(episodes, now=NOW, tz=timezone.utc, text=words))
        await pilot.pause()
        rows = str(app.screen.query_one("#diary-list").render()).splitlines()
        assert rows[0].startswith("23/11 03:10  gauche mollet") and "3 min 20 s" in rows[0] and "bientôt" in rows[0]
        assert " 5 mn " in rows[1]
        assert "big toe" in rows[2]
        summary = str(app.screen.query_one("#diary-summary").render()).splitlines()
        assert summary[1].startswith("Jambe : gauche ") and "les deux 1" in summary[1]


async def test_a_note_with_line_breaks_keeps_to_its_episode_row() -> None:
    episodes = sample_episodes()
    episodes[0] = replace(episodes[0], notes="walked\nthen \x1b[2Jstretched")
    app = Idle()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(DiaryScreen(episodes, now=NOW, tz=timezone.utc))
        await pilot.pause()
        rows = str(app.screen.query_one("#diary-list").render()).splitlines()
        assert len(rows) == len(episodes) and rows[0].endswith("walked then stretched")  # the escape sequence goes whole


def test_status_for_a_plain_list() -> None:
    screen = DiaryScreen([], now=NOW, status="Diary unavailable: disk full")
    assert screen.status == "Diary unavailable: disk full" and screen.summary.total == 0


async def test_reads_a_real_diary(tmp_path: Path) -> None:
    with Diary.open(tmp_path / "diary.sqlite3") as diary:
        for episode in sample_episodes():
            new_id = diary.start_episode(episode.started_at, episode.leg, episode.site, episode.source)
            diary.update_episode(new_id, eased_after_s=episode.eased_after_s, disposition=episode.disposition)
        screen = DiaryScreen(diary, now=NOW, tz=timezone.utc)
        assert screen.status is None and screen.summary.total == 9 and screen.summary.last_7 == 3
    safe = SafeDiary.open(tmp_path / "diary.sqlite3")
    screen = DiaryScreen(safe, now=NOW)
    assert screen.summary.weekly == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 3]
    safe.close()


async def test_week_chart_draws_at_any_size() -> None:
    class ChartApp(App):
        def compose(self):
            yield WeekChart([0, 1, 5, 0])

    for size in ((4, 3), (20, 6), (120, 10)):
        async with ChartApp().run_test(size=size) as pilot:
            await pilot.pause()
