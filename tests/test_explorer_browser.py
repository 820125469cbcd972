"""The explorer and a concept page in a real headless Chromium against a real server: the
heaviest links laid out with no overlapping labels, the slider, a concept's network, the class,
document and year filters, the PNG and SVG downloads."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import LiveServer, free_port, launch_chromium, serving
from tests.ld_fixture import build_real

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    out = build_real(
        tmp_path_factory.mktemp("browser") / "out", base_iri=f"http://127.0.0.1:{port}/"
    )
    with serving(out, port) as live:
        yield live


@pytest.fixture(scope="module")
def page(server: LiveServer) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def export(server: LiveServer, query: str = "") -> dict[str, list[dict[str, object]]]:
    """The co-occurrence network the explorer loads, by its own HTTP request."""
    url = f"{server.url}/exports/cooccurrence.cyjs?{query}"
    with urllib.request.urlopen(url, timeout=10) as r:
        elements = json.load(r)["elements"]
    return {kind: [item["data"] for item in elements[kind]] for kind in ("nodes", "edges")}


# What the page shows, read from cytoscape: the visible nodes and edges, each node's label box
# on screen, the layouts run so far.
SHOWN = """(() => {
  const cy = window.gsiExplorer;
  const box = (b) => [b.x1, b.y1, b.x2, b.y2];
  return {
    nodes: cy.nodes(':visible').map((n) => ({
      id: n.id(), cls: n.data('cls'), mentions: n.data('mentions'), size: n.data('size'),
      label: n.data('label'), ego: n.hasClass('ego'),
      degree: n.connectedEdges(':visible').length,
      labelBox: box(n.renderedBoundingBox({includeLabels: true, includeNodes: false,
                                           includeOverlays: false})),
    })),
    edges: cy.edges(':visible').map((e) => ({
      id: e.id(), source: e.source().id(), target: e.target().id(),
      weight: e.data('weight'), width: e.data('width') })),
    layouts: Number(cy.container().dataset.layouts),
    summary: document.getElementById('graph-summary').textContent,
  };
})()"""


def shown(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(SHOWN))


def open_explorer(page: Page, url: str) -> list[str]:
    """Go to ``url`` and wait for its first layout; return the list the page's errors go to."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector("#cy[data-state=ready]", timeout=30_000)
    return errors


def after_layout(page: Page, action: Callable[[], object]) -> dict[str, Any]:
    """Do ``action`` and wait until the explorer has laid the graph out again."""
    before = shown(page)["layouts"]
    action()
    page.wait_for_function(
        "(n) => { const c = document.getElementById('cy');"
        " return Number(c.dataset.layouts) > n && c.dataset.state === 'ready'; }",
        arg=before,
        timeout=30_000,
    )
    return shown(page)


def set_top(page: Page, value: int) -> None:
    page.eval_on_selector(
        "#filter-top",
        "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('change')); }",
        value,
    )


