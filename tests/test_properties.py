"""Property tests (hypothesis): the loader, the renderer and the matcher, for any input."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypinyin import lazy_pinyin

from corpus_site.concepts.matcher import Matcher
from corpus_site.concepts.normalize import normalize, normalize_slowly
from corpus_site.concepts.registry import Concept, Registry, load_registry
from corpus_site.ingest.conserve import coverage
from corpus_site.ingest.loader import load_text
from corpus_site.ingest.slug import ascii_words
from corpus_site.model import ConceptId, SeedName
from corpus_site.pipeline import _linking, concept_works
from corpus_site.site.docpage import render_document, render_document_html
from safety import unsafe

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["footnotes", "attr_list", "md_in_html", "admonition", "toc"]

# Text made of what scraped seeds are made of, syntax characters included.
ATOMS = st.sampled_from([
    "核安全", "命运共同体", "理性、协调、并进", "。", "，", "、", "“", "”", "【", "】", "（", "）", "\u3000\u3000", " ", "\n", "\n\n",
    "&nbsp;", "##paidbegin##", "[最新热点@素材尽在【公众号：哒哒君】]", "D的二十大", "新华网北京4月2日电 ", "（记者 张三报道）",
    "[1]", "[2]　注释文本。", "一、标题", "（一）小标题", "Upholding peace. ", "IAEA", "the Belt and Road",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "![i](data:x)", "{{ x }}", "{% y %}",
    "# ", "---", "| a |", "> ", "[^1]: ", "* ", "_", "`", "~~", "==", "^^", "&", "<", ">", "\"", "'", "\\", "{: #id }",
    "\x00", "\x07", "\ufeff", "\u200b",
])
TEXTS = st.lists(st.one_of(ATOMS, st.text(max_size=12)), max_size=60).map("".join)


def load(text: str):
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return load_text(normalized, SeedName("property.txt"))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_the_loader_never_raises_and_conserves_the_text(text: str) -> None:
    result = load(text)
    gaps = coverage(result)
    assert gaps.missing == () and gaps.doubled == ()
    assert not any(d.code == "conservation" for d in result.diagnostics)


REGISTRY, _ = load_registry(ROOT / "seeds" / "concepts.yml")
MATCHER = Matcher(REGISTRY)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_rendered_html_holds_only_what_the_renderer_puts_there(text: str) -> None:
    result = load(text)
    linking = _linking(MATCHER, REGISTRY, concept_works(REGISTRY, result.documents))
    for doc in result.documents:
        for lang in ("zh", "en"):
            html = render_document_html(doc, lang, None, linking)
            body = html.split('<div class="cs-body"', 1)[1].split('<div class="cs-cite"', 1)[0]
            assert unsafe('<div class="cs-body"' + body) == []
            # the Markdown source in docs/ says the same, safely, once Python-Markdown reads it
            source = render_document(doc, lang, None, linking).split("\n---\n", 1)[1]
            assert unsafe(markdown.markdown(source, extensions=EXTENSIONS)) == []


ALPHABET = st.sampled_from(list("AB ab核安全文化、“”") + ["IAEA", "Ab"])


def concept(n: int, aliases: list[str]) -> Concept:
    return Concept(ConceptId(f"c{n}"), "principle", aliases[0], aliases[0], tuple(aliases), (), "d", "d")


@st.composite
def registries(draw) -> Registry:  # type: ignore[no-untyped-def]
    keys: set[str] = set()
    concepts = []
    for n in range(draw(st.integers(1, 4))):
        aliases = []
        for alias in draw(st.lists(st.lists(ALPHABET, min_size=1, max_size=4).map("".join), min_size=1, max_size=3)):
            key = normalize(alias).text
            if key.strip() and key not in keys:
                keys.add(key)
                aliases.append(alias)
        if aliases:
            concepts.append(concept(n, aliases))
    return Registry(tuple(concepts))


def occurrences(text: str, alias: str) -> list[tuple[int, int]]:
    """Whole occurrences of ``alias`` in ``text``, found without the matcher (naive scan)."""
    norm, key = normalize(text), normalize(alias).text
    found = []
    for i in range(len(norm.text) - len(key) + 1):
        if norm.text[i : i + len(key)] != key:
            continue
        if key[0].isascii() and key[0].isalnum() and i > 0 and norm.text[i - 1].isascii() and norm.text[i - 1].isalnum():
            continue
        end = i + len(key)
        if key[-1].isascii() and key[-1].isalnum() and end < len(norm.text) and norm.text[end].isascii() and norm.text[end].isalnum():
            continue
        start, stop = norm.span(i, end)
        if any(ch.isupper() for ch in alias) and [c for c in text[start:stop] if c.isalpha()] != [c for c in alias if c.isalpha()]:
            continue
        found.append((start, stop))
    return found


@settings(max_examples=300, deadline=None)
@given(registries(), st.lists(ALPHABET, max_size=40).map("".join))
def test_a_mention_is_linked_if_and_only_if_it_is_a_whole_occurrence(registry: Registry, text: str) -> None:
    matches = Matcher(registry).find(text)
    spans = [(m.start, m.end) for m in matches]
    # only whole occurrences are linked (a link may take in the closing quote it opened)
    for m in matches:
        whole = set(occurrences(text, m.alias))
        assert (m.start, m.end) in whole or ((m.start, m.end - 1) in whole and text[m.end - 1] in "”’」』〉")
    # links never overlap
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    # every whole occurrence of every alias is linked, or overlaps a link that won (leftmost, longest)
    for c in registry.concepts:
        for alias in c.aliases_zh:
            for start, end in occurrences(text, alias):
                assert any(s < end and start < e for s, e in spans), (alias, text[start:end])


# What normalization treats specially: spaces of several kinds, quotes and brackets it drops,
# list commas, full-width and traditional characters, Chinese and Latin letters.
NORMALIZE_ALPHABET = st.sampled_from(list("  \t\n\u3000\u00a0“”‘’\"'「」〈〉、，,ＡＢａ核安全國體AbIAEA1-.") + ["culture", "命運"])


@settings(max_examples=400, deadline=None)
@given(st.lists(NORMALIZE_ALPHABET, max_size=30).map("".join))
def test_normalize_is_its_one_character_at_a_time_definition(text: str) -> None:
    fast, slow = normalize(text), normalize_slowly(text)
    assert fast.text == slow.text
    assert list(fast.index) == list(slow.index)


# Titles: Chinese words pypinyin spells by phrase (重视, 长期), heteronyms, traditional
# characters, Latin words, digits and punctuation.
TITLE_ALPHABET = st.sampled_from(["中国", "重视", "重要", "长期", "成长", "核安全", "行业", "银行", "國際", "了", "的", "乐",
                                  "音乐", "快乐", " ", "：", "——", "Nuclear", "IAEA", "2024", "年", "《", "》", "ü", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TITLE_ALPHABET, st.text(max_size=4)), max_size=20).map("".join))
def test_slug_words_spell_the_title_as_pypinyin_does_at_once(title: str) -> None:
    spelled = " ".join(lazy_pinyin(title, errors=lambda chars: chars))
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    assert ascii_words(title) == re.findall(r"[a-z0-9]+", folded.lower())
