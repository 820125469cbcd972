"""The HTML pages and linked data: resource views, the page models they render (read functions,
run in executors), the ontology documentation, canned queries, exports and the interface
languages."""
