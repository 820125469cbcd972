"""The one error taxonomy of GSI-KG.

Every error a user can cause is a :class:`GsiKgError`. Each class carries the HTTP status the
endpoint answers with and the exit code the CLI exits with, so there is one mapping for both.

Exit codes (documented in the README):
  0  success
  1  unexpected internal error (a bug: report it)
  2  usage error (bad option or parameter)
  3  corpus error (a document or the manifest cannot be read)
  4  validation error (the built graph breaks the SHACL shapes)
  5  store error (missing or corrupt store)
  6  query error (SPARQL syntax or evaluation error)
  7  quality error (`gsi-kg evaluate`: an extraction score is below its target)
  8  output error (the build could not write its output: disk full, file too large …)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from unicodedata import east_asian_width


class GsiKgError(Exception):
    """Base class: a clear, user-facing message, an HTTP status and a CLI exit code."""

    http_status = 500
    exit_code = 1
    title = "Internal error"
    retry_after: int | None = None  # seconds, sent as Retry-After when the error is transient

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, object]:
        return {"error": self.title, "status": self.http_status, "message": self.message}


class UsageError(GsiKgError):
    """A bad option, parameter or request field."""

    http_status = 400
    exit_code = 2
    title = "Bad request"


@dataclass(frozen=True)
class SourceLocation:
    """Where in the input something went wrong."""

    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


class CorpusError(GsiKgError):
    """A corpus file or the manifest cannot be used. The message names the file (and line)."""

    http_status = 422
    exit_code = 3
    title = "Corpus error"

    def __init__(self, location: SourceLocation | Path, message: str) -> None:
        loc = location if isinstance(location, SourceLocation) else SourceLocation(location)
        super().__init__(f"{loc}: {message}")
        self.location = loc


class ValidationError(GsiKgError):
    """The built graph violates the SHACL shapes."""

    http_status = 500
    exit_code = 4
    title = "Validation error"


class StoreError(GsiKgError):
    """The store is missing, corrupt or cannot be opened."""

    http_status = 503
    exit_code = 5
    title = "Store unavailable"


class RemoteStoreError(StoreError):
    """The remote SPARQL endpoint serving as the store (``gsi-kg serve --store URL``) answered
    with an error, or with an answer that cannot be read.

    502 (Bad Gateway): the server is a gateway to that endpoint, and the failure is the
    endpoint's. (An endpoint that cannot be reached at all is a plain :class:`StoreError`, 503.)
    """

    http_status = 502
    title = "Remote store error"


class QueryError(GsiKgError):
    """A SPARQL query cannot be parsed or evaluated."""

    http_status = 400
    exit_code = 6
    title = "Query error"


# Characters of a query's line shown on each side of a syntax error.
EXCERPT_CONTEXT = 60


class SparqlSyntaxError(QueryError):
    """A query that is not SPARQL: where (``line``, ``column``, 1-based, in the text as the client
    sent it), in one sentence what was expected there (the message), the offending line, and the
    parser's own report (``detail``) for whoever wants all of it (:mod:`kg.read.syntax_errors`).
    """

    def __init__(
        self,
        message: str,
        line: int = 0,
        column: int = 0,
        source_line: str = "",
        caret: str = "",
        detail: str = "",
    ) -> None:
        # keyword defaults: an exception is unpickled (from an executor) by calling its class
        # with its message alone, then given its attributes back
        super().__init__(message)
        self.line, self.column = line, column
        self.source_line, self.caret, self.detail = source_line, caret, detail

    @classmethod
    def at(cls, text: str, offset: int, sentence: str, detail: str = "") -> SparqlSyntaxError:
        r"""The error at ``offset`` (0-based) of the query ``text``, saying ``sentence``.

        >>> print(SparqlSyntaxError.at("SELECT ?x\nWHERE { ?x }", 18, "expected a verb").excerpt)
        2 | WHERE { ?x }
          |         ^
        """
        starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
        index = max(i for i, start in enumerate(starts) if start <= offset)
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        source_line = text[starts[index] : end].rstrip("\r\n")
        column = offset - starts[index] + 1
        # a long line is shown around the column
        first = max(0, column - 1 - EXCERPT_CONTEXT)
        shown = source_line[first : column - 1 + EXCERPT_CONTEXT]
        before = source_line[first : column - 1]
        if first:
            shown, before = "…" + shown, "…" + before
        if len(source_line) > column - 1 + EXCERPT_CONTEXT:
            shown += "…"
        # the caret under the column in a monospace font, where a Chinese character is two wide
        caret = "".join(
            "\t" if c == "\t" else " " * (2 if east_asian_width(c) in ("W", "F") else 1)
            for c in before
        )
        return cls(
            f"SPARQL syntax error at line {index + 1}, column {column}: {sentence}",
            line=index + 1,
            column=column,
            source_line=shown,
            caret=caret + "^",
            detail=detail,
        )

    @property
    def excerpt(self) -> str:
        """The offending line after its number and, under it, a caret at the column."""
        if not self.line:
            return ""
        gutter = " " * len(str(self.line))
        return f"{self.line} | {self.source_line}\n{gutter} | {self.caret}"

    def to_dict(self) -> dict[str, object]:
        return {
            **super().to_dict(),
            "line": self.line,
            "column": self.column,
            "excerpt": self.excerpt,
            "detail": self.detail,
        }


class NotFound(GsiKgError):
    """No resource at this IRI or path."""

    http_status = 404
    exit_code = 2
    title = "Not found"


class Forbidden(GsiKgError):
    """A request the server refuses by policy (updates, SERVICE outside the allowlist)."""

    http_status = 403
    exit_code = 2
    title = "Forbidden"


class RequestTimeout(GsiKgError):
    """The request body did not arrive within the body time limit (``GSIKG_BODY_TIMEOUT``)."""

    http_status = 408
    exit_code = 2
    title = "Request timeout"


class RequestTooLarge(GsiKgError):
    """The request body is larger than ``GSIKG_MAX_BODY``."""

    http_status = 413
    exit_code = 2
    title = "Request too large"


class NotAcceptable(GsiKgError):
    """None of the formats the client accepts can be produced."""

    http_status = 406
    exit_code = 2
    title = "Not acceptable"


class UnsupportedMediaType(GsiKgError):
    """The request body has a content type the endpoint does not take."""

    http_status = 415
    exit_code = 2
    title = "Unsupported media type"


class QueryTimeout(GsiKgError):
    """A query ran past the time limit and was stopped.

    422 (Unprocessable Content), not 503: the query is valid but this server will not complete it
    within its limits, and asking again unchanged would fail again, so clients must not retry it.
    """

    http_status = 422
    exit_code = 6
    title = "Query timeout"


class ServerBusy(GsiKgError):
    """Every query process stayed busy for the request's whole time limit; the query never ran.

    503 with ``Retry-After``: a transient overload, so retrying later is the right response.
    """

    http_status = 503
    exit_code = 6
    title = "Server busy"
    retry_after = 5


class ExecutorDied(GsiKgError):
    """An executor process was killed from outside while running a read (not by the read).

    503 with ``Retry-After``: the read itself may well succeed on a fresh process.
    """

    http_status = 503
    exit_code = 6
    title = "Query process died"
    retry_after = 1


class QueryTooCostly(GsiKgError):
    """A read needed more memory than an executor may use (``GSIKG_QUERY_MEMORY``).

    422, as for the time limit: the request is valid but too costly here; unchanged, it would
    fail again.
    """

    http_status = 422
    exit_code = 6
    title = "Query too costly"


class ResultTooLarge(GsiKgError):
    """A result exceeds the documented cap on rows or triples."""

    http_status = 413
    exit_code = 6
    title = "Result too large"


class OutputError(GsiKgError):
    """The build could not write its output (a full disk, a file size limit …). The message says
    what was published, if anything."""

    http_status = 507
    exit_code = 8
    title = "Cannot write the output"


class QualityError(GsiKgError):
    """An extraction score is below its target (``gsi-kg evaluate``)."""

    http_status = 500
    exit_code = 7
    title = "Quality below target"
