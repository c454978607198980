"""One harness per shape: seed text in, documents out (titles, dates, sources, structure)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus_site.ingest.loader import load_seed
from corpus_site.model import Block, FootnoteRef

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def load(name: str, tmp_path: Path, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_seed(path)


# -- news digest ---------------------------------------------------------------------


def test_news_digest_is_cut_into_items_with_outlet_date_and_reporters() -> None:
    result = load_seed(SEEDS / "000_3b3b6b14cc6e4274.txt")
    assert result.shape == "news"
    docs = result.documents
    assert len(docs) >= 5
    assert [d.meta.source for d in docs[:3]] == ["红网", "红网", "新华网"]
    assert all(d.meta.date == "2016-04-02" for d in docs)
    assert docs[0].meta.authors == ("刘玉先",)
    assert docs[1].meta.authors == ("袁首", "潘锦")
    assert docs[2].meta.authors == ("耿学鹏", "蒋骢骁") and docs[2].meta.editor == "徐晓蕾"
    assert any(d.meta.authors == ("陈向阳",) for d in docs)
    assert docs[-1].meta.source == "人民网"


def test_news_captions_bylines_and_headings_are_typed_blocks() -> None:
    doc = load_seed(SEEDS / "000_3b3b6b14cc6e4274.txt").documents[2]
    kinds = {b.kind for b in doc.blocks}
    assert {"para", "caption", "heading", "byline"} <= kinds
    captions = [b.text for b in doc.blocks if b.kind == "caption"]
    assert captions and all(re.search(r"(摄|发)）$", c) for c in captions)
    assert [b.text for b in doc.blocks if b.kind == "heading"][0] == "【为了让老百姓放心】"


def test_news_paragraphs_split_on_full_width_space_runs() -> None:
    doc = load_seed(SEEDS / "000_3b3b6b14cc6e4274.txt").documents[0]
    paras = [b.text for b in doc.blocks if b.kind == "para"]
    assert len(paras) == 6
    assert not any("\u3000" in p for p in paras)


def test_unseen_digest_with_title_lines_and_full_datelines(tmp_path: Path) -> None:
    text = (
        "国家核安全局发布年度报告\n"
        "新华社北京2019年9月3日电（记者 张三）国家核安全局3日发布年度报告。报告指出，核安全形势总体平稳。\n"
        "报告还介绍了监管工作的主要进展。（完）\n"
        "&nbsp;\n"
        "中新网上海9月4日电 上海市今天举行核应急演练，多个部门参加。演练检验了应急响应能力。\n"
    )
    docs = load("digest.txt", tmp_path, text).documents
    assert [d.meta.title for d in docs][0] == "国家核安全局发布年度报告"
    assert docs[0].meta.date == "2019-09-03" and docs[0].meta.source == "新华社" and docs[0].meta.place == "北京"
    assert docs[0].meta.authors == ("张三",)
    assert docs[1].meta.source == "中新网" and docs[1].meta.date == "2019-09-04"


def test_a_heading_left_after_a_closing_byline_stays_with_its_item(tmp_path: Path) -> None:
    text = (
        "新华网北京4月2日电 核安全峰会今天闭幕，各方承诺加强合作。（记者耿学鹏、蒋骢骁，编辑徐晓蕾，新华国际客户端报道）\n"
        "【为了给明天信心】\n"
        "&nbsp;\n"
        "红网长沙4月2日讯（时刻新闻记者 刘玉先）湖南省政府网站公布了简化公共服务流程的通知。\n"
    )
    result = load("digest.txt", tmp_path, text)
    assert [d.meta.source for d in result.documents] == ["新华网", "红网"]
    assert "为了给明天信心" in " ".join(b.text for b in result.documents[0].blocks)
    assert not any(d.code == "conservation" for d in result.diagnostics)


# -- essays ------------------------------------------------------------------------------


def test_essay_collection_gives_six_titled_essays_without_boilerplate() -> None:
    result = load_seed(SEEDS / "001_0e6bd6cdd338e71c.txt")
    assert result.shape == "essay"
    titles = [d.meta.title for d in result.documents]
    assert titles == [
        "完善核安全监管体系建设专业化监管队伍",
        "强化政治引领构建依法治核新格局",
        "发挥核安全协调机制作用完善核安全法规标准体系",
        "加强核安全基础性工作持续提高监管能力",
        "加强体系建设提高监管效能",
        "持续提高国际合作能力构建核安全命运共同体",
    ]
    body = "\n".join(b.text for d in result.documents for b in d.blocks)
    for junk in ("哒哒", "公众号", "##paid", "素材库", "客服", "代笔"):
        assert junk not in body
    assert "党的二十大" in body and "D的" not in body and "D中央" not in body


# -- paper -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paper():
    return load_seed(SEEDS / "002_9f70e0c233707f76.txt").documents[0]


def test_paper_header_becomes_metadata(paper) -> None:
    assert paper.meta.title == "核安全命运共同体：内涵、时代价值与中国的实践"
    assert paper.meta.authors == ("高望来",)
    assert paper.meta.abstract.startswith("当今世界正处于百年未有之大变局")
    assert paper.meta.abstract.endswith("为推进全球核安全治理作出了重要贡献。")
    assert paper.meta.editor == "姜志达"
    assert "20BGJ033" in paper.meta.funding


def test_paper_headings_are_real_headings(paper) -> None:
    headings = [(b.level, b.text) for b in paper.blocks if b.kind == "heading"]
    assert headings[0] == (2, "一、核安全命运共同体理念提出的背景")
    assert (3, "（一）目标") in headings
    assert headings[-1] == (2, "五、结语")


def test_paper_reads_as_flowing_paragraphs(paper) -> None:
    paras = [b for b in paper.blocks if b.kind == "para"]
    assert 25 <= len(paras) <= 60
    for block in paras:
        text = block.text
        assert "\n" not in text
        # a paragraph ends a sentence (possibly followed by its footnote marker)
        assert re.search(r"[。！？”：]$", text.rstrip()) or isinstance(block.inlines[-1], FootnoteRef), text[-30:]


def test_every_footnote_is_attached_where_it_is_cited_and_keeps_its_text(paper) -> None:
    refs = [p for b in paper.blocks for p in b.inlines if isinstance(p, FootnoteRef)]
    labels = [r.label for r in refs]
    assert len(labels) == len(set(labels))
    assert sorted(labels) == sorted(n.label for n in paper.footnotes)
    assert len(paper.footnotes) >= 45
    notes = {n.label: n.text for n in paper.footnotes}
    # page-numbered markers restart on every page; each note keeps its own text
    assert notes["3-3"].startswith("Charles D. Ferguson and William C. Potter")
    assert "[" not in "".join(notes.values())[:0]
    # URLs broken across lines are joined again, using the PDF's link annotations
    assert any("http://switzerlandemb.fmprc.gov.cn/gjhdq_676201/" in t for t in notes.values())
    assert any("t20220919_1553362.html" in t for t in notes.values())


def test_repeated_link_lines_are_reported_as_removed() -> None:
    result = load_seed(SEEDS / "002_9f70e0c233707f76.txt")
    links = [r for r in result.removals if r.reason == "PDF link annotation"]
    assert len(links) >= 4
    body = "".join(b.text for b in result.documents[0].blocks)
    assert "https://www.cpnn.com.cn" not in body


def test_unseen_pdf_paper_with_circled_footnotes(tmp_path: Path) -> None:
    line = "核安全是核能与核技术利用事业发展的生命线，必须坚持安全第一的原则，秉持为发展"
    lines = [
        "论核安全文化的培育",
        "张三",
        "〔摘要〕核安全文化是核安全的灵魂，本文讨论其培育路径与评价方法，并提出建议。",
        "一、引言",
        *[line] * 6,
        "求安全、以安全促发展的理念。①",
        "① 国务院新闻办公室：《中国的核安全》，2019 年。",
        "这是下一页的正文，继续讨论核安全文化建设的重要意义和实践路径，并总结经验做法",
        "与存在的问题，提出进一步的对策建议，供有关部门参考，推动核安全文化不断发展进步",
        *[line] * 6,
        "二、结论",
        *[line] * 4,
        "全文完。",
    ]
    doc = load("paper.txt", tmp_path, "\n\n".join(lines)).documents[0]
    assert doc.meta.kind == "paper"
    assert doc.meta.title == "论核安全文化的培育" and doc.meta.authors == ("张三",)
    assert [n.text for n in doc.footnotes] == ["国务院新闻办公室：《中国的核安全》，2019 年。"]
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["一、引言", "二、结论"]


# -- English -----------------------------------------------------------------------------


def test_white_paper_chapter_gets_run_in_subheadings() -> None:
    doc = load_seed(SEEDS / "003_d81c67042e7b0ee9.txt").documents[0]
    assert doc.meta.lang == "en" and doc.meta.kind == "whitepaper"
    assert doc.meta.title.startswith("VI. Building a Community of Shared Future")
    heads = [b.text for b in doc.blocks if b.kind == "heading"]
    assert heads == [
        "Faithfully fulfilling international obligations and political commitments.",
        "Upholding multilateral efforts to strengthen nuclear safety.",
        "Strengthening international exchanges and cooperation on nuclear safety.",
    ]



def test_curated_sidecar_supplies_what_the_text_does_not_say(corpus) -> None:
    docs = {d.seed: d for d in corpus.documents}
    chapter = docs["003_d81c67042e7b0ee9.txt"]
    assert chapter.meta.whitepaper == "《中国的核安全》" and chapter.meta.date == "2019-09-03"
    assert docs["004_b272e8982b785cee.txt"].meta.whitepaper_en == "China's Nuclear Emergency Preparedness"


def test_english_speech_is_a_readable_page(tmp_path: Path) -> None:
    text = (
        "Remarks at the Opening of the Nuclear Security Summit\n\n"
        "Mr. President,\nDear Colleagues,\n\n"
        "It is a great pleasure to join you today. Nuclear security is a shared responsibility.\n"
        "We must work together. Thank you.\n"
    )
    doc = load("speech.txt", tmp_path, text).documents[0]
    assert doc.meta.lang == "en" and doc.meta.kind == "speech"  # its salutations say so (issue #18)
    assert doc.meta.title == "Remarks at the Opening of the Nuclear Security Summit"
    assert [b.text for b in doc.blocks][:2] == ["Mr. President,", "Dear Colleagues,"]


@pytest.mark.parametrize(
    "line, place, date",
    [
        ("Vienna, 6 March 2024", "Vienna", "2024-03-06"),
        ("Washington, D.C., April 1, 2016", "Washington, D.C.", "2016-04-01"),
        ("Beijing — Sept. 3, 2019.", "Beijing", "2019-09-03"),
        ("2024-03-06", None, "2024-03-06"),
        ("September 2019", None, "2019-09"),
    ],
)
def test_an_english_dateline_gives_the_date_and_place(tmp_path: Path, line: str, place: str | None, date: str) -> None:
    text = f"Remarks by the Ambassador at the Board of Governors\n\n{line}\n\nThank you, Chair.\n\nNuclear security is the primary responsibility of each state.\n"
    result = load("speech.txt", tmp_path, text)
    doc = result.documents[0]
    assert (doc.meta.place, doc.meta.date) == (place, date)
    assert [b.text for b in doc.blocks] == ["Thank you, Chair.", "Nuclear security is the primary responsibility of each state."]
    assert not [d for d in result.diagnostics if d.severity != "info"]  # the dateline is kept, as metadata


@pytest.mark.parametrize("line", ["In March 2024 we met in Vienna.", "Thank you, Chair.", "31 February 2024", "Mayday 2024", "The year 2024"])
def test_a_line_that_is_not_a_dateline_stays_text(tmp_path: Path, line: str) -> None:
    text = f"Remarks by the Ambassador at the Board of Governors\n\n{line}\n\nNuclear security is the primary responsibility of each state.\n"
    doc = load("speech.txt", tmp_path, text).documents[0]
    assert doc.meta.date is None and doc.blocks[0].text == line


def test_text_of_no_known_shape_keeps_its_paragraphs(tmp_path: Path) -> None:
    text = "一段没有标题的文字。它讲的是核安全。\n\n第二段文字也很短。"
    doc = load("plain.txt", tmp_path, text).documents[0]
    assert [b.text for b in doc.blocks] == ["一段没有标题的文字。它讲的是核安全。", "第二段文字也很短。"]
    assert doc.meta.title == "一段没有标题的文字"


def test_traditional_chinese_text_is_marked_hant(tmp_path: Path) -> None:
    text = "核安全命運共同體\n\n習近平主席在華盛頓核安全峰會上發表重要講話，強調國際合作與核安全文化的重要意義，並宣佈中國的新舉措。"
    doc = load("trad.txt", tmp_path, text).documents[0]
    assert doc.meta.lang == "zh" and doc.meta.script == "hant"


def test_blocks_are_frozen_records(paper) -> None:
    block: Block = paper.blocks[0]
    with pytest.raises(Exception):
        block.kind = "heading"  # type: ignore[misc]
