"""The benchmark (scripts/bench) end to end at a tiny size: it generates,
imports, indexes, serves and measures, and writes what it found. No timing is
checked: only that every figure is there and the hit counts are the corpus's."""

import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import database_of_its_own

BENCH = Path(__file__).resolve().parent.parent / "scripts" / "bench"
ARTICLES = 40

# Every run imports into a database of its own (database_of_its_own).
pytestmark = pytest.mark.database


def load_bench():
    """scripts/bench as a module (it has no .py suffix); it imports scripts/corpus.py as corpus."""
    loader = importlib.machinery.SourceFileLoader("bench", str(BENCH))
    spec = importlib.util.spec_from_loader("bench", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


bench = load_bench()


def run_bench(*args: str) -> subprocess.CompletedProcess:
    with database_of_its_own() as database:
        env = os.environ | database
        return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("engine", bench.ENGINES)
def test_a_tiny_run_measures_every_search_and_writes_json_and_markdown(tmp_path, engine):
    json_out, markdown_out = tmp_path / "out" / "bench.json", tmp_path / "benchmarks.md"
    markdown_out.write_text("# Benchmarks\n\nWhat was here stays.\n", encoding="utf-8")
    finished = run_bench(
        *("--engine", engine, "--articles", str(ARTICLES), "--repeat", "2", "--clients", "2", "--duration", "2"),
        *("--keep", str(tmp_path / "run"), "--json-out", str(json_out), "--markdown-out", str(markdown_out)),
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert f"engine {engine}, 40 articles" in finished.stdout

    result = json.loads(json_out.read_text(encoding="utf-8"))
    assert result["engine"] == engine and result["articles"] == ARTICLES
    assert engine in result["engine_class"].lower()
    shapes = {(search["shape"], search["filter"]) for search in result["searches"]}
    assert shapes == {
        (shape, name)
        for shape in ("common", "two", "phrase", "four", "rare")
        for name in ("plain", "province", "years")
    }
    for search in result["searches"] + result["browse"]:
        assert search["status"] == 200 and search["errors"] == 0, search
        assert 0 < search["p50_ms"] <= search["p95_ms"], search
    assert all(isinstance(search["hits"], int) for search in result["searches"])
    common = next(s for s in result["searches"] if (s["shape"], s["filter"]) == ("common", "plain"))
    assert common["hits"] == ARTICLES  # every article says "Đảng"
    assert {"province", "organ", "congress", "document", "year"} <= set(result["facets_in_response"])

    expected = bench.corpus.marker_counts(ARTICLES)
    assert {check["word"] for check in result["markers"]} == set(expected)
    assert all(check["hits"] == expected[check["word"]].articles for check in result["markers"])
    assert any(check["hits"] for check in result["markers"])

    assert result["import"]["pages_per_second"] > 0 and result["index"]["docs_per_second"] > 0
    assert result["index"]["size_mb"] > 0
    assert result["throughput"]["requests"] > 0 and result["throughput"]["errors"] == 0
    breakers = result["breakers"]  # every known breaker answered, and the slowest is reported
    assert breakers["queries"] >= 50 and breakers["not_200"] == [] and breakers["max_ms"] > 0
    assert len(result["workers"]) == 2 and all(w["rss_mb"] > 0 for w in result["workers"])

    # The benchmark ran on the suite's database, and has a section per engine, size and database.
    assert result["database"] == ("postgresql" if os.environ.get("DATABASE_URL") else "sqlite")
    on = {"sqlite": ("", ""), "postgresql": ("-postgresql", " on PostgreSQL")}[result["database"]]
    key, heading = f"<!-- bench {engine}{on[0]}-40 -->", f"## {engine}{on[1]}, 40 articles"
    markdown = markdown_out.read_text(encoding="utf-8")
    assert markdown.startswith("# Benchmarks\n\nWhat was here stays.\n")
    assert markdown.count(key) == 1 and heading in markdown
    assert "| one common syllable `dang` |" in markdown and "every hit count is the corpus's" in markdown
    assert "Known breakers of search boxes" in markdown

    # A rerun for the same engine and size replaces its section; another size adds one.
    bench.update_markdown(markdown_out, result | {"date": "2099-01-01 00:00 UTC"})
    bench.update_markdown(markdown_out, result | {"articles_generated": 100_000})
    markdown = markdown_out.read_text(encoding="utf-8")
    assert markdown.count(key) == 1 and "2099-01-01 00:00 UTC" in markdown
    assert markdown.index(heading) < markdown.index(f"## {engine}{on[1]}, 100,000 articles")


def test_an_unknown_engine_is_refused_before_anything_runs(tmp_path):
    finished = run_bench("--engine", "elasticsearch", "--keep", str(tmp_path / "run"))
    assert finished.returncode == 2
    assert "unknown engine 'elasticsearch'" in finished.stderr
    assert not (tmp_path / "run").exists()


def test_reuse_needs_a_folder_to_reuse(tmp_path):
    finished = run_bench("--reuse")
    assert finished.returncode == 2 and "--reuse needs --keep DIR" in finished.stderr
