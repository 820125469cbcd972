"""The two interface languages of the HTML pages (Chinese, English) and the strings in each.

The language is ``?lang=zh|en`` (remembered in a cookie), else the cookie, else the browser's
``Accept-Language``, else Chinese, the language of the corpus.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, Response, request

LANGUAGES = ("zh", "en")
COOKIE = "gsikg_lang"

STRINGS: dict[str, tuple[str, str]] = {
    "site": ("全球安全倡议知识图谱", "GSI knowledge graph"),
    "sparql": ("SPARQL 查询", "SPARQL"),
    "concepts": ("概念", "Concepts"),
    "documents": ("文件", "Documents"),
    "queries": ("研究查询", "Research queries"),
    "exports": ("图导出", "Graph exports"),
    "explorer": ("关系图", "Graph explorer"),
    "ontology": ("本体", "Ontology"),
    "search": ("搜索", "Search"),
    "search_placeholder": ("概念或文本…", "concept or text…"),
    "formats": ("机器可读格式", "Machine-readable forms"),
    "class": ("类别", "Class"),
    "types": ("类型", "Types"),
    "alt_labels": ("别名", "Other labels"),
    "definition": ("定义", "Definition"),
    "broader": ("上位概念", "Broader"),
    "narrower": ("下位概念", "Narrower"),
    "discovered": ("自动发现（置信度 {}）", "Discovered in the text (confidence {})"),
    "mentions": ("提及", "Mentions"),
    "mention_summary": ("在 {} 份文件中被提及 {} 次", "{1} mentions in {0} documents"),
    "no_mentions": ("语料中没有提及。", "Not mentioned in the corpus."),
    "stances": ("立场", "Stances"),
    "holder": ("持有者", "Holder"),
    "polarity": ("立场类型", "Polarity"),
    "target": ("对象", "Target"),
    "cue": ("提示词", "Cue"),
    "evidence": ("依据", "Evidence"),
    "cooccurring": ("共现概念", "Concepts it appears with"),
    "passages_together": ("共现段落数", "passages together"),
    "passage": ("段落", "Passage"),
    "document": ("文件", "Document"),
    "date": ("日期", "Date"),
    "undated": ("无日期", "undated"),
    "metadata": ("元数据", "Metadata"),
    "text": ("正文", "Text"),
    "property": ("属性", "Property"),
    "value": ("值", "Value"),
    "results": ("结果", "Results"),
    "rows": ("{} 行", "{} rows"),
    "run": ("运行", "Run"),
    "parameters": ("参数", "Parameters"),
    "no_results": ("没有结果。", "No results."),
    "concept_hits": ("匹配的概念", "Matching concepts"),
    "passage_hits": ("匹配的段落", "Matching passages"),
    "network": ("网络", "Network"),
    "export_stances": (
        "立场表：行为体—概念—立场（话语网络分析器 DNA 的格式，agreement 1 为支持或呼吁，0 为反对）",
        "stance table: actor–concept–stance (the Discourse Network Analyzer's shape; agreement 1 "
        "for support or a call to action, 0 for opposition)",
    ),
    "export_cytoscape-style": (
        "Cytoscape 样式：按类别着色、按提及次数定大小，用于 .cyjs 文件",
        "Cytoscape style: colour by class, size by mentions, for the .cyjs files",
    ),
    "filter_document": ("文件", "Document"),
    "all_documents": ("全部文件", "All documents"),
    "all_classes": ("全部类别", "All classes"),
    "formulation": ("提法的演变", "How the formulation travels"),
    "formulation_timeline": ("按年份和文体的提及", "Mentions by year and genre"),
    "surface_forms": ("各种表述", "Surface forms"),
    "surface_form": ("表述", "Form"),
    "first_year": ("首次使用", "First used"),
    "latest_year": ("最近使用", "Latest used"),
    "document_count": ("文件数", "Documents"),
    "undated_mentions": ("无日期文件中", "In undated documents"),
    "first_use": ("首次使用", "First use"),
    "latest_use": ("最近使用", "Latest use"),
    "introducing": ("引入该概念的文件", "The documents that introduce it"),
    "genre": ("文体", "Genre"),
    "every_document": ("全部文件", "every document"),
    "more_forms": ("更多表述", "more forms"),
    "as_query": ("查询", "query"),
    "show_unmentioned": ("显示语料中未提及的概念（{}）", "Show the concepts not mentioned ({})"),
    "hide_unmentioned": ("隐藏语料中未提及的概念（{}）", "Hide the concepts not mentioned ({})"),
    "unmentioned_note": (
        "列出语料提及的概念；词表中另有 {} 个概念未被提及。",
        "Listing the concepts the corpus mentions; {} more in the vocabulary are never mentioned.",
    ),
    "classes": ("类别", "Classes"),
    "explore_network": ("探索其共现网络", "Explore its network"),
    "ego_concept": ("中心概念（其共现网络）", "Concept (its network)"),
    "ego_placeholder": ("名称或标识，如 npt", "a name or slug, e.g. npt"),
    "clear": ("清除", "Clear"),
    "not_in_network": ("“{}”不在当前网络中。", "“{}” is not in this network."),
    "years": ("年份", "Years"),
    "from_year": ("自", "from"),
    "to_year": ("至", "to"),
    "any_year": ("不限", "any"),
    "undated_left_out": (
        "选定年份时不含无日期的文件。",
        "A year range leaves out undated documents.",
    ),
    "top_edges": ("显示最强的边", "Heaviest links shown"),
    "shown_of": (
        "显示 {} 个节点、{} 条边（共 {} 条边）",
        "{} nodes, {} edges shown of {}",
    ),
    "download_png": ("下载 PNG", "Download PNG"),
    "download_svg": ("下载 SVG", "Download SVG"),
    "legend": ("图例", "Legend"),
    "legend_size": ("节点大小：提及次数", "node size: mentions"),
    "legend_width": ("边的粗细：共同出现的段落数", "edge width: passages naming both"),
    "legend_ego": ("中心概念", "the concept at the centre"),
    "explorer_hint": (
        "点击节点打开概念页；隐藏孤立节点，每次筛选后重新布局。",
        "Click a node to open its page. Isolated nodes are hidden; every filter lays the graph "
        "out again.",
    ),
    "terms": ("术语", "Terms"),
    "subclass_of": ("父类", "Subclass of"),
    "language": ("English", "中文"),
    "next_page": ("下一页", "Next page"),
    "original_of": ("原文", "Original"),
    "translation_of": ("译本", "Translation"),
    "confidence": ("置信度", "Confidence"),
    "aligned_passages": ("对应段落", "Aligned passages"),
    "previous_page": ("上一页", "Previous page"),
    "home": ("首页", "Home"),
    "site_navigation": ("站点导航", "Site navigation"),
    "home_intro": (
        "全球安全倡议相关文件的知识图谱：文件、段落、概念的提及、立场与关系，"
        "均可检索、浏览和用 SPARQL 查询。",
        "A knowledge graph of the documents of China's Global Security Initiative: documents, "
        "passages, the concepts they mention, the stances they take and the relations they "
        "draw, to search, browse and query with SPARQL.",
    ),
    "home_search_placeholder": (
        "搜索概念或文本，例如 核裁军、不扩散核武器条约、disarmament",
        "search concepts or text, e.g. 核裁军, NPT, disarmament",
    ),
    "passages": ("段落", "passages"),
    "total_documents": ("文件", "documents"),
    "total_mentions": ("提及", "mentions"),
    "total_stances": ("立场", "stances"),
    "documents_by_year": ("各年份的文件", "Documents by year"),
    "concepts_by_class": ("各类别的概念", "Concepts by class"),
    "mentioned": ("被提及的", "Mentioned"),
    "recent_additions": ("最新加入的文件", "Recent additions"),
    "most_cited_treaties": ("提及最多的条约", "Most cited treaties"),
    "most_cited_organisations": ("提及最多的组织", "Most cited organisations"),
    "more": ("更多", "More"),
    "explore": ("浏览", "Explore"),
    "concepts_blurb": (
        "按类别列出的词表概念及其提及次数",
        "the vocabulary by class, with mentions",
    ),
    "documents_blurb": ("按日期排列的全部文件", "every document in date order"),
    "queries_blurb": (
        "带参数的研究问题，可导出为 CSV 或 JSON",
        "research questions with parameters, as CSV or JSON",
    ),
    "explorer_blurb": ("概念共现网络", "the co-occurrence network of concepts"),
    "sparql_blurb": (
        "查询编辑器，附示例查询",
        "the query editor, with the research queries as examples",
    ),
    "exports_blurb": (
        "供 Gephi、Cytoscape 等工具使用的网络文件",
        "networks for Gephi, Cytoscape and other graph tools",
    ),
    "ontology_blurb": ("本体与词表的文档", "documentation of the ontology and the vocabulary"),
    "statistics_graph": ("统计图（数据立方体）", "statistics graph (Data Cube)"),
    "sparql_title": ("SPARQL 查询", "SPARQL endpoint"),
    "sparql_intro": (
        "默认图为所有命名图的并集；常用前缀（gsi:、skos:、dcterms: 等）已预先声明。只读。另见：",
        "The default graph is the union of all named graphs; the usual prefixes (gsi:, skos:, "
        "dcterms: …) are predeclared. Read-only. Also:",
    ),
    "void": ("VoID 描述", "VoID description"),
    "service_description": ("服务描述", "service description"),
    "examples": ("示例查询", "Example queries"),
    "error_home": ("返回首页", "Back to the home page"),
    "search_text": ("文本", "Text"),
    "date_from": ("起始日期", "From"),
    "date_to": ("截止日期", "To"),
    "passage_count": ("{} 个段落，分布于 {} 份文件", "{} passages in {} documents"),
    "hits_by_document": ("各文件的匹配数", "Hits by document"),
    "more_documents": (
        "另有 {} 份文件含有匹配（按文件筛选或缩小日期范围可查看）",
        "and {} more documents with hits (filter by date to see them)",
    ),
    "page_of": ("第 {} 页，共 {} 页", "page {} of {}"),
    "name": ("名称", "Name"),
    "chart_omitted": ("图中未显示 {} 个为 0 的项。", "{} items with 0 are not drawn."),
    "concordance": ("语境索引", "Concordance"),
    "concordance_of": ("“{}”的语境索引", "Concordance of “{}”"),
    "occurrences": ("{} 处", "{} occurrences"),
    "concordance_capped": (
        "只列出前 {} 处（按日期顺序的文件）。",
        "Only the first {} occurrences are listed (documents in date order).",
    ),
    "sort_by": ("排序", "Sort by"),
    "sort_date": ("日期", "date"),
    "sort_document": ("文件", "document"),
    "sort_left": ("左侧语境", "left context"),
    "sort_right": ("右侧语境", "right context"),
    "left_context": ("左侧语境", "Left context"),
    "keyword": ("关键词", "Keyword"),
    "right_context": ("右侧语境", "Right context"),
}

# The classes of the ontology the interface names, in both languages (gsi: local names).
CLASS_NAMES: dict[str, tuple[str, str]] = {
    "Principle": ("原则与理念", "Principle"),
    "Domain": ("安全领域", "Security domain"),
    "Organisation": ("国际组织", "Organisation"),
    "Treaty": ("条约与文书", "Treaty"),
    "Mechanism": ("机制与平台", "Mechanism"),
    "Topic": ("议题", "Topic"),
    "": ("其他", "Other"),
}


def current_language() -> str:
    """The language of this request's page (see the module docstring)."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES, default="zh") or "zh"


