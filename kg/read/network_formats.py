"""Writing a network for graph tools, styled so that it opens readable: GEXF 1.3 for Gephi (static,
or dynamic with start dates for its timeline), GraphML with yEd's graphics keys as well as plain
attributes, Cytoscape.js JSON and a Cytoscape style, CSV node and edge lists.

Every writer puts the same things in: both labels of each node (``label_en`` falls back to the
Chinese one where a concept has no English label), its class and kind, mentions, dates; colour by
class (:data:`CLASS_COLOURS`, the explorer's), size by mentions, and a position from
:func:`layout`, so a tool shows groups by class before any layout of its own is run. Text is
written as UTF-8, never as character references.
"""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from kg.read.network import Edge, Network, NetworkKind, Node

# Class → colour (hex), the explorer's palette (endpoint/static/explorer.js); documents in slate.
CLASS_COLOURS: dict[str, str] = {
    "Principle": "#c0392b",
    "Domain": "#2e86c1",
    "Organisation": "#28b463",
    "Treaty": "#8e44ad",
    "Mechanism": "#d68910",
    "Topic": "#17a589",
    "Document": "#34495e",
    "": "#7f8c8d",
}
MIN_SIZE, MAX_SIZE = 10.0, 50.0
GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YED_NS = "http://www.yworks.com/xml/graphml"


@dataclass(frozen=True)
class Style:
    """How one node is drawn."""

    colour: str
    size: float
    x: float
    y: float

    @property
    def rgb(self) -> tuple[int, int, int]:
        value = self.colour.lstrip("#")
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def english_label(node: Node) -> str:
    """The node's English label, or its Chinese one where it has none (a discovered concept)."""
    return node.label_en or node.label_zh or node.id


def chinese_label(node: Node) -> str:
    return node.label_zh or node.label_en or node.id


def styles(network: Network) -> dict[str, Style]:
    """Colour by class, size by mentions (square root, so a dominant concept does not hide the
    rest), position by :func:`layout`."""
    most = max((n.mentions for n in network.nodes), default=0) or 1
    positions = layout(network.nodes)
    return {
        n.id: Style(
            CLASS_COLOURS.get(n.cls, CLASS_COLOURS[""]),
            round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(n.mentions / most), 2),
            *positions[n.id],
        )
        for n in network.nodes
    }


def layout(nodes: Iterable[Node]) -> dict[str, tuple[float, float]]:
    """A deterministic position for each node, in linear time: one cluster per class on a large
    circle, and within a cluster a sunflower spiral with the most-mentioned nodes at its centre.

    >>> from kg.read.network import Node
    >>> at = layout([Node("a", "concept", "", "", "Treaty", 5), Node("b", "doc", "", "", "", 1)])
    >>> at["a"], at["b"]
    ((1000.0, 0.0), (-1000.0, 0.0))
    """
    by_class: dict[str, list[Node]] = {}
    for node in nodes:
        by_class.setdefault(node.cls, []).append(node)
    classes = sorted(
        by_class, key=lambda c: (list(CLASS_COLOURS).index(c) if c in CLASS_COLOURS else 99, c)
    )
    positions: dict[str, tuple[float, float]] = {}
    golden = math.pi * (3 - math.sqrt(5))
    for k, cls in enumerate(classes):
        angle = 2 * math.pi * k / len(classes)
        cx, cy = 1000 * math.cos(angle), 1000 * math.sin(angle)
        members = sorted(by_class[cls], key=lambda n: (-n.mentions, n.id))
        for i, node in enumerate(members):
            r, theta = 25 * math.sqrt(i), i * golden
            positions[node.id] = (
                round(cx + r * math.cos(theta), 2),
                round(cy + r * math.sin(theta), 2),
            )
    return positions


# The node attributes every format carries, with their GEXF/GraphML types.
NODE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("label_zh", "string"),
    ("label_en", "string"),
    ("class", "string"),
    ("kind", "string"),
    ("mentions", "integer"),
    ("date", "string"),
    ("first", "string"),
)


