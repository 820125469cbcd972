"""The gsi-kg command line: clean errors with documented exit codes, query output formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.read.render import display_width
from tests.conftest import CORPUS, serving

GSI = "https://w3id.org/gsi-kg/ontology#"


def test_query_formats(runner: CliRunner, built: Path) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }"
    as_json = runner.invoke(main, ["query", "--store", str(built), "--format", "json", q])
    assert as_json.exit_code == 0, as_json.output
    count = int(json.loads(as_json.output)["results"]["bindings"][0]["n"]["value"])
    assert count > 100
    as_csv = runner.invoke(main, ["query", "--store", str(built), "--format", "csv", q])
    assert list(csv.reader(io.StringIO(as_csv.output)))[1] == [str(count)]
    table = runner.invoke(main, ["query", "--store", str(built), q])
    assert str(count) in table.output and "(1 row)" in table.output


def test_query_from_file(runner: CliRunner, built: Path, tmp_path: Path) -> None:
    file = tmp_path / "q.rq"
    file.write_text("ASK { ?d a gsi:Document }", encoding="utf-8")
    result = runner.invoke(main, ["query", "--store", str(built), "--file", str(file)])
    assert result.output.strip() == "true"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True)


def test_syntax_error_is_one_line_with_position_and_exit_6(built: Path) -> None:
    result = run_cli("query", "--store", str(built), "SELECT ?x WHERE { ?x ?y }")
    assert result.returncode == 6
    assert result.stderr.startswith("error: SPARQL syntax error")
    assert "line 1, column" in result.stderr and "Traceback" not in result.stderr


def test_missing_store_exit_5(tmp_path: Path) -> None:
    result = run_cli("query", "--store", str(tmp_path), "ASK {}")
    assert result.returncode == 5
    assert "gsi-kg build" in result.stderr and "Traceback" not in result.stderr


def test_build_error_names_the_file_and_exits_3(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    result = run_cli("build", "--corpus", str(corpus), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    assert "binary.txt" in result.stderr and "Traceback" not in result.stderr


PHASES = [
    "extracting",
    "loading the store",
    "validating",
    "compacting the store",
    "writing the dumps",
    "writing the statistics, exports and canned answers",
]


def test_build_prints_one_line_per_phase_and_a_summary(tmp_path: Path) -> None:
    # stderr is a pipe here, not a terminal: lines, no bars
    result = run_cli("build", "--corpus", str(CORPUS), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    phases = [line.strip().split(":")[0] for line in lines if line.startswith("  ")]
    assert [p for p in phases if not p.startswith("published")] == PHASES
    assert "  extracting: 5 documents, 180 passages" in result.stderr
    assert "gsi-concept-paper" not in result.stderr  # nothing per document
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    assert lines[-1].startswith("built: 5 documents") and "triples" in lines[-1]


def test_build_quiet_prints_only_errors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    quiet = run_cli("build", "--corpus", str(CORPUS), "--out", str(out), "-q", "--no-dumps")
    assert quiet.returncode == 0 and quiet.stderr == ""
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("\n", encoding="utf-8")
    failed = run_cli("build", "--corpus", str(empty), "--out", str(out), "-q")
    assert failed.returncode == 3
    assert failed.stderr.startswith("error: ") and len(failed.stderr.splitlines()) == 1


def test_export_of_one_document_is_one_phase_line(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "net.graphml"
    args = ["export", "cooccurrence", "--store", str(built), "--document", "cd-speech-2021"]
    result = run_cli(*args, "-o", str(target))
    assert result.returncode == 0, result.stderr
    phase, summary = result.stderr.splitlines()
    assert phase.startswith("  exporting the cooccurrence network of cd-speech-2021: ")
    assert summary.endswith(f"→ {target}")
    assert run_cli(*args, "-o", str(target), "-q").stderr == ""


def test_tables_align_chinese_text_by_display_width(runner: CliRunner, built: Path) -> None:
    q = (
        "SELECT ?zh ?en WHERE { ?c skos:prefLabel ?zh, ?en FILTER(lang(?zh) = 'zh' && "
        "lang(?en) = 'en') } ORDER BY ?en LIMIT 20"
    )
    result = runner.invoke(main, ["query", "--store", str(built), q])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()[:-1]  # the last line counts the rows
    widths = {display_width(line.split(" | ")[0]) for line in lines if "-+-" not in line}
    assert len(lines) == 22 and len(widths) == 1, result.output
    assert any(display_width(line) != len(line) for line in lines)  # Chinese was in it


def test_every_query_form_honours_format(runner: CliRunner, built: Path) -> None:
    ask = runner.invoke(main, ["query", "--store", str(built), "ASK { ?d a gsi:Document }"])
    assert ask.output == "true\n"
    ask_json = runner.invoke(
        main, ["query", "--store", str(built), "--format", "json", "ASK { ?d a gsi:Document }"]
    )
    assert json.loads(ask_json.output)["boolean"] is True and ask_json.output.endswith("\n")
    construct = "CONSTRUCT { ?d a gsi:Document } WHERE { ?d a gsi:Document }"
    as_jsonld = runner.invoke(main, ["query", "--store", str(built), "--format", "json", construct])
    assert as_jsonld.exit_code == 0, as_jsonld.output
    triples = list(pyoxigraph.parse(as_jsonld.output.encode(), pyoxigraph.RdfFormat.JSON_LD))
    assert len(triples) == 5 and {t.object.value for t in triples} == {GSI + "Document"}
    as_turtle = runner.invoke(main, ["query", "--store", str(built), construct])
    assert len(rdflib.Graph().parse(data=as_turtle.output, format="turtle")) == 5
    as_csv = runner.invoke(main, ["query", "--store", str(built), "--format", "csv", construct])
    assert as_csv.exit_code == 2 and "--format csv" in as_csv.output


def test_an_option_that_does_not_apply_is_refused(runner: CliRunner, built: Path) -> None:
    result = runner.invoke(
        main, ["export", "document-concept", "--scope", "sentence", "--store", str(built)]
    )
    assert result.exit_code == 2
    assert "--scope" in result.output and "Traceback" not in result.output


def test_serve_says_where_it_listens(built: Path) -> None:
    with serving(built) as server:
        pass
    assert f"listening on http://127.0.0.1:{server.port}/" in server.errors


def test_quiet_is_quiet(runner: CliRunner, built: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    note = tmp_path / "note.txt"
    note.write_text("中方支持全球安全倡议。\n", encoding="utf-8")
    added = runner.invoke(main, ["add", str(note), "--corpus", str(corpus), "-q"])
    assert added.exit_code == 0 and added.output == ""
    assert (corpus / "note.txt").is_file()
    exported = runner.invoke(
        main, ["export", "cooccurrence", "--store", str(built), "-q", "-o", str(tmp_path / "x")]
    )
    assert exported.exit_code == 0 and exported.output == ""
    with serving(built, args=("-q",)) as server:
        pass
    assert "listening" not in server.errors
