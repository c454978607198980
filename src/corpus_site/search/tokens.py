"""Chinese text as the search index sees it: overlapping character bigrams, written as
ASCII words that no search engine cuts again.

Pagefind cuts the indexed text with jieba and the typed query with the browser's
Intl.Segmenter; the two disagree (Pagefind issue #1237), so a query can miss a text that
contains it.  Here index and query are cut by one function of our own, as Lucene's
CJKBigramFilter does: every run of Han characters becomes its overlapping bigrams, and the
run's last character alone.  Any string of two or more characters is then a sequence of
bigrams that stand at consecutive positions wherever the string occurs, and one character
is the prefix of every bigram it starts (Pagefind matches an unquoted word by prefix).

A character is folded first (traditional → simplified, one for one, OpenCC's table), so a
query in either script finds texts in either.  It is written as its code point in
hexadecimal with consonants for digits (``HEX``): no vowel, so no real word of a
Latin-script language is a token, and no s or y, so no stemmer changes one.  A bigram is
``q`` + 8 letters, a lone character ``q`` + 4 + ``z`` (beyond the BMP a character takes
``x`` + 5).  A lone character's ``z`` keeps every indexed word longer than the code of its
first character, so that a one-character query (that code alone, matched by prefix) is
looked up in every chunk of the words it starts, however many (:mod:`..site.bundle`).
``docs/assets/search.js`` holds the same definition for the query; the tests check that
the two agree.  The index's fragments (what the browser shows of a page) are written back
in characters after each Pagefind run (:func:`decode`).
"""

from __future__ import annotations

import re

from ..concepts.normalize import _t2s

MARK = "q"
HEX = "bcdfghjklmnprtvw"  # hexadecimal digits 0-f as consonants (no vowel, no s or y: no stemmer touches them)
ASTRAL = "x"  # a character beyond the BMP: x and five digits (no BMP character starts so: the codes are prefix-free)
LONE = "z"  # after a lone character's code (no code holds a z)
WHOLE = "y"  # after the mark: a thinned word's copy with all its places (site/bundle.py), sorted after every token
WIDTH = 4  # digits of a BMP character
HAN_RUN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_TO_HEX = str.maketrans(HEX, "0123456789abcdef")
_FROM_HEX = str.maketrans("0123456789abcdef", HEX)


def spell(ch: str) -> str:
    """A character's code: its code point in hexadecimal, written with ``HEX``."""
    cp = ord(ch)
    return (f"{cp:04x}" if cp <= 0xFFFF else f"{ASTRAL}{cp:05x}").translate(_FROM_HEX)