def translate(key: str, *args: object) -> str:
    """The interface string ``key`` in the current language, formatted with ``args``."""
    zh, en = STRINGS[key]
    text = zh if current_language() == "zh" else en
    return text.format(*args) if args else text


# A document's metadata, by the local name of its property.
METADATA_NAMES: dict[str, tuple[str, str]] = {
    "type": ("类型", "Type"),
    "identifier": ("标识符", "Identifier"),
    "date": ("日期", "Date"),
    "creator": ("作者", "Creator"),
    "source": ("来源", "Source"),
    "language": ("语言", "Language"),
    "format": ("文件格式", "Format"),
    "sourceFile": ("源文件", "Source file"),
    "sourceSize": ("源文件大小（字节）", "Source size (bytes)"),
    "sourceEncoding": ("源文件编码", "Source encoding"),
    "ocr": ("光学字符识别", "OCR"),
}


def named(table: dict[str, tuple[str, str]], key: str) -> str:
    """``key``'s name in ``table`` (zh, en) in the current language; ``key`` itself if the table
    does not name it."""
    names = table.get(key)
    if names is None:
        return key
    return names[0] if current_language() == "zh" else names[1]


def metadata_name(local_name: str) -> str:
    """The name of a document's metadata property in the current language."""
    return named(METADATA_NAMES, local_name)


