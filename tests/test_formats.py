"""Documents in every supported format give the passages and concepts of the same text as UTF-8.

The files are made in the test session by the tools users make them with: GB18030, Big5 and
UTF-16 text by iconv, a PDF printed by headless Chromium (running header and page numbers in
the margins), a Word file written by python-docx, a saved web page with navigation, share
links, a script and a footer. One corpus holds them all and is built once, with validation.
"""

from __future__ import annotations

import base64
import difflib
import html
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest
from opencc import OpenCC
from playwright.sync_api import sync_playwright

from kg.errors import CorpusError
from kg.pipeline.build import SOURCE_CACHE_DIR
from kg.pipeline.corpus import DocumentMeta, read_document
from kg.pipeline.segment import segment
from kg.pipeline.sources.ocr import ocr_languages
from tests.conftest import build_corpus, launch_chromium
from tests.test_build import select

STATEMENT = (Path(__file__).parent / "data" / "statement-zh.txt").read_text(encoding="utf-8")
LINES = [line for line in STATEMENT.splitlines() if line.strip()]
TITLE = LINES[0]
HEADER = "中华人民共和国常驻联合国代表团"
BASE = "https://w3id.org/gsi-kg/"
IANA = "http://www.iana.org/assignments/media-types/"


def is_heading(line: str) -> bool:
    return len(line) < 20


def statement_html(font_px: int = 16) -> str:
    body = "".join(
        f"<h2>{html.escape(line)}</h2>" if is_heading(line) else f"<p>{html.escape(line)}</p>"
        for line in LINES[1:]
    )
    return (
        f"<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>{TITLE}</title>"
        f"<style>body{{font-size:{font_px}px}}</style></head>"
        f"<body><h1>{TITLE}</h1>{body}</body></html>"
    )


def print_pdf(page_html: str, path: Path, header: bool = True) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.set_content(page_html)
            page.pdf(
                path=str(path),
                format="A4",
                display_header_footer=header,
                header_template=f"<div style='font-size:9px;width:100%;text-align:center'>"
                f"{HEADER}</div>",
                footer_template="<div style='font-size:9px;width:100%;text-align:center'>"
                "- <span class='pageNumber'></span> -</div>",
                margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"},
            )
        finally:
            browser.close()


def write_docx(path: Path, lines: list[str]) -> None:
    document = docx.Document()
    document.core_properties.title = lines[0]
    document.add_heading(lines[0], level=0)
    for line in lines[1:]:
        if is_heading(line):
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    document.save(str(path))


