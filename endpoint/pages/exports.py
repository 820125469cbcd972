"""The two networks for graph tools over HTTP (``/exports/{network}.{format}``), the stance table
and the Cytoscape style, and the explorer that draws one of the networks in the browser.

``network`` is ``cooccurrence`` or ``document-concept``; ``format`` is ``graphml`` (with yEd's
graphics), ``gexf`` (GEXF 1.3 with ``viz:``), ``dynamic.gexf`` (with start dates for Gephi's
timeline), ``cyjs`` (Cytoscape.js JSON; its style is ``cytoscape-style.json``), ``nodes.csv`` or
``edges.csv``; ``stances.dna.csv`` is the actor–concept–stance table. ``?document=ID``
restricts to one document, ``?from=YEAR&to=YEAR`` to the documents dated in those years (either
end may be left open), ``?scope=sentence`` counts co-occurrence in sentences instead of
passages. ``?top=N`` sends only the N heaviest edges and the nodes they join (the explorer's
view: ``&concept=`` a concept's links first, ``&class=`` the classes whose nodes may show; the
Cytoscape JSON notes the network's ``total_edges``). A
whole-corpus export is the file the build wrote into the release
(:func:`kg.read.exports.stored_export`); one document's is built by a read through the door
(:func:`kg.read.exports.export_file`), as is any export of a release without the files.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, send_file
from werkzeug.datastructures import MultiDict

from endpoint.pages.models import document_index
from endpoint.release import get_release, read
from kg.errors import NotFound, UsageError
from kg.read.exports import (
    BASE_CLASSES,
    EXPORTS_DIR,
    SCOPES,
    TABLES,
    ExportFormat,
    NetworkKind,
    View,
    YearRange,
    export_file,
    stored_export,
    table_file,
)

bp = Blueprint("exports", __name__)


def parse_export_name(filename: str) -> tuple[NetworkKind, ExportFormat]:
    """``cooccurrence.graphml`` → (network, format); raise NotFound for anything else.

    >>> parse_export_name("cooccurrence.nodes.csv")
    (<NetworkKind.COOCCURRENCE: 'cooccurrence'>, <ExportFormat.NODES_CSV: 'nodes.csv'>)
    """
    for kind in NetworkKind:
        for fmt in ExportFormat:
            if filename == f"{kind.value}.{fmt.value}":
                return kind, fmt
    raise NotFound(f"/exports/{filename}: no such export (see /exports)")


def parse_years(args: MultiDict[str, str]) -> YearRange | None:
    """``from`` and ``to`` (years, either may be absent) → a :class:`YearRange`, or None when
    neither is given. Raise UsageError for anything but a year, or a range that ends before it
    starts.

    >>> parse_years(MultiDict({"from": "2021", "to": ""}))
    YearRange(first=2021, last=None)
    """
    bounds: list[int | None] = []
    for name in ("from", "to"):
        value = (args.get(name) or "").strip()
        if value and not (value.isascii() and value.isdigit() and len(value) == 4):
            raise UsageError(f"{name}={value!r}: expected a year such as 2022")
        bounds.append(int(value) if value else None)
    first, last = bounds
    if first is None and last is None:
        return None
    if first is not None and last is not None and first > last:
        raise UsageError(f"from={first} is after to={last}")
    return YearRange(first, last)


MAX_TOP = 100_000


def parse_view(args: MultiDict[str, str]) -> View | None:
    """``top``, ``concept`` and ``class`` (repeated) → a :class:`View`, or None when none is
    given (``top`` is 60 when only the others are). Raise UsageError for a ``top`` that is not a
    positive number or a class that is not one of the base classes.

    >>> parse_view(MultiDict([("top", "20"), ("class", "Treaty"), ("class", "Topic")]))
    View(top=20, concept=None, classes=('Treaty', 'Topic'))
    """
    if not any(name in args for name in ("top", "concept", "class")):
        return None
    top = (args.get("top") or "60").strip()
    if not (top.isascii() and top.isdigit() and 0 < int(top) <= MAX_TOP):
        raise UsageError(f"top={top!r}: expected a number of edges from 1 to {MAX_TOP}")
    classes = tuple(args.getlist("class"))
    unknown = [c for c in classes if c not in BASE_CLASSES]
    if unknown:
        raise UsageError(f"class={unknown[0]!r}: expected one of {', '.join(BASE_CLASSES)}")
    return View(int(top), (args.get("concept") or "").strip() or None, classes)


@bp.get("/exports")
def index() -> str:
    return render_template(
        "exports.html", kinds=list(NetworkKind), export_formats=list(ExportFormat), tables=TABLES
    )


@bp.get("/exports/<filename>")
def export(filename: str) -> Response:
    if filename in TABLES:
        return _table(filename)
    kind, fmt = parse_export_name(filename)
    document = request.args.get("document") or None
    scope = request.args.get("scope")
    if scope is not None and kind is not NetworkKind.COOCCURRENCE:
        raise UsageError(f"scope={scope!r}: only the co-occurrence network has a scope")
    scope = scope or "passage"
    if scope not in SCOPES:
        raise UsageError(f"scope={scope!r}: expected one of {', '.join(SCOPES)}")
    years, view = parse_years(request.args), parse_view(request.args)
    whole = document is None and years is None and view is None
    stored = stored_export(get_release().release, kind, fmt, scope) if whole else None
    if stored is not None:
        return send_file(stored, mimetype=fmt.media_type, download_name=filename)
    exported = read(export_file, kind, fmt, document, scope, years, view)
    response = Response(exported.data, mimetype=fmt.media_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _table(name: str) -> Response:
    """The stance table or the Cytoscape style: the build's file, else computed."""
    if request.args:
        raise UsageError(f"/exports/{name} takes no parameters (got {', '.join(request.args)})")
    stored = get_release().release.file(f"{EXPORTS_DIR}/{name}")
    if stored is not None:
        return send_file(stored, mimetype=TABLES[name], download_name=name)
    response = Response(read(table_file, name), mimetype=TABLES[name])
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@bp.get("/explorer")
def explorer() -> str:
    """The co-occurrence network in the browser (endpoint/static/explorer.js): the heaviest links,
    the network of one concept (``?concept=``), filters by class, document and years."""
    documents = read(document_index).rows
    return render_template(
        "explorer.html",
        documents=documents,
        years=sorted({date[:4] for _, _, date, _ in documents if date[:4].isdigit()}),
        classes=BASE_CLASSES,
        base=get_release().ns.base,
    )
