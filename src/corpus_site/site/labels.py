"""Interface strings in both languages."""

from __future__ import annotations

from ..model import Lang

LABELS: dict[str, dict[Lang, str]] = {
    "site_name": {"zh": "核安全政策文献库", "en": "Nuclear Safety Policy Corpus"},
    "kind": {"zh": "类型", "en": "Kind"},
    "source": {"zh": "来源", "en": "Source"},
    "date": {"zh": "日期", "en": "Date"},
    "authors": {"zh": "作者", "en": "Authors"},
    "editor": {"zh": "责任编辑", "en": "Editor"},
    "issuer": {"zh": "发布机构", "en": "Issued by"},
    "whitepaper": {"zh": "白皮书", "en": "White paper"},
    "language": {"zh": "文献语言", "en": "Language"},
    "seed": {"zh": "原始文本", "en": "Raw text"},
    "original": {"zh": "原文链接", "en": "Original"},
    "symbol": {"zh": "文号", "en": "Symbol"},
    "position": {"zh": "第 {n} 篇", "en": "document {n}"},
    "abstract": {"zh": "提要", "en": "Abstract"},
    "keywords": {"zh": "关键词", "en": "Keywords"},
    "funding": {"zh": "基金项目", "en": "Funding"},
    "place": {"zh": "发稿地", "en": "Dateline"},
    "cite": {"zh": "引用本文", "en": "Cite this document"},
    "copy": {"zh": "复制", "en": "Copy"},
    "copied": {"zh": "已复制", "en": "Copied"},
    "concepts": {"zh": "本文概念", "en": "Concepts in this document"},
    "related": {"zh": "相关文献", "en": "Related documents"},
    "related_zh": {"zh": "中文文献", "en": "In Chinese"},
    "related_en": {"zh": "英文文献", "en": "In English"},
    "no_related": {"zh": "暂无", "en": "None yet"},
    "footnotes": {"zh": "注释", "en": "Notes"},
    "unknown": {"zh": "未注明", "en": "not stated"},
    "home": {"zh": "首页", "en": "Home"},
    "documents": {"zh": "文献", "en": "Documents"},
    "by_kind": {"zh": "按类型浏览", "en": "Browse by kind"},
    "by_source": {"zh": "按来源浏览", "en": "Browse by source"},
    "by_year": {"zh": "按年份浏览", "en": "Browse by year"},
    "undated": {"zh": "日期未详", "en": "Undated"},
    "latest": {"zh": "最新文献", "en": "Latest documents"},
    "corpus_at_glance": {"zh": "文献概览", "en": "The corpus at a glance"},
    "count_docs": {"zh": "{n} 篇文献", "en": "{n} documents"},
    "original_title": {"zh": "原题", "en": "Original title"},
    "concepts_title": {"zh": "概念", "en": "Concepts"},
    "concept_map": {"zh": "概念图谱", "en": "Concept map"},
    "concept_map_hint": {
        "zh": "每个圆是一个概念，大小表示提及它的文献数，颜色表示类别；连线表示两个概念同现于文献中的频率高于偶然（只画出每个概念最强的联系）。指向或聚焦一个节点，突出显示与它相连的概念，再点一次进入它的页面。",
        "en": "Each circle is a concept, sized by the documents that mention it and coloured by its kind; a line joins two concepts that occur in the same documents more often than chance would give (only each concept's strongest ties are drawn). Point at or focus a node to highlight the concepts linked to it; tap again to open its page.",
    },
    "local_map_concept": {"zh": "概念邻域图", "en": "Map of this concept's neighbourhood"},
    "local_map_document": {"zh": "本文的概念与相关文献图", "en": "Map of this document's concepts and related documents"},
    "local_map_concept_hint": {
        "zh": "中心是本概念；内圈是与它同现最多的概念及上位、下位概念（虚线），外圈是提及它最多的中文和英文文献。",
        "en": "This concept is in the middle; around it, the concepts it occurs with most and its broader and narrower concepts (dashed); outside, the Chinese and English documents that mention it most.",
    },
    "local_map_document_hint": {
        "zh": "中心是本文；内圈是它的概念，外圈是中英文相关文献，与它们共有的概念相连。",
        "en": "This document is in the middle; around it, its concepts; outside, related documents in Chinese and English, joined to the concepts they share with it.",
    },
    "map_caption_hint": {"zh": "指向或聚焦一个节点，查看其中英文名称。", "en": "Point at or focus a node to see its names in both languages."},
    "mention_times": {"zh": "提及 {n} 次", "en": "{n} mentions"},
    "this_document": {"zh": "本文", "en": "this document"},
    "definition": {"zh": "定义", "en": "Definition"},
    "hierarchy": {"zh": "概念层级", "en": "Hierarchy"},
    "broader": {"zh": "上位概念", "en": "Broader"},
    "narrower": {"zh": "下位概念", "en": "Narrower"},
    "related_concepts": {"zh": "相关概念", "en": "Related"},
    "renderings": {"zh": "写法", "en": "Renderings"},
    "mentions_in": {"zh": "{language}文献中的提及", "en": "Mentions in {language} documents"},
    "mention_count": {"zh": "{n} 处提及，{d} 篇文献", "en": "{n} mentions in {d} documents"},
    "no_mentions": {"zh": "本文献库中暂无提及。", "en": "No mentions in the corpus yet."},
    "cooccurring": {"zh": "共现概念", "en": "Concepts that occur alongside"},
    "documents_of_work": {"zh": "收录于本库", "en": "In this corpus"},
    "shared": {"zh": "共同概念", "en": "shared concepts"},
    "filter_kind": {"zh": "类型", "en": "Kind"},
    "filter_lang": {"zh": "语言", "en": "Language"},
    "filter_source": {"zh": "来源", "en": "Source"},
    "filter_year": {"zh": "年份", "en": "Year"},
    "filter_concept": {"zh": "概念", "en": "Concept"},
    "concept_page": {"zh": "概念", "en": "Concept"},
    "timeline": {"zh": "时间线", "en": "Timeline"},
    "timeline_hint": {"zh": "每个点是一篇文献，按类型分行、按日期排列；指向一个点可见标题，点按打开文献。", "en": "Each dot is a document, in a row for its kind, placed by date. Point at a dot for its title; click to open it."},
    "undated_count": {"zh": "另有 {n} 篇文献日期未详：", "en": "{n} more documents are undated:"},
    "top_concepts": {"zh": "讨论最多的概念", "en": "Most-discussed concepts"},
    "side_by_side": {"zh": "中英对照", "en": "Side by side"},
    "side_by_side_hint": {"zh": "同一概念在中文与英文文献中的写法并排比较；⚑ 表示文中写法未收录于概念表。", "en": "How the concept is rendered in Chinese and in English texts, next to each other; ⚑ marks a rendering that is not in the registry."},
    "unregistered": {"zh": "写法未收录于概念表", "en": "rendering not in the registry"},
    "home_description": {
        "zh": "中英双语核安全政策文献库：新闻、评论文章、学术论文与白皮书，概念互链，全文检索。",
        "en": "A bilingual corpus of nuclear safety policy texts — news, essays, papers and white papers — with linked concepts and full-text search.",
    },
    "page_n": {"zh": "第 {n} 页，共 {count} 页", "en": "page {n} of {count}"},
    "pages": {"zh": "分页", "en": "Pages"},
    "previous": {"zh": "上一页", "en": "Previous"},
    "next": {"zh": "下一页", "en": "Next"},
    "all_n": {"zh": "全部 {n} 篇 →", "en": "All {n} →"},
    "more_mentions": {"zh": "另有 {n} 处", "en": "{n} more"},
    "mentions_summary": {"zh": "{language}文献 {n} 篇", "en": "{n} {language} documents"},
    "search_hint": {"zh": "搜索文献、概念……", "en": "Search documents, concepts…"},
}

