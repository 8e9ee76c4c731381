"""Content: routines, checklist, outcomes, prompts, vocabulary and UI strings, loaded from YAML."""

from voiceaid.content.loader import ContentError, builtin_content_dir, load_content
from voiceaid.content.models import Content

__all__ = ["Content", "ContentError", "builtin_content_dir", "load_content"]
