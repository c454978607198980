"""Metadata fields as real texts give them: front matter keys, record fields, dates, bylines."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping
from urllib.parse import urlsplit

from ...model import KINDS, DocMeta

# Front matter and record keys, by the metadata field they give (the first present wins).
TITLE_KEYS = ("title", "contenttitle", "headline", "name", "subject")
DATE_KEYS = ("date", "published", "publishdate", "pubdate", "publish_date", "published_at", "datetime", "time", "created", "last_updated", "lastmod", "updated", "modified")
AUTHOR_KEYS = ("authors", "author", "byline", "reporter", "creator", "speaker")
KEYWORD_KEYS = ("keywords", "tags", "categories", "category", "topics", "subjects")
URL_KEYS = ("url", "original_url", "source_url", "canonical", "canonical_url", "link", "permalink")
ABSTRACT_KEYS = ("description", "summary", "abstract", "excerpt")
SOURCE_KEYS = ("source", "publisher", "site", "sitename", "site_name", "outlet", "media")
SYMBOL_KEYS = ("symbol", "document_symbol", "document_number")
ISSUER_KEYS = ("issuer", "organization", "organisation", "agency")
PLACE_KEYS = ("place", "location", "dateline")

_DATE_RES = (
    re.compile(r"(?P<y>(?:19|20)\d\d)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})"),
    re.compile(r"(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)"),
    re.compile(r"(?P<y>(?:19|20)\d\d)[-/.年](?P<m>\d{1,2})月?"),
)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[-/]?(?P<m>[01]\d)[-/]?(?P<d>[0-3]\d)(?:/|_|\b)")
_REPORTER = re.compile(r"(?:記者|记者|通讯员|通訊員|文／|文/|撰文|作者)[:：\s]*(?P<names>[\u3400-\u9fff·]{2,4}(?:[、，,\s]+[\u3400-\u9fff·]{2,4})*)")


def iso_date(value: Any) -> str | None:
    """A date as ``YYYY-MM-DD`` (or ``YYYY-MM``), from what front matter or a record holds."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and 1e9 <= value <= 4e9:  # a Unix time
        return dt.datetime.fromtimestamp(value, dt.timezone.utc).date().isoformat()
    text = str(value or "").strip()
    if re.search(r"[A-Za-z]{3}", text):  # an English date: 5 March 2024, March 5, 2024
        from ..whitepaper import dateline

        found = dateline(text)
        if found:
            return found[1]
    for pattern in _DATE_RES:
        match = pattern.search(text)
        if match:
            y, m = int(match["y"]), int(match["m"])
            day = match.groupdict().get("d")
            try:
                if day:
                    return dt.date(y, m, int(day)).isoformat()
                if 1 <= m <= 12:
                    return f"{y:04d}-{m:02d}"
            except ValueError:
                continue
    return None


def date_from_url(url: str | None) -> str | None:
    """A date in a URL's path (``/20160402/``, ``/2016-04/02/``), if it is a real one."""
    match = _URL_DATE.search(urlsplit(url or "").path)
    if not match:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def host_of(url: str | None) -> str | None:
    host = urlsplit(url or "").hostname
    return host[4:] if host and host.startswith("www.") else host


def reporters(text: str) -> tuple[str, ...]:
    """Names in a reporter line (记者 王某 李某)."""
    match = _REPORTER.search(text)
    return tuple(re.split(r"[、，,\s]+", match["names"])) if match else ()


def _first(data: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in data.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        items = [v.get("name") if isinstance(v, dict) else v for v in value]
    elif isinstance(value, dict):
        items = [value.get("name")]
    else:
        items = re.split(r"\s*[;；,，、]\s*|\s+and\s+", str(value))
    return tuple(str(item).strip() for item in items if item is not None and str(item).strip())


def _text(value: Any, limit: int = 2000) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text[:limit] or None


def known_keys() -> frozenset[str]:
    return frozenset(TITLE_KEYS + DATE_KEYS + AUTHOR_KEYS + KEYWORD_KEYS + URL_KEYS + ABSTRACT_KEYS + SOURCE_KEYS
                     + SYMBOL_KEYS + ISSUER_KEYS + PLACE_KEYS + ("lang", "language", "kind", "type", "title_en", "slug"))


def meta_from(data: Mapping[str, Any], base: DocMeta) -> DocMeta:
    """``base`` with what a front matter block or a record's fields say of it."""
    updates: dict[str, Any] = {}
    if title := _text(_first(data, TITLE_KEYS), 300):
        updates["title"] = title
    if title_en := _text(_first(data, ("title_en",)), 300):
        updates["title_en"] = title_en
    url = _text(_first(data, URL_KEYS), 2000)
    if url and re.match(r"https?://", url):
        updates["url"] = url
    date = iso_date(_first(data, DATE_KEYS)) or date_from_url(url)
    if date:
        updates["date"] = date
    authors = _strings(_first(data, AUTHOR_KEYS))
    if authors:
        named = tuple(name for a in authors for name in (reporters(a) or (a,)))
        updates["authors"] = tuple(dict.fromkeys(a[:80] for a in named))
    if keywords := _strings(_first(data, KEYWORD_KEYS)):
        updates["keywords"] = tuple(dict.fromkeys(k[:80] for k in keywords))
    if abstract := _text(_first(data, ABSTRACT_KEYS)):
        updates["abstract"] = abstract
    source = _text(_first(data, SOURCE_KEYS), 200)
    if source or url:
        updates["source"] = source or host_of(url)
    for field, keys in (("symbol", SYMBOL_KEYS), ("issuer", ISSUER_KEYS), ("place", PLACE_KEYS)):
        if value := _text(_first(data, keys), 200):
            updates[field] = value
    kind = str(_first(data, ("kind", "type")) or "").lower()
    if kind in KINDS:
        updates["kind"] = kind
    lang = str(_first(data, ("lang", "language")) or "").lower()[:2]
    if lang in ("zh", "en"):
        updates["lang"] = lang
    from dataclasses import replace

    return replace(base, **updates)
