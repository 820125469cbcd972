"""The build: documents → clean text → passages → mentions, stances, relations → N-Quads → store.

:func:`kg.build.pipeline.build_graph` runs it; each step is a module of this package.
"""
