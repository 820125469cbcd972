"""GSI-KG build pipeline: documents → clean text → passages → extractions → RDF → store."""

from __future__ import annotations

__version__ = "0.1.0"