def overlapping(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The pairs of nodes whose label boxes on screen overlap."""
    pairs = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            ax1, ay1, ax2, ay2 = a["labelBox"]
            bx1, by1, bx2, by2 = b["labelBox"]
            if min(ax2, bx2) > max(ax1, bx1) and min(ay2, by2) > max(ay1, by1):
                pairs.append((a["label"], b["label"]))
    return pairs


def heaviest(view: dict[str, Any]) -> list[int]:
    """The weights of the edges, heaviest first."""
    return sorted((e["weight"] for e in view["edges"]), reverse=True)


def check_readable(view: dict[str, Any]) -> None:
    """No isolated node, no overlapping labels, sizes by mentions and widths by weight."""
    assert view["nodes"] and all(n["degree"] > 0 or n["ego"] for n in view["nodes"])
    assert overlapping(view["nodes"]) == []
    by_mentions = sorted(view["nodes"], key=lambda n: n["mentions"])
    assert [n["size"] for n in by_mentions] == sorted(n["size"] for n in by_mentions)
    assert by_mentions[0]["size"] < by_mentions[-1]["size"]
    by_weight = sorted(view["edges"], key=lambda e: e["weight"])
    assert [e["width"] for e in by_weight] == sorted(e["width"] for e in by_weight)


def test_the_first_view_shows_the_heaviest_links_readably(server: LiveServer, page: Page) -> None:
    errors = open_explorer(page, f"{server.url}/explorer?lang=zh")
    network = export(server)
    view = shown(page)
    assert len(network["edges"]) > 200
    assert len(view["edges"]) == 60
    assert heaviest(view) == heaviest(network)[:60]
    # Only what is shown reaches the browser.
    assert page.evaluate("window.gsiExplorer.elements(':hidden').length") == 0
    ends = {e["source"] for e in view["edges"]} | {e["target"] for e in view["edges"]}
    assert {n["id"] for n in view["nodes"]} == ends
    check_readable(view)
    labels = {n["id"]: n["label_zh"] for n in network["nodes"]}
    assert {n["label"].replace("\n", "") for n in view["nodes"]} == {labels[i] for i in ends}
    assert view["summary"] == f"显示 {len(ends)} 个节点、60 条边（共 {len(network['edges'])} 条边）"
    legend = page.locator(".legend").inner_text()
    assert "节点大小" in legend and "条约与文书" in legend
    # The document drop-down stays beside the canvas, never over it.
    select, canvas = (
        page.locator("#filter-document").bounding_box(),
        page.locator("#cy").bounding_box(),
    )
    assert select is not None and canvas is not None
    assert select["x"] + select["width"] <= canvas["x"]
    assert errors == []


def test_the_slider_sets_how_many_links_are_shown(server: LiveServer, page: Page) -> None:
    errors = open_explorer(page, f"{server.url}/explorer?lang=en")
    first = shown(page)
    fewer = after_layout(page, lambda: set_top(page, 15))
    assert len(fewer["edges"]) == 15 and len(fewer["nodes"]) < len(first["nodes"])
    assert heaviest(fewer) == heaviest(export(server))[:15]
    check_readable(fewer)
    assert "top=15" in page.url
    more = after_layout(page, lambda: set_top(page, 120))
    assert len(more["edges"]) == 120 and len(more["nodes"]) > len(first["nodes"])
    check_readable(more)
    assert more["summary"].startswith(f"{len(more['nodes'])} nodes, 120 edges shown of ")
    assert errors == []


def test_class_filter_and_a_click_to_the_concept_page(server: LiveServer, page: Page) -> None:
    errors = open_explorer(page, f"{server.url}/explorer?top=400")
    for cls in ("Principle", "Domain", "Organisation", "Mechanism"):
        page.uncheck(f".class-toggle input[value={cls}]")
    view = after_layout(page, lambda: page.uncheck(".class-toggle input[value=Topic]"))
    network = export(server)
    classes = {n["id"]: n["class"] for n in network["nodes"]}
    treaty_links = [
        e for e in network["edges"] if classes[e["source"]] == classes[e["target"]] == "Treaty"
    ]
    assert {n["cls"] for n in view["nodes"]} == {"Treaty"}
    assert len(view["edges"]) == min(400, len(treaty_links)) > 0
    assert heaviest(view) == heaviest({"edges": treaty_links})[:400]
    check_readable(view)
    # A click on a node opens its concept page.
    box = page.locator("#cy").bounding_box()
    assert box is not None
    position = page.evaluate(
        "(() => { const n = window.gsiExplorer.nodes(':visible')[0];"
        " return [n.renderedPosition().x, n.renderedPosition().y, n.id()]; })()"
    )
    page.mouse.click(box["x"] + position[0], box["y"] + position[1])
    page.wait_for_url(position[2], timeout=10_000)
    assert page.locator("article.concept h1").count() == 1
    assert errors == []


def test_a_documents_network(server: LiveServer, page: Page) -> None:
    errors = open_explorer(page, f"{server.url}/explorer?lang=en")
    view = after_layout(page, lambda: page.select_option("#filter-document", "cd-speech-2021"))
    network = export(server, "document=cd-speech-2021")
    assert {n["id"] for n in view["nodes"]} <= {n["id"] for n in network["nodes"]}
    assert len(view["edges"]) == min(60, len(network["edges"]))
    assert view["summary"].endswith(f" of {len(network['edges'])}")
    check_readable(view)
    assert "document=cd-speech-2021" in page.url
    assert errors == []


def test_a_range_of_years(server: LiveServer, page: Page) -> None:
    errors = open_explorer(page, f"{server.url}/explorer?lang=en")
    page.select_option("#filter-from", "2022")
    view = after_layout(page, lambda: page.select_option("#filter-to", "2023"))
    network = export(server, "from=2022&to=2023")
    whole = export(server)
    assert 0 < len(network["edges"]) < len(whole["edges"])
    assert view["summary"].endswith(f" of {len(network['edges'])}")
    weights = {(e["source"], e["target"]): e["weight"] for e in network["edges"]}
    assert all(weights[(e["source"], e["target"])] == e["weight"] for e in view["edges"])
    check_readable(view)
    assert "from=2022" in page.url and "to=2023" in page.url
    assert errors == []


def check_ego(view: dict[str, Any], concept: str, network: dict[str, Any]) -> None:
    """The concept is shown and marked; every link touches it or joins two of its neighbours;
    its links shown are its heaviest."""
    [ego] = [n for n in view["nodes"] if n["ego"]]
    assert ego["id"] == concept
    touching = [e for e in view["edges"] if concept in (e["source"], e["target"])]
    neighbours = {e["source"] for e in touching} | {e["target"] for e in touching}
    assert touching and {n["id"] for n in view["nodes"]} == neighbours
    assert all(e["source"] in neighbours and e["target"] in neighbours for e in view["edges"])
    own = sorted(
        (e["weight"] for e in network["edges"] if concept in (e["source"], e["target"])),
        reverse=True,
    )
    assert sorted((e["weight"] for e in touching), reverse=True) == own[: len(touching)]
    check_readable(view)


def test_a_concepts_network_from_its_page(server: LiveServer, page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/concept/npt?lang=zh")
    page.click("a.explore-link")
    page.wait_for_selector("#cy[data-state=ready]", timeout=30_000)
    assert page.url.endswith("/explorer?concept=npt")
    npt = f"{server.url}/concept/npt"
    network = export(server)
    check_ego(shown(page), npt, network)
    assert page.input_value("#filter-concept") == "不扩散核武器条约"
    # By label, in either language, as well as by slug.
    for name in ("不扩散核武器条约", "Treaty on the Non-Proliferation of Nuclear Weapons"):
        open_explorer(page, f"{server.url}/explorer?{urllib.parse.urlencode({'concept': name})}")
        check_ego(shown(page), npt, network)
    # Another concept typed in; then cleared, back to the heaviest links.
    view = after_layout(
        page,
        lambda: (
            page.fill("#filter-concept", "un-charter"),
            page.dispatch_event("#filter-concept", "change"),
        ),
    )
    check_ego(view, f"{server.url}/concept/un-charter", network)
    view = after_layout(page, lambda: page.click("#clear-concept"))
    assert not any(n["ego"] for n in view["nodes"]) and len(view["edges"]) == 60
    open_explorer(page, f"{server.url}/explorer?concept=no-such-thing&lang=en")
    assert page.locator("#concept-missing").is_visible()
    assert "no-such-thing" in page.inner_text("#concept-missing")
    assert errors == []


def test_png_and_svg_downloads(server: LiveServer, page: Page, tmp_path: Path) -> None:
    errors = open_explorer(page, f"{server.url}/explorer?lang=zh&concept=npt")
    view = shown(page)
    with page.expect_download() as png:
        page.click("#download-png")
    data = Path(png.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert png.value.suggested_filename.endswith(".png")
    with page.expect_download() as svg:
        page.click("#download-svg")
    root = ET.parse(svg.value.path()).getroot()
    assert root.tag == f"{{{SVG}}}svg"
    texts = ["".join(t.itertext()) for t in root.iter(f"{{{SVG}}}text")]
    labels = {n["label"].replace("\n", "") for n in view["nodes"]}
    assert labels <= set(texts)
    assert len(root.findall(f".//{{{SVG}}}line")) == len(view["edges"])
    assert len(root.findall(f".//{{{SVG}}}g[@class='nodes']/{{{SVG}}}g")) == len(view["nodes"])
    assert svg.value.suggested_filename == "gsi-kg-network_npt.svg"
    assert errors == []


SVG = "http://www.w3.org/2000/svg"


def test_concept_page_highlights_its_mentions(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/concept/un-charter?lang=zh")
    marks = page.locator("mark.mention.focus")
    query = urllib.parse.urlencode(
        {"query": "SELECT (COUNT(DISTINCT ?m) AS ?n) { ?m oa:hasBody concept:un-charter }"}
    )
    with urllib.request.urlopen(f"{server.url}/sparql?{query}", timeout=10) as response:
        mentions = int(json.load(response)["results"]["bindings"][0]["n"]["value"])
    assert marks.count() == mentions >= 5
    assert set(marks.all_inner_texts()) <= {"联合国宪章", "宪章"}
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    page.goto(f"{server.url}/queries/mentions-per-year?concept=un-charter")
    page.wait_for_function("window.Chart && Chart.getChart('query-chart') !== undefined")
