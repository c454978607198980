"""Stage 2: remove scraper boilerplate (paywall markers, watermarks, promotions, control bytes).

Every removed piece is returned as a ``Removal`` so that the build can report it and the
conservation check can account for it.  Masked characters (党 scraped as "D") are restored
in place, one character for one, so offsets stay valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Diagnostic, Removal
from ..concepts.normalize import simplified
from .text import Line, Seg, han_chars, remove_matches, split_lines

PAYWALL_RE = re.compile(r"##\s*paid\s*(?:begin|end)\s*##", re.IGNORECASE)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u2060\ufeff\ufffd]")
ENTITY_LINE_RE = re.compile(r"^(?:\s|&nbsp;|&#160;|&#xa0;|&emsp;|&ensp;)*(?:&nbsp;|&#160;|&#xa0;|&emsp;|&ensp;)(?:\s|&nbsp;|&#160;|&#xa0;|&emsp;|&ensp;)*$", re.I)
# Characters a watermark generator sprinkles into its text to defeat exact matching.
NOISE = "@#~%^&*$!|+=_"
_BRACKETED_RE = re.compile(r"[\[［][^\[\]［］\n]{2,80}[\]］]|【[^【】\n]{2,40}】")
# Anything ``_clean_line`` might cut: a line with none of it is kept whole, untouched (most lines).
_SUSPECT_RE = re.compile(f"{CONTROL_RE.pattern}|{PAYWALL_RE.pattern}|{_BRACKETED_RE.pattern}", re.IGNORECASE)
_WATERMARK_WORDS = re.compile(r"最新|热点|素材|尽在|公众号|微信号|关注|转载|来源于|搜索")
_PROMO_STRONG = re.compile(r"哒哒|公众号|添加客服|谨防假冒|唯一平台|svip|会员群|网盘群|代笔|扫码关注|长按识别")
_PROMO_WEAK = re.compile(r"素材库|会员|客服|加入|下载|更新|联系|微信|小伙伴|接单|好评|万字|一键")
_PROMO_ANY = re.compile(f"{_PROMO_STRONG.pattern}|{_PROMO_WEAK.pattern}")
_MASK_SIGNAL_RE = re.compile(r"D(?:的二十大|的十[一二三四五六七八九]|中央|和国家|员|组织|委|建|风|性|章|史|的领导|的建设|和人民|政|纪|课)")
_MASK_RE = re.compile(r"(?<![A-Za-z0-9&＆\-_/.])D(?![A-Za-z0-9\-_/.])")
_MASK_EXCLUDE_NEXT = set("级类型区座盘轮版调股档")


@dataclass(frozen=True, slots=True)
class Cleaned:
    lines: tuple[Line, ...]
    removals: tuple[Removal, ...]
    separators: frozenset[int]  # numbers of lines that were only `&nbsp;`-style separators
    restorations: tuple[tuple[str, str], ...]
    diagnostics: tuple[Diagnostic, ...]


def clean(text: str, file: str) -> Cleaned:
    """Cut boilerplate out of ``text``; the result keeps one ``Line`` per seed line."""
    mask = bool(_MASK_SIGNAL_RE.search(text)) and _looks_chinese(text)
    lines: list[Line] = []
    removals: list[Removal] = []
    separators: set[int] = set()
    restored = 0
    for seg in split_lines(text):
        if "&" in seg.text and ENTITY_LINE_RE.match(seg.text):
            separators.add(seg.line)
            removals.append(seg.removal("separator line"))
            lines.append(Line((), seg.line))
            continue
        pieces, cut = _clean_line(seg)
        removals.extend(cut)
        if mask:
            pieces, count = _restore_masked(pieces)
            restored += count
        lines.append(Line(tuple(pieces), seg.line))
    lines, promo = _drop_promotions(lines)
    removals.extend(promo)
    lines, site = _drop_site_furniture(lines)
    removals.extend(site)
    diagnostics = []
    if restored:
        diagnostics.append(Diagnostic(file, None, "restored-mask", f"restored {restored} masked 党 (scraped as \"D\")", "info"))
    return Cleaned(tuple(lines), tuple(removals), frozenset(separators), (("D", "党"),) if restored else (), tuple(diagnostics))


def _clean_line(seg: Seg) -> tuple[list[Seg], list[Removal]]:
    if not seg.text:
        return [], []
    if not _SUSPECT_RE.search(seg.text):
        return [seg], []
    removals: list[Removal] = []
    pieces = [seg]
    for pattern, reason in ((CONTROL_RE, "control character"), (PAYWALL_RE, "paywall marker")):
        next_pieces: list[Seg] = []
        for piece in pieces:
            kept, cut = remove_matches(piece, pattern, reason)
            next_pieces.extend(kept)
            removals.extend(cut)
        pieces = next_pieces
    next_pieces = []
    for piece in pieces:
        kept, cut = _remove_watermarks(piece)
        next_pieces.extend(kept)
        removals.extend(cut)
    return next_pieces, removals


def is_watermark(candidate: str) -> bool:
    """A bracketed span such as ``[最新热点@#素~材尽在【公众号*&：哒哒君】]`` in any of its garbled forms."""
    plain = "".join(ch for ch in candidate if ch not in NOISE)
    words = set(_WATERMARK_WORDS.findall(plain))
    return len(words) >= 2 or "公众号" in words


def _remove_watermarks(seg: Seg) -> tuple[list[Seg], list[Removal]]:
    kept: list[Seg] = []
    removed: list[Removal] = []
    pos = 0
    for match in _BRACKETED_RE.finditer(seg.text):
        if not is_watermark(match.group(0)):
            continue
        if match.start() > pos:
            kept.append(seg.cut(pos, match.start()))
        removed.append(seg.cut(match.start(), match.end()).removal("watermark"))
        pos = match.end()
    if pos < len(seg.text):
        kept.append(seg.cut(pos))
    return kept, removed


def is_promotion(text: str) -> bool:
    """A paragraph advertising the scraping site (membership, customer service, ghost-writing)."""
    if not _PROMO_ANY.search(text):
        return False  # most lines: no promotional word at all
    strong = len(set(_PROMO_STRONG.findall(text)))
    weak = len(set(_PROMO_WEAK.findall(text)))
    return strong >= 2 or (strong >= 1 and weak >= 2) or weak >= 5


def _drop_promotions(lines: list[Line]) -> tuple[list[Line], list[Removal]]:
    out: list[Line] = []
    removals: list[Removal] = []
    for line in lines:
        if line and is_promotion(line.text):
            removals.extend(piece.removal("promotion") for piece in line.pieces)
            out.append(Line((), line.number))
        else:
            out.append(line)
    return out, removals


# Lines a site puts around an article, by what kind of line they are (each short: an
# article's own sentence that mentions a subscription is not one of them).
_APPEAL_RE = re.compile(  # a call to the reader, as it opens: not a sentence that mentions a subscription
    r"^(?:[【\[（(]?\s*)(?:欢迎|请|点击|点此|扫码|扫描|长按|关注|订阅|下载|打赏|赞赏|捐助|支持我们|加入我们|"
    r"subscribe|sign up|follow us|donate|support (?:our|independent|us)|become a (?:member|subscriber)|join our)"
    r"|二维码|公众号|newsletter",
    re.I,
)
_UI_WORDS = (r"分享|收藏|点赞|评论|留言|转发|打印|列印|关闭|返回顶部|返回|字号|字体|[大中小]|微博|微信|朋友圈|QQ空间|复制链接|复制网址|举报|"
             r"share|tweet|bookmark|print|email|e-mail|font size|comments?|like|save|copy link|[aA][+\-]")
_UI_LINE_RE = re.compile(rf"^[\s|｜·•/、,，:：【】\[\]()（）]*(?:(?:{_UI_WORDS})[\s|｜·•/、,，:：【】\[\]()（）]*){{2,}}$", re.I)
_DISCLAIMER_RE = re.compile(
    r"^\s*(?:【?(?:免责声明|版权声明|特别声明|法律声明)】?|disclaimer|copyright\s*(?:©|\(c\)|\d{4})|©\s*\d{4}|"
    r"all rights reserved|本(?:网|网站|站|平台|公众号)(?:所)?(?:刊载|发布|转载)|未经(?:书面)?(?:授权|许可).{0,10}(?:转载|使用)|转载请注明)",
    re.I,
)
_STAMP_RE = re.compile(r"^\s*[一-鿿A-Za-z0-9]{1,12}\s*(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?\s*$")
_DATA_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\(\s*data:[^)\n]*\)|<img\b[^>\n]*\bsrc\s*=\s*[\"']?data:[^>\n]*>", re.I)