def saved_web_page() -> str:
    body = "".join(
        f"<h2>{html.escape(line)}</h2>" if is_heading(line) else f"<p>{html.escape(line)}</p>"
        for line in LINES[1:]
    )
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{TITLE}_中华人民共和国外交部</title>
<meta name="pubdate" content="2024-03-05">
<meta property="og:site_name" content="中华人民共和国外交部">
<script>document.write("<p>脚本里的文字：反对霸权主义</p>");</script>
<style>.nav {{ color: #333 }}</style></head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/wjb">外交部</a></li>
<li><a href="/fyrbt">发言人表态</a></li><li><a href="/zyxw">重要新闻</a></li></ul></div>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/zcwj">政策文件</a> &gt; 正文</div>
<div class="article"><h1>{TITLE}</h1><div class="time">2024-03-05 10:30</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="content">{body}</div></div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/1">王毅出席东盟地区论坛外长会</a></li>
<li><a href="/2">外交部发言人答记者问</a></li></ul></div>
<div class="footer"><p>版权所有：中华人民共和国外交部</p><p>地址：北京市朝阳区朝阳门南大街2号</p>
</div></body></html>"""


def iconv(text: str, encoding: str) -> bytes:
    done = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", encoding],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return done.stdout


TRADITIONAL = OpenCC("s2twp").convert(STATEMENT)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats") / "corpus"
    root.mkdir()
    (root / "utf8.txt").write_text(STATEMENT, encoding="utf-8")
    (root / "gb18030.txt").write_bytes(iconv(STATEMENT, "GB18030"))
    (root / "utf16.txt").write_bytes(iconv(STATEMENT, "UTF-16"))
    (root / "utf16le.txt").write_bytes(iconv(STATEMENT, "UTF-16LE"))
    (root / "traditional.txt").write_text(TRADITIONAL, encoding="utf-8")
    (root / "big5.txt").write_bytes(iconv(TRADITIONAL, "BIG5"))
    print_pdf(statement_html(font_px=22), root / "printed.pdf")
    write_docx(root / "word.docx", LINES)
    (root / "saved.html").write_text(saved_web_page(), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def out(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("formats-build") / "out"
    build_corpus(corpus, target)
    return target


def query(out: Path, sparql: str) -> list[list[str]]:
    return [list(row.values()) for row in select(out, sparql)]


def passages(out: Path, doc_id: str) -> list[str]:
    rows = query(
        out,
        f"SELECT ?text {{ GRAPH ?g {{ ?p dcterms:isPartOf <{BASE}doc/{doc_id}> ; a gsi:Passage ;"
        " gsi:position ?n ; gsi:text ?text } } ORDER BY ?n",
    )
    return [row[0] for row in rows]


def concepts(out: Path, doc_id: str) -> set[str]:
    rows = query(
        out,
        f"SELECT DISTINCT ?c {{ GRAPH ?g {{ ?p dcterms:isPartOf <{BASE}doc/{doc_id}> ;"
        " gsi:mentions ?c } }",
    )
    return {row[0] for row in rows}


def document_value(out: Path, doc_id: str, predicate: str) -> set[str]:
    rows = query(out, f"SELECT ?v {{ GRAPH ?g {{ <{BASE}doc/{doc_id}> {predicate} ?v }} }}")
    return {row[0] for row in rows}


@pytest.mark.parametrize("doc_id", ["gb18030", "utf16", "utf16le", "printed", "word", "saved"])
def test_passages_and_concepts_equal_those_of_the_utf8_text(out: Path, doc_id: str) -> None:
    expected = passages(out, "utf8")
    assert len(expected) == len(LINES)  # the UTF-8 text: one passage per line
    assert passages(out, doc_id) == expected
    assert concepts(out, doc_id) == concepts(out, "utf8")
    assert len(concepts(out, "utf8")) >= 15


def sections(out: Path, doc_id: str) -> list[tuple[str, str]]:
    rows = query(
        out,
        f"SELECT ?title ?level {{ GRAPH ?g {{ ?s a gsi:Section ; dcterms:isPartOf+ "
        f"<{BASE}doc/{doc_id}> ; dcterms:title ?title ; gsi:level ?level ; gsi:position ?n }} }}"
        " ORDER BY ?n",
    )
    return [(row[0], row[1]) for row in rows]


@pytest.mark.parametrize("doc_id", ["printed", "word", "saved"])
def test_the_headings_a_format_marks_give_the_sections_of_the_utf8_text(
    out: Path, doc_id: str
) -> None:
    expected = sections(out, "utf8")
    assert [title for title, _ in expected] == [line for line in LINES[1:] if is_heading(line)]
    assert sections(out, doc_id) == expected


def test_a_heading_style_makes_a_section_the_text_alone_would_not(tmp_path: Path) -> None:
    # Long, unnumbered: by its text a paragraph; by its Word style a heading.
    heading = "关于进一步加强多边军控、裁军与防扩散进程中国际合作的若干建议与主张"
    body = [line for line in LINES[1:] if not is_heading(line)][:2]
    lines = [TITLE, heading, *body]
    (tmp_path / "plain.txt").write_text("\n".join(lines), encoding="utf-8")
    write_docx(tmp_path / "styled.docx", [TITLE])
    document = docx.Document(str(tmp_path / "styled.docx"))
    document.add_heading(heading, level=2)
    for line in body:
        document.add_paragraph(line)
    document.save(str(tmp_path / "styled.docx"))

    def titles(name: str) -> list[tuple[str, int]]:
        source = read_document(DocumentMeta(doc_id=name, file=tmp_path / name))
        seg = segment(source.clean().blocks, headings=source.content.headings)
        return [(section.title, section.level) for section in seg.sections]

    assert titles("plain.txt") == []
    assert titles("styled.docx") == [(heading, 2)]


def test_big5_gives_the_traditional_texts_passages_and_the_simplified_concepts(out: Path) -> None:
    assert passages(out, "big5") == passages(out, "traditional")
    assert passages(out, "big5") != passages(out, "utf8")
    # Extraction folds traditional characters and Taiwan wording: most concepts are found.
    found, simplified = concepts(out, "big5"), concepts(out, "utf8")
    assert len(found & simplified) >= 0.8 * len(simplified)


@pytest.mark.parametrize(
    ("doc_id", "media_type", "encoding"),
    [
        ("utf8", "text/plain", "UTF-8"),
        ("gb18030", "text/plain", "GB18030"),
        ("utf16", "text/plain", "UTF-16"),
        ("utf16le", "text/plain", "UTF-16LE"),
        ("big5", "text/plain", "Big5"),
        ("saved", "text/html", "UTF-8"),
        ("printed", "application/pdf", None),
        (
            "word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            None,
        ),
    ],
)
def test_each_document_records_its_source_file(
    out: Path, corpus: Path, doc_id: str, media_type: str, encoding: str | None
) -> None:
    assert document_value(out, doc_id, "dcterms:format") == {IANA + media_type}
    assert document_value(out, doc_id, "gsi:sourceEncoding") == ({encoding} if encoding else set())
    (file,) = (f for f in corpus.iterdir() if f.stem == doc_id)
    assert document_value(out, doc_id, "gsi:sourceSize") == {str(file.stat().st_size)}
    (checksum,) = document_value(out, doc_id, "gsi:checksum")
    assert len(checksum) == 64


def test_the_pdf_loses_its_running_header_and_page_numbers(out: Path) -> None:
    text = "\n".join(passages(out, "printed"))
    assert HEADER not in text
    assert "- 2 -" not in text
    notes = document_value(out, "printed", "gsi:boilerplate")
    assert any(note.startswith("running header: page 2") for note in notes)
    assert any(note.startswith("running footer: page 2: - 2 -") for note in notes)


def test_the_web_page_gives_its_title_date_and_site_and_no_page_furniture(out: Path) -> None:
    text = "\n".join(passages(out, "saved"))
    for furniture in ("首页", "分享到", "相关新闻", "版权所有", "脚本里的文字", "发言人表态"):
        assert furniture not in text
    assert document_value(out, "saved", "dcterms:title") == {TITLE}
    assert document_value(out, "saved", "dcterms:date") == {"2024-03-05"}
    assert document_value(out, "saved", "dcterms:source") == {"中华人民共和国外交部"}


def test_a_quote_of_paragraphs_and_a_cell_holding_one_give_each_line_once(tmp_path: Path) -> None:
    first, second, third = [line for line in LINES[1:] if not is_heading(line)][:3]
    page = (
        f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><article>"
        f"<h1>{TITLE}</h1><p>{first}</p><blockquote><p>{second}</p><p>{third}</p></blockquote>"
        "<table><tr><td>附表说明<p>中方支持裁军谈判会议的工作。</p></td></tr></table>"
        "</article></body></html>"
    )
    path = tmp_path / "quoted.html"
    path.write_text(page, encoding="utf-8")
    source = read_document(DocumentMeta(doc_id="quoted", file=path))
    assert source.content.lines == [
        TITLE,
        first,
        second,
        third,
        "附表说明",
        "中方支持裁军谈判会议的工作。",
    ]


def test_a_pdf_paragraph_broken_across_pages_is_one_passage(tmp_path: Path) -> None:
    # One long paragraph at a large size: it runs over at least one page break.
    paragraph = "".join(line for line in LINES if not is_heading(line))
    page = (
        "<html><head><meta charset='utf-8'></head><body style='font-size:28px'>"
        f"<h1>{TITLE}</h1><p>{paragraph}</p></body></html>"
    )
    path = tmp_path / "long.pdf"
    print_pdf(page, path)
    assert len(pypdf.PdfReader(path).pages) >= 2
    source = read_document(DocumentMeta(doc_id="long", file=path))
    assert [block.text for block in source.clean().blocks] == [TITLE, paragraph]


def _encrypted(path: Path) -> None:
    print_pdf(statement_html(), path, header=False)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(path))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


def scan(path: Path, lines: list[str]) -> None:
    """A PDF of a page image of ``lines``: what a scanner makes (no text layer)."""
    page_html = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 760, "height": 1000})
            page.set_content(
                "<html><head><meta charset='utf-8'></head>"
                f"<body style='font-size:20px;width:700px'>{page_html}</body></html>"
            )
            image = base64.b64encode(page.screenshot(full_page=True)).decode()
            page.set_content(
                "<html><body style='margin:0'>"
                f"<img style='width:100%' src='data:image/png;base64,{image}'></body></html>"
            )
            page.pdf(path=str(path), format="A4")
        finally:
            browser.close()


def test_a_scan_without_tesseract_stops_saying_it_needs_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "scan.pdf"
    scan(path, LINES[:3])
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    ocr_languages.cache_clear()
    try:
        with pytest.raises(CorpusError) as excinfo:
            read_document(DocumentMeta(doc_id="scan", file=path))
    finally:
        ocr_languages.cache_clear()
    assert str(path) in str(excinfo.value)
    assert "no text layer" in str(excinfo.value) and "needs OCR" in str(excinfo.value)


def test_a_scan_is_read_by_ocr_when_tesseract_is_installed(tmp_path: Path) -> None:
    if not ocr_languages():
        pytest.fail("Tesseract with chi_sim is not installed (make setup-test installs it)")
    path = tmp_path / "scan.pdf"
    lines = LINES[:5]
    scan(path, lines)
    source = read_document(DocumentMeta(doc_id="scan", file=path))
    assert source.content.ocr is not None and "chi_sim" in source.content.ocr
    blocks = [block.text for block in source.clean().blocks]
    assert len(blocks) == len(lines)  # paragraphs rejoined from the recognised lines
    similarity = difflib.SequenceMatcher(None, "\n".join(blocks), "\n".join(lines)).ratio()
    assert similarity >= 0.9


def _truncated_pdf(path: Path) -> None:
    print_pdf(statement_html(), path, header=False)
    path.write_bytes(path.read_bytes()[:1500])


def _truncated_docx(path: Path) -> None:
    write_docx(path, LINES)
    path.write_bytes(path.read_bytes()[:2000])


def _empty_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(str(path))


def _navigation_only(path: Path) -> None:
    links = "".join(f"<li><a href='/{i}'>栏目{i}</a></li>" for i in range(12))
    path.write_text(
        f"<html><head><title>导航</title><script>var a = 1;</script></head>"
        f"<body><ul class='nav'>{links}</ul></body></html>",
        encoding="utf-8",
    )


def _blank_pages(count: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        writer = pypdf.PdfWriter()
        for _ in range(count):
            writer.add_blank_page(width=595, height=842)
        writer.write(str(path))

    return make


BAD_FILES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "too-many-pages": (".pdf", _blank_pages(2001), "2,001 pages is over the 2,000-page limit"),
    "long-scan": (".pdf", _blank_pages(101), "OCR is limited to 100 pages"),
    "encrypted-pdf": (".pdf", _encrypted, "it is encrypted"),
    "corrupt-pdf": (".pdf", _truncated_pdf, "cannot read the PDF"),
    "corrupt-docx": (".docx", _truncated_docx, "cannot read the Word file"),
    "empty-docx": (".docx", _empty_docx, "the Word file has no text"),
    "no-main-text": (".html", _navigation_only, "no main text"),
    "word-97": (".docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1" + bytes(600)), "DOC"),
    "unlisted-encoding": (".txt", lambda p: p.write_bytes(b"\x81\x30" * 3 + b"\xff"), "encoding"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_stops_with_one_line_naming_it(tmp_path: Path, case: str) -> None:
    suffix, make, expected = BAD_FILES[case]
    path = tmp_path / f"{case}{suffix}"
    make(path)
    with pytest.raises(CorpusError) as excinfo:
        read_document(DocumentMeta(doc_id=case, file=path))
    message = str(excinfo.value)
    assert str(path) in message
    assert expected in message
    assert "\n" not in message and "Traceback" not in message


def test_extractions_are_kept_by_content_and_pruned(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    write_docx(corpus / "word.docx", LINES)
    (corpus / "saved.html").write_text(saved_web_page(), encoding="utf-8")
    build_corpus(corpus, out, validate=False)
    cache = out / SOURCE_CACHE_DIR
    entries = sorted(cache.glob("*.json"))
    assert len(entries) == 2
    # A rebuild reads the kept extraction, not the file: mark it and see the mark.
    (word_entry,) = (e for e in entries if json.loads(e.read_text("utf-8"))["suffix"] == ".docx")
    record = json.loads(word_entry.read_text("utf-8"))
    record["lines"][-1] += "（缓存）"
    word_entry.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    build_corpus(corpus, out, validate=False)
    assert passages(out, "word")[-1].endswith("（缓存）")
    # An unreadable entry is extracted again; a file gone from the corpus loses its entry.
    word_entry.write_text("{not json", encoding="utf-8")
    (corpus / "saved.html").unlink()
    build_corpus(corpus, out, validate=False)
    assert passages(out, "word") == LINES
    assert [json.loads(e.read_text("utf-8"))["suffix"] for e in cache.glob("*.json")] == [".docx"]


def test_a_two_column_pdf_is_read_column_by_column(tmp_path: Path) -> None:
    # A title across the page, then the text in two columns, paragraphs running from the foot
    # of the left column to the head of the right one and on to the next page.
    body = "".join(
        f"<h2>{html.escape(line)}</h2>" if is_heading(line) else f"<p>{html.escape(line)}</p>"
        for line in LINES[1:]
    )
    page = (
        "<html><head><meta charset='utf-8'></head><body style='font-size:24px'>"
        f"<h1>{TITLE}</h1><div style='column-count:2;column-gap:1.2cm'>{body}</div></body></html>"
    )
    path = tmp_path / "columns.pdf"
    print_pdf(page, path)
    source = read_document(DocumentMeta(doc_id="columns", file=path))
    assert [block.text for block in source.clean().blocks] == LINES