KIND_NAMES: dict[str, dict[Lang, str]] = {
    "news": {"zh": "新闻", "en": "News"},
    "essay": {"zh": "评论文章", "en": "Essays"},
    "paper": {"zh": "学术论文", "en": "Papers"},
    "whitepaper": {"zh": "白皮书", "en": "White papers"},
    "law": {"zh": "法律法规", "en": "Laws and regulations"},
    "speech": {"zh": "讲话与声明", "en": "Speeches and statements"},
    "official": {"zh": "官方文件", "en": "Official documents"},
    "other": {"zh": "其他", "en": "Other"},
}

CONCEPT_KIND_NAMES: dict[str, dict[Lang, str]] = {
    "principle": {"zh": "理念与原则", "en": "Principles and ideas"},
    "initiative": {"zh": "倡议与举措", "en": "Initiatives"},
    "institution": {"zh": "机构与组织", "en": "Institutions"},
    "event": {"zh": "会议", "en": "Events"},
    "instrument": {"zh": "法律文书", "en": "Legal instruments"},
    "work": {"zh": "文献与讲话", "en": "Works and speeches"},
}

LANG_NAMES: dict[str, dict[Lang, str]] = {
    "zh": {"zh": "中文", "en": "Chinese"},
    "en": {"zh": "英文", "en": "English"},
}


def t(key: str, lang: Lang, **values: object) -> str:
    return LABELS[key][lang].format(**values)


def kind_name(kind: str, lang: Lang) -> str:
    return KIND_NAMES.get(kind, KIND_NAMES["other"])[lang]


def concept_kind_name(kind: str, lang: Lang) -> str:
    return CONCEPT_KIND_NAMES.get(kind, {"zh": kind, "en": kind})[lang]


def lang_name(code: str, lang: Lang) -> str:
    return LANG_NAMES[code][lang]