def site_furniture(text: str, number: int) -> str | None:
    """Why a line is a site's furniture rather than the text (None: it is text).  Lines in
    traditional characters are judged in simplified ones."""
    stripped = text.strip()
    if not stripped or len(stripped) > 160:
        return None
    if len(stripped) > 60:  # (only a disclaimer is as long: it says so at its start)
        return "disclaimer" if _DISCLAIMER_RE.match(simplified(stripped[:40])) else None
    stripped = simplified(stripped)
    if _UI_LINE_RE.match(stripped):
        return "app interface"
    if _DISCLAIMER_RE.match(stripped):
        return "disclaimer"
    if ":" in stripped and _STAMP_RE.match(stripped):
        return "timestamp line"
    if _APPEAL_RE.search(stripped):
        return "subscription appeal"
    return None


def _drop_site_furniture(lines: list[Line]) -> tuple[list[Line], list[Removal]]:
    out: list[Line] = []
    removals: list[Removal] = []
    for line in lines:
        reason = site_furniture(line.text, line.number) if line else None
        if reason:
            removals.extend(piece.removal(reason) for piece in line.pieces)
            out.append(Line((), line.number))
            continue
        if "data:" in line.text and _DATA_IMAGE_RE.search(line.text):
            kept: list[Seg] = []
            for piece in line.pieces:
                pieces, cut = remove_matches(piece, _DATA_IMAGE_RE, "inline data: image")
                kept.extend(pieces)
                removals.extend(cut)
            line = Line(tuple(kept), line.number)
        out.append(line)
    return out, removals


def _looks_chinese(text: str) -> bool:
    sample = text[:20000]
    return len(han_chars(sample)) > len(sample) * 0.2


def _restore_masked(pieces: list[Seg]) -> tuple[list[Seg], int]:
    out: list[Seg] = []
    count = 0
    for piece in pieces:
        text = piece.text
        if "D" not in text:
            out.append(piece)
            continue
        chars = list(text)
        for match in _MASK_RE.finditer(text):
            i = match.start()
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if after in _MASK_EXCLUDE_NEXT:
                continue
            if _is_han(before) or _is_han(after):
                chars[i] = "党"
                count += 1
        out.append(Seg(piece.start, "".join(chars), piece.line))
    return out, count


def _is_han(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"