def node_values(node: Node) -> dict[str, str | int]:
    return {
        "label_zh": chinese_label(node),
        "label_en": english_label(node),
        "class": node.cls,
        "kind": node.kind,
        "mentions": node.mentions,
        "date": node.date,
        "first": node.start,
    }


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_gexf(network: Network, dynamic: bool = False) -> bytes:
    """GEXF 1.3: attributes declared and given per node, ``viz:color``/``size``/``position``, edge
    weights; ``dynamic``: each node and edge has a ``start`` date (a concept's first mention, a
    pair's first co-occurrence, a document's date) so Gephi's timeline shows the network grow."""
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", XSI_NS)
    g, viz = f"{{{GEXF_NS}}}", f"{{{VIZ_NS}}}"
    root = ET.Element(
        g + "gexf",
        {"version": "1.3", f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"},
    )
    meta = ET.SubElement(root, g + "meta")
    ET.SubElement(meta, g + "creator").text = "GSI-KG"
    ET.SubElement(meta, g + "description").text = f"{network.kind.value} network"
    graph_attrs = {"defaultedgetype": "undirected", "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        graph_attrs["timeformat"] = "date"
    graph = ET.SubElement(root, g + "graph", graph_attrs)
    declared = ET.SubElement(graph, g + "attributes", {"class": "node", "mode": "static"})
    for index, (name, kind) in enumerate(NODE_ATTRIBUTES):
        ET.SubElement(declared, g + "attribute", {"id": str(index), "title": name, "type": kind})
    look = styles(network)
    nodes = ET.SubElement(graph, g + "nodes")
    for node in network.nodes:
        attrs = {"id": node.id, "label": chinese_label(node)}
        start = node.start or node.date
        if dynamic and start:
            attrs["start"] = start
        element = ET.SubElement(nodes, g + "node", attrs)
        values = ET.SubElement(element, g + "attvalues")
        for index, (name, _) in enumerate(NODE_ATTRIBUTES):
            value = node_values(node)[name]
            if value != "":
                ET.SubElement(values, g + "attvalue", {"for": str(index), "value": str(value)})
        style = look[node.id]
        r, gr, b = style.rgb
        ET.SubElement(element, viz + "color", {"r": str(r), "g": str(gr), "b": str(b), "a": "1.0"})
        ET.SubElement(element, viz + "size", {"value": str(style.size)})
        ET.SubElement(element, viz + "position", {"x": str(style.x), "y": str(style.y), "z": "0.0"})
    edges = ET.SubElement(graph, g + "edges")
    for index, edge in enumerate(network.edges):
        attrs = {
            "id": str(index),
            "source": edge.source,
            "target": edge.target,
            "weight": str(edge.weight),
        }
        if dynamic and edge.start:
            attrs["start"] = edge.start
        ET.SubElement(edges, g + "edge", attrs)
    return _xml(root)


def write_graphml(network: Network) -> bytes:
    """GraphML with the plain attributes (any reader) and yEd's ``nodegraphics``/``edgegraphics``
    (a shape node with fill colour, size, position and the label; line width by weight)."""
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("y", YED_NS)
    ET.register_namespace("xsi", XSI_NS)
    g, y = f"{{{GRAPHML_NS}}}", f"{{{YED_NS}}}"
    root = ET.Element(
        g + "graphml",
        {
            f"{{{XSI_NS}}}schemaLocation": f"{GRAPHML_NS} "
            "http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
        },
    )
    types = {"string": "string", "integer": "int"}
    for name, kind in NODE_ATTRIBUTES:
        ET.SubElement(
            root,
            g + "key",
            {"id": name, "for": "node", "attr.name": name, "attr.type": types[kind]},
        )
    ET.SubElement(
        root, g + "key", {"id": "weight", "for": "edge", "attr.name": "weight", "attr.type": "int"}
    )
    ET.SubElement(root, g + "key", {"id": "ng", "for": "node", "yfiles.type": "nodegraphics"})
    ET.SubElement(root, g + "key", {"id": "eg", "for": "edge", "yfiles.type": "edgegraphics"})
    graph = ET.SubElement(
        root, g + "graph", {"id": network.kind.value, "edgedefault": "undirected"}
    )
    look = styles(network)
    for node in network.nodes:
        element = ET.SubElement(graph, g + "node", {"id": node.id})
        for name, value in node_values(node).items():
            if value != "":
                ET.SubElement(element, g + "data", {"key": name}).text = str(value)
        style = look[node.id]
        shape = ET.SubElement(ET.SubElement(element, g + "data", {"key": "ng"}), y + "ShapeNode")
        side = str(style.size)
        ET.SubElement(
            shape,
            y + "Geometry",
            {"x": str(style.x), "y": str(style.y), "width": side, "height": side},
        )
        ET.SubElement(shape, y + "Fill", {"color": style.colour.upper(), "transparent": "false"})
        ET.SubElement(shape, y + "NodeLabel").text = chinese_label(node)
        ET.SubElement(
            shape, y + "Shape", {"type": "rectangle" if node.kind == "document" else "ellipse"}
        )
    most = max((e.weight for e in network.edges), default=1) or 1
    for index, edge in enumerate(network.edges):
        element = ET.SubElement(
            graph, g + "edge", {"id": f"e{index}", "source": edge.source, "target": edge.target}
        )
        ET.SubElement(element, g + "data", {"key": "weight"}).text = str(edge.weight)
        line = ET.SubElement(ET.SubElement(element, g + "data", {"key": "eg"}), y + "PolyLineEdge")
        width = round(1 + 5 * edge.weight / most, 2)
        ET.SubElement(
            line, y + "LineStyle", {"color": "#B3B6B7", "type": "line", "width": str(width)}
        )
    return _xml(root)


def cytoscape_json(network: Network, total_edges: int | None = None) -> dict[str, object]:
    """Cytoscape.js ``elements`` JSON (also what ``networkx.cytoscape_graph`` reads), with each
    node's colour, size and position for :func:`cytoscape_style`; ``total_edges``, the edges of
    the network ``network`` was cut from, is noted in its ``data`` if given."""
    look = styles(network)
    nodes = [
        {
            "data": {
                "id": n.id,
                "value": n.id,
                "name": chinese_label(n),
                "label": chinese_label(n),
                **node_values(n),
                "colour": look[n.id].colour,
                "size": look[n.id].size,
            },
            "position": {"x": look[n.id].x, "y": look[n.id].y},
        }
        for n in network.nodes
    ]
    edges = [
        {"data": {"id": f"e{i}", "source": e.source, "target": e.target, "weight": e.weight}}
        for i, e in enumerate(network.edges, start=1)
    ]
    data: dict[str, object] = {"name": network.kind.value}
    if total_edges is not None:
        data["total_edges"] = total_edges
    return {
        "data": data,
        "directed": False,
        "multigraph": False,
        "elements": {"nodes": nodes, "edges": edges},
    }


def network_from_cytoscape(data: bytes) -> Network:
    """The network :func:`cytoscape_json` wrote (labels as written: a missing one filled in)."""
    value = json.loads(data)
    elements = value["elements"]
    nodes = tuple(
        Node(
            id=d["id"],
            kind=d["kind"],
            label_zh=d["label_zh"],
            label_en=d["label_en"],
            cls=d["class"],
            mentions=int(d["mentions"]),
            date=d.get("date", ""),
            start=d.get("first", ""),
        )
        for d in (n["data"] for n in elements["nodes"])
    )
    edges = tuple(
        Edge(d["source"], d["target"], int(d["weight"]))
        for d in (e["data"] for e in elements["edges"])
    )
    return Network(NetworkKind(value["data"]["name"]), nodes, edges)


def cytoscape_style() -> dict[str, object]:
    """A Cytoscape style (the JSON Cytoscape desktop imports with File › Import › Styles, and
    Cytoscape.js takes as ``style``) for the ``.cyjs`` files: colour by class, size by mentions,
    label, edge width by weight."""
    rules: list[dict[str, object]] = [
        {
            "selector": "node",
            "css": {
                "label": "data(label)",
                "width": "data(size)",
                "height": "data(size)",
                "background-color": CLASS_COLOURS[""],
                "font-size": 10,
            },
        },
        {
            "selector": "edge",
            "css": {
                "width": "mapData(weight, 1, 20, 1, 8)",
                "line-color": "#b3b6b7",
                "opacity": 0.7,
            },
        },
        {"selector": "node[kind = 'document']", "css": {"shape": "rectangle"}},
    ]
    rules += [
        {"selector": f"node[class = '{cls}']", "css": {"background-color": colour}}
        for cls, colour in CLASS_COLOURS.items()
        if cls
    ]
    return {"format_version": "1.0", "generated_by": "GSI-KG", "title": "GSI-KG", "style": rules}


def write_csv_nodes(network: Network) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", *(name for name, _ in NODE_ATTRIBUTES), "colour"])
    look = styles(network)
    for node in network.nodes:
        values = node_values(node)
        writer.writerow(
            [node.id, *(values[name] for name, _ in NODE_ATTRIBUTES), look[node.id].colour]
        )
    return buffer.getvalue().encode("utf-8")


def write_csv_edges(edges: Iterable[Edge]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["source", "target", "weight", "first"])
    for edge in edges:
        writer.writerow([edge.source, edge.target, edge.weight, edge.start])
    return buffer.getvalue().encode("utf-8")


def write_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
