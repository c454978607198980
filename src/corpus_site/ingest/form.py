"""Stage 1b: tell a seed's form from its content (never from its file name) — a whole HTML
page, a collection of records (``<doc>``, JSON Lines, a JSON array), Markdown (with or
without front matter), or plain text, whose shape ``detect`` then tells."""

from __future__ import annotations

from typing import Literal

from .readers.htmlpage import looks_like_html
from .readers.markdown import looks_like_markdown
from .readers.records import json_records, looks_like_doc_records

Form = Literal["html", "doc-records", "json-records", "markdown", "text"]


def detect_form(text: str) -> Form:
    head = text[:4000].lstrip("\ufeff \n\r\t")
    if head[:1] in "[{" and json_records(text) is not None:
        return "json-records"
    if looks_like_doc_records(text):
        return "doc-records"
    if looks_like_html(text):
        return "html"
    if looks_like_markdown(text):
        return "markdown"
    return "text"
