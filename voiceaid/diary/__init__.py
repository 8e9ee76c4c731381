"""The cramp diary: episodes kept in a local SQLite file, their statistics and exports."""

from voiceaid.diary.model import Episode
from voiceaid.diary.safe import SafeDiary
from voiceaid.diary.store import Diary, DiaryUnavailable

__all__ = ["Diary", "DiaryUnavailable", "Episode", "SafeDiary"]
