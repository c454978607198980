"""What the renderer may put in a page: used to prove that seed text never adds markup."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements and attributes our document-body renderer emits: its own, and the allowlist a
# seed's own Markdown or HTML is rendered through (docpage.SAFE_TAGS).
BODY_TAGS = {"div", "span", "p", "a", "sup", "h1", "h2", "h3", "h4", "ol", "ul", "li", "hr", "strong", "br",
             "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "code", "pre", "cite", "abbr", "q",
             "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption"}
BODY_ATTRS = {"id", "class", "href", "title", "lang", "hidden", "data-pagefind-filter", "data-pagefind-body", "role", "rel", "start"}


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
            # a seed's own link may go to an http(s) page (rel="nofollow noopener"), nowhere else
            outside = name == "href" and value and "://" in value and not value.startswith(("http://", "https://"))
            if outside or (name == "href" and value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))):
                problems.append(f"link {value!r}")
            if name == "href" and value and value.startswith(("http://", "https://")) and attrs.get("rel") != "nofollow noopener":
                problems.append(f"link {value!r} without rel=nofollow")
    return problems
