"""The search tokenizer (src/corpus_site/search/tokens.py): tables, properties, and the
browser's copy in docs/assets/search.js checked against it."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_site.concepts.normalize import simplified
from corpus_site.search.pages import index_form
from corpus_site.search.tokens import HAN_RUN, HEX, LONE, MARK, decode, encode, folding_shards, query_tokens, run_tokens

HAN = st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), st.characters(min_codepoint=0x20000, max_codepoint=0x2000F))
TEXT = st.text(st.one_of(HAN, st.sampled_from(list("，。、（）《》 abcXYZ019\n"))), max_size=60)


def word(piece: str) -> str:
    """A table's shorthand: two Han characters are a bigram, one is a lone character (the
    index's word for a run's last character), one with a star the prefix of a query's."""
    if piece.endswith("*"):
        return run_tokens(piece[:-1])[0].removesuffix(LONE)
    if HAN_RUN.fullmatch(piece):
        return run_tokens(piece, last=False)[0] if len(piece) == 2 else run_tokens(piece)[0]
    return piece


@pytest.mark.parametrize(
    "query, expected",
    [
        ("核", ["核*"]),  # one character: found by prefix
        ("核安", ["核安"]),
        ("核安全", ["核安", "安全"]),  # the last run may stop inside a longer one: no lone end
        ("中国，美国", ["中国", "国", "，", "美国"]),  # a run followed by more ends as the index's do
        ("IAEA 成员国", ["IAEA", "成员", "员国"]),
        ("nuclear security", ["nuclear", "security"]),
        ("國際", ["国际"]),  # folded: a traditional query finds simplified texts
        ("𠀀核", ["𠀀核"]),  # beyond the BMP too
    ],
)
def test_query_tokens(query: str, expected: list[str]) -> None:
    assert query_tokens(query) == [word(piece) for piece in expected]


def test_tokens_are_letters_that_no_stemmer_or_segmenter_touches() -> None:
    for token in encode("核安全命运共同体，國際合作").split():
        if token.startswith(MARK):
            assert (len(token), token[-1]) in ((6, LONE), (9, token[-1])) and set(token[1:].removesuffix(LONE)) <= set(HEX)
            assert LONE not in HEX and LONE not in "aeiouys"
    assert not set(HEX) & set("aeiouys")


@given(TEXT)
def test_decode_inverts_encode_but_for_folding(text: str) -> None:
    back = decode(encode(text))
    if " " not in text:
        assert back == simplified(text)
    else:  # a space between two runs of Han characters is not told from the ones put around them
        assert back.replace(" ", "") == simplified(text).replace(" ", "")


@settings(max_examples=300)
@given(st.text(HAN, min_size=2, max_size=30), st.data())
def test_every_substring_is_a_run_of_consecutive_index_words(text: str, data) -> None:  # type: ignore[no-untyped-def]
    """What makes every substring findable, and the whole string matchable as a phrase."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    words, query = encode(text).split(), query_tokens(text[start:end])
    if len(query) == 1 and end - start == 1:  # one character: the prefix of a word at its place
        assert words[start].startswith(query[0])
    else:
        assert words[start : start + len(query)] == query


def test_a_page_is_indexed_in_tokens_but_its_attributes_keep_their_characters() -> None:
    page = ('<html lang="zh"><head><title>核安全</title></head><body><nav>导航</nav><article>'
            '<h1 title="核安全">核安全</h1><div data-pagefind-body><span data-pagefind-filter="类型:新闻"></span>'
            '<h2 id="s1">一</h2><p id="p1">國際合作與發展</p></div></article><footer>页脚</footer></body></html>')
    out = index_form(page)
    assert '<span data-pagefind-filter="类型:新闻">' in out and 'title="核安全"' in out
    assert "导航" not in out and "页脚" not in out and out.startswith('<!doctype html><html lang="zh">')  # the content only
    assert "國際合作" not in out and encode("国际合作与发展").split() == out.split("<p>")[1].split("</p>")[0].split()
    assert '<h2 id="s1">' in out and "<p>" in out  # ids on headings only: Pagefind keeps an element with an id, and its text
    assert 'data-pagefind-meta="cs_orig:' in out and "际際" in out  # the page's own characters, for excerpts


def test_the_browser_folding_table_holds_every_traditional_character_once() -> None:
    shards = folding_shards()
    pairs = [shard[i : i + 2] for shard in shards.values() for i in range(0, len(shard), 2)]
    assert ("國", "国") in [(p[0], p[1]) for p in pairs]
    assert len({p[0] for p in pairs}) == len(pairs)
    assert all(ord(p[0]) % len(shards) == n for n, shard in shards.items() for p in [shard[i : i + 2] for i in range(0, len(shard), 2)])


@pytest.mark.browser
def test_the_browser_tokenizes_as_python_does(page, site_url) -> None:
    page.goto(site_url + "/")
    page.locator(".cs-search input").dispatch_event("focus")
    page.wait_for_function("window.csSearchTokens !== undefined")
    rng = random.Random(19)
    alphabet = "核安全文化国际原子能机构理性协调并进命运共同体铀，、。 IAEA safety 19"
    queries = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))).strip() or "核" for _ in range(200)]
    queries += ["𠀀核", "〇", "國際合作"]
    got = page.evaluate("""async qs => {
      const T = window.csSearchTokens;
      await Promise.all(qs.map(q => T.loadFolding("/assets/search-t2s/", q)));
      return qs.map(q => T.queryTokens(T.fold(q)));
    }""", queries)
    assert got == [query_tokens(q) for q in queries]


def test_the_quick_test_for_traditional_characters_agrees_with_folding() -> None:
    """A page is searched for characters to fold before it is folded (most have none): the
    search says yes exactly when folding changes the text."""
    import random

    from corpus_site.concepts.normalize import _t2s, has_traditional, simplified

    table = _t2s()
    assert table, "OpenCC's table is installed"
    pool = sorted(table)[:2000] + [chr(c) for c in range(0x4E00, 0x4E00 + 2000)] + list("ab ,.。、")
    rnd = random.Random(5)
    texts = ["", "核安全", "核安全觀", "nuclear"] + ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 8))) for _ in range(5000)]
    assert all(has_traditional(text) == (simplified(text) != text) for text in texts)
    assert sum(has_traditional(text) for text in texts) > 1000 and not has_traditional("核安全")