# The manifest's genres (``genre = "speech"``); another is shown as it is written.
GENRE_NAMES: dict[str, tuple[str, str]] = {
    "": ("未注明文体", "no genre"),
    "article": ("文章", "article"),
    "commentary": ("评论", "commentary"),
    "concept-note": ("概念说明", "concept note"),
    "concept-paper": ("概念文件", "concept paper"),
    "joint-statement": ("联合声明", "joint statement"),
    "letter": ("信函", "letter"),
    "position-paper": ("立场文件", "position paper"),
    "press-conference": ("记者会", "press conference"),
    "speech": ("讲话", "speech"),
    "statement": ("声明", "statement"),
    "white-paper": ("白皮书", "white paper"),
}


def genre_name(genre: str) -> str:
    """A document genre of the manifest in the current language."""
    return named(GENRE_NAMES, genre)


def class_name(local_name: str) -> str:
    """The name of the ontology class ``local_name`` in the current language (the local name
    itself for a class the interface does not name)."""
    return named(CLASS_NAMES, local_name)


# The titles of the errors a page can show (``kg.errors``: ``GsiKgError.title``).
ERROR_TITLES: dict[str, tuple[str, str]] = {
    "Internal error": ("内部错误", "Internal error"),
    "Bad request": ("请求有误", "Bad request"),
    "Store unavailable": ("存储不可用", "Store unavailable"),
    "Remote store error": ("远程存储错误", "Remote store error"),
    "Query error": ("查询错误", "Query error"),
    "Not found": ("未找到", "Not found"),
    "Forbidden": ("禁止访问", "Forbidden"),
    "Request timeout": ("请求超时", "Request timeout"),
    "Request too large": ("请求过大", "Request too large"),
    "Not acceptable": ("无法提供所请求的格式", "Not acceptable"),
    "Unsupported media type": ("不支持的媒体类型", "Unsupported media type"),
    "Query timeout": ("查询超时", "Query timeout"),
    "Server busy": ("服务器繁忙", "Server busy"),
    "Query process died": ("查询进程意外终止", "Query process died"),
    "Query too costly": ("查询开销过大", "Query too costly"),
    "Result too large": ("结果过大", "Result too large"),
}


def error_title(title: str) -> str:
    """An error's title in the current language."""
    return named(ERROR_TITLES, title)


def language_url(code: str) -> str:
    """This page's URL (same query arguments) in language ``code``."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    return f"{request.path}?{urlencode({**args, 'lang': code})}"


def init_app(app: Flask) -> None:
    """Give every template ``t()`` and ``lang``; remember an explicit ``?lang=`` choice; HTML
    responses vary on what chose their language."""

    @app.context_processor
    def inject() -> dict[str, object]:
        return {
            "t": translate,
            "lang": current_language(),
            "language_url": language_url,
            "class_name": class_name,
            "genre_name": genre_name,
        }

    @app.after_request
    def remember(response: Response) -> Response:
        if response.mimetype == "text/html":
            # The page's language comes from these (see current_language): a shared cache must
            # not serve one reader's language to another.
            response.vary.update(("Accept-Language", "Cookie"))
        asked = request.args.get("lang")
        if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
            response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
        return response
