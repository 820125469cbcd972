"""The build: documents → clean text → passages → mentions, stances, relations → N-Quads → store.

:func:`kg.pipeline.build.build_graph` runs it; each step is a module of this package. (Not
``kg/build/``: tools take a directory of that name for generated output, as ``build/`` is here.)
"""