class _Letters(dict[int, str]):
    """A str.translate table: a Han character → the code of its folded (simplified) form,
    learnt as met; any other character stays itself."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = letters = spell(_t2s().get(ch, ch)) if HAN_RUN.match(ch) else ch
        return letters


_LETTERS = _Letters()


def letters(run: str) -> str:
    """A run of Han characters, each folded and written as its code."""
    return run.translate(_LETTERS)


def _codes(run: str) -> list[str]:
    coded = letters(run)
    if ASTRAL not in coded:
        return [coded[i : i + WIDTH] for i in range(0, len(coded), WIDTH)]
    return re.findall(f"{ASTRAL}[{HEX}]{{5}}|[{HEX}]{{{WIDTH}}}", coded)


def run_tokens(run: str, last: bool = True) -> list[str]:
    """The tokens of one run of Han characters: its bigrams, then (``last``) its final
    character alone.  A run of one character is that character alone."""
    codes = _codes(run)
    if len(codes) == 1:
        return [MARK + codes[0] + LONE]
    tokens = [MARK + a + b for a, b in zip(codes, codes[1:])]
    if last:
        tokens.append(MARK + codes[-1] + LONE)
    return tokens


def _encode_run(match: re.Match[str]) -> str:
    # run_tokens, for the usual case at C speed: this runs for every run of every page indexed
    coded = match.group().translate(_LETTERS)
    if ASTRAL in coded:
        return " " + " ".join(run_tokens(match.group())) + " "
    end = len(coded) - WIDTH
    if not end:
        return f" {MARK}{coded}{LONE} "
    pairs = " q".join([coded[i : i + 2 * WIDTH] for i in range(0, end, WIDTH)])
    return f" {MARK}{pairs} {MARK}{coded[end:]}{LONE} "


def encode(text: str, going_on: str = "") -> str:
    """``text`` as the index sees it: each run of Han characters replaced by its tokens
    (with a space either side), everything else as it is.  ``going_on``: the character that
    continues the text's last run in the next text (past an inline tag): that run ends on
    the bigram of the two, not on its last character alone."""
    out = HAN_RUN.sub(_encode_run, text)
    if going_on and HAN_RUN.match(text[-1:]):
        end = MARK + letters(text[-1]) + LONE + " "
        if out.endswith(end):  # (always: the text ends in a run)
            out = out[: -len(end)] + MARK + letters(text[-1] + going_on) + " "
    return out


def query_tokens(query: str) -> list[str]:
    """A typed query as the index's words.  A run followed by more of the query ends with
    its last character alone, as the index's runs do; the query's last run does not (it may
    stop inside a longer run of the text); a one-character run is that character, found by
    prefix."""
    out: list[str] = []
    pos = 0
    matches = list(HAN_RUN.finditer(query))
    for i, match in enumerate(matches):
        out.extend(query[pos : match.start()].split())
        more = bool(query[match.end() :].strip()) or i + 1 < len(matches)
        codes = _codes(match.group())
        out.extend([MARK + codes[0]] if len(codes) == 1 else run_tokens(match.group(), last=more))
        pos = match.end()
    out.extend(query[pos:].split())
    return out


_CODE = f"(?:[{HEX}]{{{WIDTH}}}|{ASTRAL}[{HEX}]{{5}})"
_LETTER = f"[{HEX}{ASTRAL}]"
# A run of tokens, with the space put either side of it (Pagefind's text of a page has a
# zero-width space after each space it segments at).  It starts on a space or a q, so the
# scan passes over the rest of a text quickly.
_TOKEN_RUN = re.compile(
    f"(?:\u200b? \u200b?|(?<![0-9A-Za-z])){MARK}({_LETTER}{{4,12}}{LONE}?(?:[ \u200b]+{MARK}{_LETTER}{{4,12}}{LONE}?)*)(?![0-9A-Za-z])(?: \u200b?)?"
)


def _chars(codes: str) -> str:
    if ASTRAL in codes:
        return "".join(chr(int(c.lstrip(ASTRAL).translate(_TO_HEX), 16)) for c in re.findall(_CODE, codes))
    return bytes.fromhex(codes.translate(_TO_HEX)).decode("utf-16-be", "replace")


class _Runs(dict[str, str]):
    """Runs of tokens decoded, remembered: both interfaces show the same texts."""

    def __missing__(self, run: str) -> str:
        words = run.replace("\u200b", "").split(MARK)
        words = [w.strip().rstrip(LONE) for w in words if w.strip()]
        if ASTRAL in run:
            codes = [re.findall(_CODE, word) for word in words]
            chars = _chars("".join(c[0] for c in codes) + (codes[-1][1] if len(codes[-1]) > 1 else ""))
        else:  # a run that ends on a bigram (cut short): its second character too
            chars = _chars("".join([word[:WIDTH] for word in words]) + words[-1][WIDTH:])
        if len(self) > 500_000:
            self.clear()
        self[run] = chars
        return chars


_RUNS = _Runs()


def decode(text: str) -> str:
    """The inverse of :func:`encode`, but for folding: each run of tokens back to its
    (simplified) characters, the spaces put around it removed.  A run cut short gives what
    its tokens hold.  Fragments are written back so (:mod:`..site.bundle`)."""
    return _TOKEN_RUN.sub(lambda match: _RUNS[match.group(1)], text)


FOLDING_SHARDS = 512  # the browser's folding table comes in this many files, by code point


def folding_shards() -> dict[int, str]:
    """OpenCC's traditional → simplified table for the browser: for each share of code
    points (``ord(ch) % FOLDING_SHARDS``), the characters that fold, each followed by what
    it folds to.  A query fetches only the shares of its own characters."""
    shards: dict[int, list[str]] = {n: [] for n in range(FOLDING_SHARDS)}
    for own, folded in sorted(_t2s().items()):
        if own != folded and HAN_RUN.match(own):
            shards[ord(own) % FOLDING_SHARDS].append(own + folded)
    return {n: "".join(pairs) for n, pairs in shards.items()}
