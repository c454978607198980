"""Real texts in the forms they come in (issue #18): Markdown with front matter, converter
output, record collections, HTML pages, statutes, speeches, official documents.

The fixtures in tests/fixtures/forms/ are written for this project in the shapes of real
files of each form; each is read here (text in, documents and metadata out), and all are
built together into a site that is checked in its HTML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from corpus_site.ingest.form import detect_form
from corpus_site.ingest.loader import load_corpus, load_seed, load_text, usable_title
from corpus_site.ingest.decode import decode_seed
from corpus_site.site.docpage import html_text

FORMS = Path(__file__).resolve().parent / "fixtures" / "forms"


def docs(name: str):  # type: ignore[no-untyped-def]
    result = load_seed(FORMS / name)
    assert not [d for d in result.diagnostics if d.severity == "error"], [str(d) for d in result.diagnostics]
    return result.documents


@pytest.mark.parametrize(
    "name, form",
    [
        ("hk-news-post.md", "markdown"), ("hugo-post.md", "markdown"), ("mineru-paper.md", "markdown"), ("statute.md", "markdown"),
        ("resolution.md", "markdown"), ("news.jsonl", "json-records"), ("records.json", "json-records"),
        ("sogou-records.txt", "doc-records"), ("page.html", "html"), ("statute-plain.txt", "text"), ("un-speech.txt", "text"),
        ("zh-speech.txt", "text"),
    ],
)
def test_the_form_is_told_from_the_content(name: str, form: str) -> None:
    text = decode_seed((FORMS / name).read_bytes()).text
    assert detect_form(text) == form
    renamed = load_text(text, "seed-without-a-telling-name.txt")  # the file name plays no part
    assert [d.meta.title for d in renamed.documents] == [d.meta.title for d in load_seed(FORMS / name).documents] or name.endswith("speech.txt")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("hk-news-post.md", [dict(title="核安全文化建设进入新阶段", kind="news", date="2024-03-05", source="news.example.hk",
                                  authors=("陳大文",), keywords=("核安全", "監管"), url="https://news.example.hk/article/20240305/abc.html",
                                  abstract="本文介紹核安全文化建設的最新進展。", script="hant")]),
        ("hugo-post.md", [dict(title="Why regulators publish their safety reviews", date="2023-11-20", authors=("Maria Keller", "Tom Avery"),
                               keywords=("regulation", "transparency"), lang="en")]),
        ("mineru-paper.md", [dict(title="核电厂运行经验反馈体系的构建与实践", kind="paper", authors=("王建国", "刘晓明"),
                                  keywords=("运行经验", "经验反馈", "核安全文化"),
                                  affiliations=("某某大学核科学与技术学院，北京 100084", "某某核电研究院，深圳 518000"))]),
        ("statute.md", [dict(title="某某省放射性同位素与射线装置安全管理条例", kind="law", date="2019-11-28", issuer="某某省人民代表大会常务委员会")]),
        ("statute-plain.txt", [dict(title="某某市核应急管理办法", kind="law", date="2021-06-15", issuer="某某市人民政府")]),
        ("resolution.md", [dict(kind="official", symbol="GC(67)/RES/7", date="2023-09-29", issuer="General Conference")]),
        ("news.jsonl", [dict(title="全国辐射环境质量总体良好", date="2022-06-05", source="生态环境部", url="https://www.example.gov.cn/xxgk/2022/06/05/art_1.html"),
                        dict(title="核安全法实施五周年座谈会召开", date="2022-12-30", source="example.com.cn"),  # date from the URL, source from its host
                        dict(title="Reactor restart approved after review", date="2021-09-14", source="wire.example.com", lang="en")]),
        ("records.json", [dict(title="放射源安全检查专项行动启动", date="2020-05-08"), dict(title="核与辐射安全公众开放日举行", date="2020-09-19")]),
        ("sogou-records.txt", [dict(title="某核电站完成年度换料大修", date="2012-06-15", source="news.example.cn", url="http://news.example.cn/20120615/n345678.shtml"),
                               dict(title="核安全文化宣贯活动在各地展开", date="2012-06-16")]),
        ("page.html", [dict(title="核电站开展年度综合应急演练", date="2023-08-17", authors=("张明",), url="https://www.example-news.cn/2023/08/17/drill.html",
                            abstract="某核电站开展年度综合应急演练。")]),
        ("un-speech.txt", [dict(kind="speech", date="2019-09-23", place="New York", lang="en")]),
        ("zh-speech.txt", [dict(kind="speech")]),
    ],
)
def test_each_form_gives_its_documents_and_metadata(name: str, expected: list[dict]) -> None:
    found = docs(name)
    assert len(found) == len(expected)
    for doc, want in zip(found, expected):
        got = {key: getattr(doc.meta, key) for key in want}
        assert got == want
        assert usable_title(doc.meta.title), doc.meta.title


def test_a_speech_is_never_titled_by_its_salutation_or_first_words() -> None:
    (speech,) = docs("un-speech.txt")
    assert speech.meta.title == "Un speech (New York, 2019-09-23)"  # its file's name, place and date
    assert [b.text for b in speech.blocks[:3]] == ["Mr. President,", "Excellencies,", "Ladies and gentlemen,"]
    assert all(b.kind == "para" for b in speech.blocks[:3])
    assert speech.blocks[6].kind == "list" and "sharing operating experience" in speech.blocks[6].text  # en-dash lines
    assert speech.blocks[4].text.startswith("First,") and speech.blocks[4].kind == "para"
    (zh,) = docs("zh-speech.txt")
    assert zh.meta.title.startswith("讲话") and zh.blocks[0].text.startswith("各位代表")


def test_a_statute_has_chapters_as_headings_and_each_article_its_anchor() -> None:
    for name in ("statute.md", "statute-plain.txt"):
        (law,) = docs(name)
        headings = [b.text for b in law.blocks if b.kind == "heading"]
        assert len(headings) == 3 and headings[0].replace("　", "").replace(" ", "") == "第一章总则"
        anchors = [b.anchor for b in law.blocks if b.anchor]
        assert anchors == [f"art-{n}" for n in range(1, 6)]
        assert 'id="art-3"' in html_text(law).body


def test_markdown_is_rendered_and_nothing_of_it_shows_as_text() -> None:
    body = html_text(docs("hk-news-post.md")[0]).body
    assert "<strong>發布</strong>" in body
    assert '<a href="https://news.example.hk/archive/2024/guide.html"' in body  # an archive path, resolved on the source
    assert "<ul><li>第一項：加強監管</li>" in body and "<table>" in body
    assert 'href="#fn:1"' in body  # <sup>1</sup> calls the note [^1]
    for shown in ("**", "](", "[^", "<!--", "alert(1)", "<script", "<img", "---"):
        assert shown not in re.sub(r"<[^>]+>", "", body).replace("&lt;", "<"), shown
    assert "<img" not in body and "<script" not in body


def test_converter_latex_for_numbers_reads_as_the_numbers() -> None:
    (paper,) = docs("mineru-paper.md")
    assert "43.5%" in (paper.meta.abstract or "") and "$" not in (paper.meta.abstract or "")
    assert [n.label for n in paper.footnotes] == ["1", "2"]
    body = html_text(paper).body
    assert 'href="#fn:2"' in body and "$" not in body
    assert body.count("<br>") >= 1  # the references, one a line


def test_official_documents_keep_their_numbered_paragraphs_and_notes() -> None:
    (resolution,) = docs("resolution.md")
    body = html_text(resolution).body
    assert "<ol><li>Urges all Member States" in body
    assert resolution.footnotes[0].text == "GC(66)/RES/6 and earlier resolutions on the same subject."  # with its continuation line
    assert 'href="#fn:1"' in body  # the call glued to the comma before it


def test_site_boilerplate_is_removed_and_reported() -> None:
    result = load_seed(FORMS / "hk-news-post.md")
    reasons = {r.reason for r in result.removals}
    assert {"timestamp line", "app interface", "subscription appeal", "markup"} <= reasons
    text = " ".join(b.text for d in result.documents for b in d.blocks)
    assert "分享" not in text and "訂閱" not in text and "10:23" not in text


@pytest.mark.parametrize(
    "line, reason",
    [
        ("分享 收藏 字号 大 中 小", "app interface"), ("Share | Tweet | Email", "app interface"),
        ("免责声明：本文仅代表作者个人观点", "disclaimer"), ("© 2023 Example Media. All rights reserved.", "disclaimer"),
        ("明報 2024-03-05 10:23", "timestamp line"), ("歡迎訂閱本台新聞通訊", "subscription appeal"),
        ("Subscribe to our newsletter", "subscription appeal"), ("核安全是核能发展的生命线，要订阅也要阅读。", None),
        ("中国", None), ("2024年3月5日，国家核安全局发布了新规定。", None),
    ],
)
def test_site_furniture_is_told_by_the_kind_of_line(line: str, reason: str | None) -> None:
    from corpus_site.ingest.clean import site_furniture

    assert site_furniture(line, 3) == reason


def test_an_inline_data_image_is_removed() -> None:
    text = "标题行在这里\n\n正文第一段，含一张内嵌图片![图](data:image/png;base64,iVBORw0KGgo=)，然后继续。" * 1
    result = load_text(text, "x.txt")
    assert any(r.reason == "inline data: image" for r in result.removals)
    assert "base64" not in " ".join(b.text for d in result.documents for b in d.blocks)


def test_front_matter_yaml_bomb_is_refused_quickly_and_the_text_still_loads() -> None:
    import time

    levels = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'] + [
        f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    text = "---\n" + "\n".join(levels) + "\ntitle: *a8\n---\n\n# 正常的标题\n\n正文内容。\n"
    started = time.perf_counter()
    result = load_text(text, "bomb.md")
    assert time.perf_counter() - started < 1.0
    (error,) = [d for d in result.diagnostics if d.code == "front-matter"]
    assert error.line is not None and "alias" in error.message
    assert [d.meta.title for d in result.documents] == ["正常的标题"]


@pytest.mark.slow
def test_every_form_built_together_gives_the_documents_a_reader_counts(tmp_path: Path) -> None:
    from conftest import copy_project, mkdocs_build

    seeds = tmp_path / "seeds"
    shutil.copytree(FORMS, seeds)
    shutil.copy2(Path(__file__).resolve().parent.parent / "seeds" / "concepts.yml", seeds / "concepts.yml")
    project = copy_project(tmp_path / "p", seeds) if (tmp_path / "p").mkdir() is None else None
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    corpus = load_corpus(seeds)
    assert len(corpus.documents) == 16  # one a file, one a record (three in the JSON Lines, two in each other collection)
    site = project / "site"
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (site / "doc").glob("*/index.html")}
    assert len(pages) == 16
    for name, page in pages.items():
        content = page.split('<div class="cs-body"', 1)[1].split('<div class="cs-cite"', 1)[0]
        text = re.sub(r"<[^>]+>", "", content)
        for shown in ("**", "](", "[^", "<!--", "&lt;script", "&lt;img", "+++", "\n---"):
            assert shown not in text, (name, shown)
        assert not re.search(r"<img\b", content) and "<script" not in content, name
        assert not re.search(r'\bsrc="https?://', page), name  # no image of another host is loaded
    law = next(p for p in pages.values() if "某某省放射性同位素" in p)
    assert 'id="art-4"' in law and "<h2" in law
    kinds = (site / "browse" / "kind" / "index.html").read_text(encoding="utf-8")
    assert "法律法规" in kinds and "讲话与声明" in kinds
    assert "Laws and regulations" in (site / "en" / "browse" / "kind" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# 核电站完成大修\n\n来源：新华网　发布时间：2024-03-05 10:23　作者：王某\n\n本报讯 某核电站一号机组日前顺利完成大修，机组恢复运行。\n\n责任编辑：李某\n",
         dict(title="核电站完成大修", source="新华网", date="2024-03-05", authors=("王某",), editor="李某")),
        ("Plant to restart after review\n\nSource: Reuters | Date: 5 March 2024\n\nThe regulator said on Tuesday that the plant would restart.\n",
         dict(title="Plant to restart after review", source="Reuters", date="2024-03-05")),
        ("在2024年核安全大会上的讲话\n\n（2024年3月5日）\n\n各位代表，女士们，先生们：\n\n大家好！很高兴出席本次核安全大会。\n",
         dict(title="在2024年核安全大会上的讲话", kind="speech", date="2024-03-05")),  # the date line under a speech's title
        ("Resolution adopted by the General Assembly on 25 September 2015\n\nThe General Assembly,\n\n1. Decides to adopt the document.\n",
         dict(kind="official", date="2015-09-25")),
    ],
)
def test_an_articles_information_lines_are_its_metadata(text: str, expected: dict) -> None:
    (doc,) = load_text(text, "post.txt").documents
    assert {key: getattr(doc.meta, key) for key in expected} == expected
    assert not any("来源" in b.text or "Source:" in b.text or "责任编辑" in b.text for b in doc.blocks)


def test_a_sentence_that_names_a_source_stays_text() -> None:
    text = "标题行在这里是标题\n\n来源于群众的意见是我们工作的出发点，日期：不详。这句话是正文的一部分，很长很长。\n"
    (doc,) = load_text(text, "c.txt").documents
    assert doc.meta.source is None and doc.blocks[0].text.startswith("来源于群众")
