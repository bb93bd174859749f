"""The shipped default dataset: well-formed, faithful to its article, internally consistent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.io.resources import default_events_path

ARTICLE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "articles"
    / "2019-03-01-kim-vows-to-meet-trump-again.txt"
)

# Dates at the precision the evidence gives: year, month, day, or day with a time.
DATE = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


@pytest.fixture(scope="module")
def data() -> dict:
    path = default_events_path()
    assert path.is_file(), f"default dataset missing at {path}"
    return json.loads(path.read_text(encoding="utf-8"))


def _paragraphs(data: dict) -> dict[str, list[str]]:
    return {s["id"]: s["paragraphs"] for s in data["sources"]}


def test_version_and_single_source(data: dict) -> None:
    assert data["version"] == 1
    assert len(data["sources"]) == 1
    assert len(data["sources"][0]["paragraphs"]) == 19


def test_paragraphs_match_article(data: dict) -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"article not available at {ARTICLE}")
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 19
    assert data["sources"][0]["paragraphs"] == lines


def test_ids_are_unique(data: dict) -> None:
    for kind in ("sources", "lanes", "events"):
        ids = [item["id"] for item in data[kind]]
        assert len(ids) == len(set(ids)), f"duplicate {kind} ids"


def test_references_resolve(data: dict) -> None:
    lanes = {lane["id"] for lane in data["lanes"]}
    paragraphs = _paragraphs(data)
    for event in data["events"]:
        assert event["lane"] in lanes, event["id"]
        assert event["citations"], f"{event['id']} cites nothing"
        for cite in event["citations"]:
            assert cite["source"] in paragraphs, event["id"]
            assert 1 <= cite["paragraph"] <= len(paragraphs[cite["source"]]), event["id"]


def test_quotes_are_verbatim(data: dict) -> None:
    paragraphs = _paragraphs(data)
    for event in data["events"]:
        for cite in event["citations"]:
            if "quote" in cite:
                text = paragraphs[cite["source"]][cite["paragraph"] - 1]
                assert cite["quote"] in text, (event["id"], cite["paragraph"], cite["quote"])


def test_dates_are_well_formed(data: dict) -> None:
    for event in data["events"]:
        assert DATE.match(event["start"]), event["id"]
        if "end" in event:
            assert DATE.match(event["end"]), event["id"]
            # Same-width prefixes compare correctly as strings: the end may not
            # begin before the start at the coarser of the two precisions.
            width = min(len(event["start"]), len(event["end"]))
            assert event["end"][:width] >= event["start"][:width], event["id"]


def test_key_events_present(data: dict) -> None:
    events = data["events"]
    assert any(e["start"] == "2018-06" for e in events), "no month-precision June 2018 event"
    assert any(
        e["start"] == "2019-02-27" and e.get("end") == "2019-02-28" for e in events
    ), "no 2019-02-27..2019-02-28 range"
