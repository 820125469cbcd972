"""Shared fixtures: the real corpus built once per session, the Flask app, a CLI runner and a real
server (Granian) on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from werkzeug.test import TestResponse

from endpoint import create_app
from kg.pipeline.build import BuildOptions, BuildReport, build_graph
from kg.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
ONTOLOGY = PROJECT_ROOT / "ontology"


class ReadingClient(FlaskClient):
    """A test client that reads each response whole and closes it, as an HTTP client does, so
    file responses (dumps, exports written by the build) close their file."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


Flask.test_client_class = ReadingClient


def build_corpus(
    corpus: Path, out: Path, base_iri: str = "https://w3id.org/gsi-kg/", validate: bool = True
) -> BuildReport:
    return build_graph(
        BuildOptions(
            corpus=corpus, out=out, base_iri=base_iri, ontology_dir=ONTOLOGY, validate=validate
        )
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed documents built into a fresh build directory (read-only for tests)."""
    out = tmp_path_factory.mktemp("build")
    build_corpus(CORPUS, out)
    return out


@pytest.fixture(scope="session")
def settings(built: Path) -> Settings:
    return Settings.from_env(environ={}, out=built)


@contextlib.contextmanager
def flask_app(settings: Settings) -> Iterator[Flask]:
    """The app for ``settings``; its executor processes are stopped on exit."""
    application = create_app(settings)
    application.config["TESTING"] = True
    try:
        yield application
    finally:
        application.extensions["gsikg_reads"].close()


@pytest.fixture()
def app(settings: Settings) -> Iterator[Flask]:
    with flask_app(settings) as application:
        yield application


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, with its background networking off (this machine has no
    network; `make setup-test` installs the package). Fails, never skips, if it is missing."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed (make setup-test installs it)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for a test module."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@contextlib.contextmanager
def checked_tab(browser: Browser, width: int, height: int = 800) -> Iterator[Page]:
    """A new tab of ``width`` × ``height``; after its use, no script on it may have failed."""
    tab = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert errors == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """``gsi-kg serve`` as a subprocess on 127.0.0.1 (Granian, real worker processes), on a
    build directory or a remote store's URL."""

    def __init__(
        self,
        out: Path | str,
        port: int,
        env: dict[str, str] | None = None,
        args: tuple[str, ...] = (),
    ) -> None:
        self.out, self.port = out, port
        self.url = f"http://127.0.0.1:{port}"
        full_env = {**os.environ, **(env or {})}
        # stdout (where an access log goes) and stderr are kept, read when the server stops:
        # ``output`` and ``errors``
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(out), "--port", str(port), *args],
            env=full_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.output = ""
        self.errors = ""

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"server exited with {self.process.returncode}: {err}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            stdout, stderr = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            stdout, stderr = self.process.communicate()
        self.output = stdout.decode("utf-8", "replace")
        self.errors = stderr.decode("utf-8", "replace")


@contextlib.contextmanager
def serving(
    out: Path | str,
    port: int | None = None,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> Iterator[LiveServer]:
    """A :class:`LiveServer` on ``out``, answering when entered, stopped on exit."""
    server = LiveServer(out, port or free_port(), env, args)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def built_20x(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 20× generated corpus (100 documents, bench/generate.py) built without validation and
    without the extra dumps (read-only for tests): the scale the suite checks reads at."""
    from bench.generate import generate_corpus

    root = tmp_path_factory.mktemp("corpus20x")
    generate_corpus(CORPUS, ONTOLOGY, root / "corpus", 20)
    out = root / "build"
    build_graph(
        BuildOptions(
            corpus=root / "corpus",
            out=out,
            base_iri="https://w3id.org/gsi-kg/",
            ontology_dir=ONTOLOGY,
            validate=False,
            extra_dumps=False,
        )
    )
    return out


@pytest.fixture(scope="session")
def live_server(built: Path) -> Iterator[LiveServer]:
    with serving(built) as server:
        yield server
