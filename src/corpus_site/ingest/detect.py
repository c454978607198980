"""Stage 3: tell a seed's shape from its content (never from its file name)."""

from __future__ import annotations

import re
import statistics
from typing import Literal, Sequence

from ..model import Lang
from .text import CJK_RE, TERMINAL_RE, Line, count_cjk, count_latin, display_width, han_chars

Shape = Literal["news", "essay", "paper", "whitepaper", "plain"]

DATELINE_RE = re.compile(
    r"^(?P<head>[\u4e00-\u9fffA-Za-z·]{1,16}?)\s*(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*(?:讯|电|消息)"
)
FOOTNOTE_DEF_RE = re.compile(r"^\s*(?:\[\d{1,3}\]|［\d{1,3}］|[①-⑳])[\s\u3000]+\S")
ABSTRACT_RE = re.compile(r"^\s*(?:〔\s*提\s*要\s*〕|［\s*提\s*要\s*］|【\s*(?:摘\s*要|提\s*要)\s*】|(?:内容)?(?:摘\s*要|提\s*要)\s*[:：])")
CHAPTER_RE = re.compile(
    r"^\s*(?:(?:[IVXLC]+|\d+)\.\s+\S|Chapter\s+\w+|Part\s+\w+|(?:Preface|Foreword|Introduction|Conclusion|Concluding Remarks|Epilogue|Appendix)\b)",
    re.IGNORECASE,
)


# Opening lines of a speech: a salutation is a paragraph, never a title or a heading.
SALUTATION_RE = re.compile(
    r"^\s*(?:(?:ladies and gentlemen|dear (?:colleagues|friends|delegates|guests|all)|distinguished (?:guests|delegates|colleagues)|"
    r"(?:your |their )?excellenc(?:y|ies)|mr\.? (?:president|chairman|chair|secretary)|madam (?:president|chair)|"
    r"good (?:morning|afternoon|evening)|honou?rable|colleagues|friends)\b|"
    r"(?:尊敬的|各位|女士们|先生们|朋友们|同志们|同学们|亲爱的))",
    re.IGNORECASE,
)
OFFICIAL_RE = re.compile(r"^\s*(?:Resolution adopted by|Decision adopted by|General Assembly|Security Council|Board of Governors|GOV/|GC\(|A/RES/|S/RES/|INFCIRC/|决议|决定$)", re.I)
PAPER_PART_RE = re.compile(r"^\s*(?:(?:【|〔|\[)?\s*(?:摘\s*要|提\s*要|关键词|关键字|参考文献)\s*(?:】|〕|\])?\s*[:：]?|abstract\b|keywords?\b|references\b)", re.I)


def is_salutation(text: str) -> bool:
    """"Ladies and gentlemen,", "各位代表：": how a speech opens."""
    t = text.strip()
    return len(t) <= 120 and bool(SALUTATION_RE.match(t)) and (t.endswith((",", "，", ":", "：", "!", "！", ";")) or len(t) <= 40)


def detect_lang(text: str) -> Lang:
    cjk = count_cjk(text)
    latin = count_latin(text)
    # A CJK character carries about as much as a short English word.
    return "zh" if cjk * 4 >= latin else "en"


def is_traditional(text: str) -> bool:
    """True for text written in traditional characters (it does not encode in GB2312 but in Big5)."""
    han = han_chars(text[:20000])
    if len(han) < 20:
        return False
    # Each character GB2312 lacks becomes one "?" (there is none among Han characters).
    not_gb = han.encode("gb2312", errors="replace").count(b"?")
    return not_gb / len(han) > 0.08


def detect_shape(lines: Sequence[Line], separators: frozenset[int], lang: Lang) -> Shape:
    texts = [line.text for line in lines if line]
    if not texts:
        return "plain"
    if lang == "en":
        first = texts[0].strip()
        return "whitepaper" if CHAPTER_RE.match(first) and len(first) < 160 else "plain"
    if sum(1 for t in texts if DATELINE_RE.match(t.strip())) >= 1 and (separators or _long_lines(texts)):
        return "news"
    if is_hard_wrapped(texts):
        return "paper"
    if _title_count(lines) >= 2:
        return "essay"
    return "plain"


def _long_lines(texts: Sequence[str]) -> bool:
    return statistics.median(len(t) for t in texts) > 40


def is_hard_wrapped(texts: Sequence[str]) -> bool:
    """PDF-extracted text: most lines have nearly the same width and end mid-sentence."""
    body = [t.strip() for t in texts if len(t.strip()) >= 8]
    if len(body) < 12:
        return False
    widths = [display_width(t) for t in body]
    typical = statistics.median(sorted(widths)[len(widths) // 2 :])
    near = sum(1 for w in widths if abs(w - typical) <= max(4, typical * 0.08))
    open_ended = sum(1 for t in body if not TERMINAL_RE.search(t))
    return near / len(body) > 0.5 and open_ended / len(body) > 0.4 and typical < 120


def is_title_line(text: str) -> bool:
    """A short line with no sentence punctuation that can stand as a title or heading."""
    t = text.strip(" \t\u3000\u00a0")
    if not t or len(t) > 36 or len(t) < 4 or is_salutation(t):
        return False
    if re.search(r"[。！？；，,.!?;]$", t) or re.search(r"[。；]", t):
        return False
    return bool(CJK_RE.search(t))


def _title_count(lines: Sequence[Line]) -> int:
    count = 0
    prev_blank = True
    for i, line in enumerate(lines):
        if line and prev_blank and is_title_line(line.text):
            following = next((l for l in lines[i + 1 :] if l), None)
            if following is not None and len(following.text) > 60:
                count += 1
        prev_blank = not line
    return count
