"""rdflib-endpoint serving an N-Quads file (run with the peers' virtualenv, not ours).

The dataset's default graph is the union of its named graphs, as on our server.
Usage: ``python rdflib_peer.py DUMP.nq PORT``.
"""

from __future__ import annotations

import sys

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main(dump: str, port: int) -> None:
    dataset = Dataset(default_union=True)
    dataset.parse(dump, format="nquads")
    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
