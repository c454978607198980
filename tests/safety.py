"""What the renderer may put in a page: used to prove that seed text never adds markup."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements and attributes our document-body renderer emits (and Python-Markdown for it).
BODY_TAGS = {"div", "span", "p", "a", "sup", "h1", "h2", "h3", "h4", "ol", "ul", "li", "hr", "strong", "br"}
BODY_ATTRS = {"id", "class", "href", "title", "lang", "hidden", "data-pagefind-filter", "data-pagefind-body", "role"}


class Collector(HTMLParser):
    """Collects (tag, attributes) of every element, and the inside of one element if asked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def unsafe(html: str) -> list[str]:
    """Anything in ``html`` that a seed could have smuggled in (empty when the body is clean)."""
    problems = []
    for tag, attrs in elements(html):
        if tag not in BODY_TAGS:
            problems.append(f"element <{tag}>")
        for name, value in attrs.items():
            if name not in BODY_ATTRS:
                problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and value and not value.startswith(("#", "../", "./")) and "://" in value or (
                name == "href" and value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ):
                problems.append(f"link {value!r}")
    return problems
