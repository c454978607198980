"""A document's title as an interface shows it."""

from __future__ import annotations

from ..model import Document, Lang


def display_title(doc: Document, lang: Lang) -> str:
    """The English title in the English interface when there is one; the document's own otherwise."""
    if lang == "en" and doc.meta.title_en:
        return doc.meta.title_en
    return doc.meta.title
