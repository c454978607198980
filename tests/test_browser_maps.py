"""The concept maps in a real browser, in both interfaces: labels that never overlap (each
label's own box as Chromium draws it), highlighting on hover and on keyboard focus, links that
open the right pages, the list of links for screen readers, and the size bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import MAP_BOXES, PageWatch, map_problems
from corpus_site.concepts.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser

INTERFACES = ["", "/en"]

def check_labels(page, selector: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    found = page.evaluate(MAP_BOXES, selector)
    assert map_problems(found) == []
    return found


def doc_with_map(site: Path) -> str:
    for page in sorted((site / "doc").glob("*/index.html")):
        if "cs-map-local" in page.read_text(encoding="utf-8"):
            return f"/doc/{page.parent.name}/"
    raise AssertionError("no document page has a map")


@pytest.mark.parametrize("interface", INTERFACES)
def test_no_label_overlaps_another_or_a_node_on_any_map(page, site_url, built_site, interface) -> None:
    paths = ["/concepts/", "/concept/nuclear-security-view/", "/concept/four-reinforcements/", doc_with_map(built_site)]
    for path in paths:
        watch = PageWatch(page, site_url)
        page.goto(site_url + interface + path)
        found = check_labels(page, ".cs-map")
        assert found["nodes"] >= (30 if path == "/concepts/" else 3), path
        assert len(found["labels"]) >= 0.8 * found["nodes"], (path, len(found["labels"]), found["nodes"])
        assert watch.clean(), watch.report()
    for width in (390, 768):  # the map scales, its labels with it
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site_url + interface + "/concepts/")
        check_labels(page, ".cs-map")


def test_the_global_map_shows_concepts_only_with_labels_in_the_interfaces_language(page, site_url, built_site) -> None:
    page.goto(site_url + "/concepts/")
    zh = page.locator(".cs-map .cs-node text").all_text_contents()
    assert page.locator(".cs-map .cs-node-doc").count() == 0 and page.locator(".cs-map .cs-node-concept").count() >= 30
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in zh) >= 0.9 * len(zh)
    page.goto(site_url + "/en/concepts/")
    en = page.locator(".cs-map .cs-node text").all_text_contents()
    assert sum(label.rstrip("…").isascii() for label in en) >= 0.9 * len(en)
    size = len((built_site / "concepts" / "index.html").read_text(encoding="utf-8").split('<figure class="cs-map', 1)[1].split("</figure>", 1)[0].encode())
    assert size <= 150_000


@pytest.mark.parametrize("interface", INTERFACES)
def test_hover_and_keyboard_focus_highlight_a_node_its_ties_and_show_both_names(page, site_url, interface) -> None:
    lang, other = ("en", "zh") if interface else ("zh", "en")
    page.goto(site_url + interface + "/concepts/")
    node = page.locator('.cs-map a.cs-node[id="m-c-nuclear-security-view"]')
    node.locator("circle").hover()  # where a reader points
    assert "cs-focus" in page.locator(".cs-map").get_attribute("class")
    assert "cs-on" in node.get_attribute("class")
    ties = page.locator('.cs-map .cs-edge.cs-on')
    assert ties.count() >= 1
    neighbours = page.locator(".cs-map .cs-node.cs-on")
    assert neighbours.count() == 1 + len({
        other for a, b in (page.evaluate("(e) => [e.dataset.a, e.dataset.b]", e) for e in ties.element_handles())
        for other in (a, b) if other != "m-c-nuclear-security-view"
    })
    caption = page.locator(".cs-map-caption").inner_text()
    concept = load_registry(ROOT / "seeds" / "concepts.yml")[0].get("nuclear-security-view")
    assert caption.startswith(f"{concept.name(lang)} · {concept.name(other)} · ")  # the other language too
    page.mouse.move(1, 1)  # off the map: back to normal
    assert "cs-focus" not in page.locator(".cs-map").get_attribute("class")
    # the keyboard: Tab reaches the map's links, and focusing one highlights it
    page.locator(".cs-hint").first.click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cs-node')"):
            break
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith("m-c-")
    assert "cs-on" in page.locator(f'[id="{focused}"]').get_attribute("class")
    assert page.locator(".cs-map-caption").inner_text() == page.locator(f'[id="{focused}"] title').text_content()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/concept/{focused[4:]}/")


@pytest.mark.parametrize("interface", INTERFACES)
def test_every_node_links_to_its_page_and_the_list_holds_the_same_links(page, site_url, built_site, interface) -> None:
    root = built_site / interface.strip("/")
    for path in ("/concepts/", "/concept/community-of-shared-future-for-nuclear-safety/", doc_with_map(built_site)):
        page.goto(site_url + interface + path)
        nodes = page.locator(".cs-map a.cs-node")
        hrefs = [nodes.nth(i).get_attribute("href") for i in range(nodes.count())]
        listed = page.locator(".cs-map-list a")
        assert [listed.nth(i).get_attribute("href") for i in range(listed.count())] == hrefs
        for href in hrefs:
            assert (root / path.strip("/") / href / "index.html").resolve().is_file(), (path, href)
    # pointing at a node highlights it, a click opens its page, whose heading is the node's name
    page.goto(site_url + interface + "/concept/community-of-shared-future-for-nuclear-safety/")
    doc = page.locator(".cs-map a.cs-node-doc").first
    title = doc.locator("title").text_content().split(" · ")[0]
    doc.locator("circle").hover()
    assert "cs-on" in doc.get_attribute("class")
    with page.expect_navigation():
        doc.locator("circle").click()
    assert "/doc/" in page.url
    assert page.locator("h1").inner_text().rstrip("¶").strip() == title


def test_on_a_touch_screen_the_first_tap_highlights_and_the_second_opens(browser, site_url) -> None:
    context = browser.new_context(viewport={"width": 412, "height": 900}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(site_url + "/concepts/")
        node = page.locator('.cs-map a.cs-node[id="m-c-four-reinforcements"]')
        node.locator("circle").tap()
        assert "cs-on" in node.get_attribute("class") and page.url.endswith("/concepts/")
        with page.expect_navigation():
            node.locator("circle").tap()
        assert page.url.endswith("/concept/four-reinforcements/")
    finally:
        context.close()


def test_a_documents_map_joins_it_to_its_concepts_and_to_related_documents_in_both_languages(page, site_url, built_site) -> None:
    page.goto(site_url + "/doc/" + next(p.name for p in (built_site / "doc").iterdir() if p.name.startswith("2016-04-02-why-president-xi")) + "/")
    local = page.locator(".cs-local-map .cs-map")
    assert local.locator(".cs-centre").count() == 1
    concepts = local.locator(".cs-node-concept")
    chips = page.locator(".cs-concepts li").count()
    assert concepts.count() == min(8, chips) and concepts.count() >= 3
    assert local.locator(".cs-node-doc.cs-lang-zh:not(.cs-centre)").count() >= 1
    assert local.locator(".cs-node-doc.cs-lang-en").count() >= 1  # the cross-language link, made visible


def test_maps_print(page, site_url) -> None:
    page.goto(site_url + "/concepts/")
    page.emulate_media(media="print")
    box = page.locator(".cs-map-canvas svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    assert page.locator(".cs-map-caption").is_hidden()


def test_the_overlap_check_sees_overlaps() -> None:
    found = {"svg": [0, 0, 100, 100], "nodes": 2,
             "labels": [["a", "one", 10, 10, 50, 25], ["b", "two", 40, 20, 90, 35], ["c", "far", 80, 90, 120, 99]],
             "circles": [["a", 0, 0, 8, 8], ["b", 44, 12, 52, 18], ["c", 60, 60, 70, 70]]}
    assert map_problems(found) == ["'one' over 'two'", "'one' over node b", "'far' off the map"]
