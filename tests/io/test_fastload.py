"""The fast path opens files exactly as the careful reader does, problems and places included, or declines."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_loader_properties import SETTINGS, STRINGS, _slots, json_values, keys, mutated_documents, valid_documents

from benchmarks.bench_file import write_events_file
from desktop.io.fast import store as event_store
from desktop.io.fast.careful import Careful
from desktop.io.fast.chunks import CHUNK, Gathered
from desktop.io.fast.load import FastPathDeclined, _repeats, fast_timeline
from desktop.io.fast.store import ID_DECODER, IdIndex, RawEvents
from desktop.io.jsonfile import TimelineError, decode_text, parse_json
from desktop.io.loader import timeline_from_json
from desktop.io.open import open_timeline
from desktop.model.search import SearchIndex
from desktop.model.timeline import Timeline

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "events.json"


def careful(data: bytes, name: str = "f.json") -> Timeline | None:
    """What the careful loader makes of the bytes; None when it refuses them."""
    try:
        return careful_or_refusal(data, name)
    except TimelineError:
        return None


def careful_or_refusal(data: bytes, name: str = "f.json") -> Timeline:
    """What the careful loader makes of the bytes; its TimelineError when it refuses them."""
    text = decode_text(data, name)
    return timeline_from_json(parse_json(text, name), name, text)


def assert_same(fast: Timeline, slow: Timeline) -> None:
    """Two timelines that no reader could tell apart."""
    assert isinstance(fast.events, RawEvents)
    assert (fast.title, fast.description, fast.lanes, fast.sources, fast.path) == (
        slow.title, slow.description, slow.lanes, slow.sources, slow.path
    )
    assert fast.problems == slow.problems
    assert len(fast.events) == len(slow.events)
    assert list(fast.events) == list(slow.events)  # chunked iteration
    assert [fast.events[i] for i in range(len(fast.events))] == list(slow.events)  # one at a time
    assert fast.events == slow.events and fast.events[1:3] == tuple(slow.events[1:3])
    assert list(fast.titles) == list(slow.titles)
    for name in ("begin", "finish", "anchor", "lane", "is_range", "coarse", "approximate", "cited"):
        assert np.array_equal(getattr(fast.columns, name), getattr(slow.columns, name)), name
    assert len(fast.event_index) == len(slow.event_index)
    for ident, index in slow.event_index.items():
        assert fast.event_index[ident] == index and ident in fast.event_index
    assert "no such event" not in fast.event_index
    assert fast.event_index.get("no such event") is None
    for source in slow.sources:
        for number in range(1, len(source.paragraphs) + 2):
            assert fast.events_citing(source.id, number) == slow.events_citing(source.id, number)
    assert fast.events_citing("no such source", 1) == []
    fast_search, slow_search = SearchIndex(fast), SearchIndex(slow)
    for query in ("event", "kim", "hanoi summit", '"event 1"', "e", "2", "zzz"):
        assert np.array_equal(fast_search.match(query), slow_search.match(query)), query


def check_bytes(data: bytes, chunk: int = CHUNK) -> Timeline | None:
    """The fast path agrees with the careful one, refusals included, or declines (None)."""
    try:
        fast = fast_timeline(data, "f.json", chunk=chunk)
    except FastPathDeclined:
        return None
    except TimelineError as refusal:
        with pytest.raises(TimelineError) as careful_refusal:
            careful_or_refusal(data)
        assert refusal.problems == careful_refusal.value.problems
        return None
    slow = careful(data)
    assert slow is not None, "the fast path opened a file the careful reader refuses"
    assert_same(fast, slow)
    return fast



def test_default_dataset_takes_the_fast_path() -> None:
    data = DATASET.read_bytes()
    fast = fast_timeline(data, "f.json")
    assert fast is not None
    assert_same(fast, careful(data))


def test_generated_file_takes_the_fast_path(tmp_path: Path) -> None:
    data = write_events_file(3000, tmp_path / "big.json", seed=4).read_bytes()
    fast = check_bytes(data)
    assert fast is not None and len(fast.events) == 3000


def test_loaders_use_it(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_bytes(DATASET.read_bytes())
    assert isinstance(open_timeline(path).events, RawEvents)


@given(valid_documents(), st.booleans(), st.booleans())
@SETTINGS
def test_valid_documents_agree(doc: dict, indent: bool, ascii_only: bool) -> None:
    data = json.dumps(doc, indent=1 if indent else None, ensure_ascii=ascii_only).encode()
    fast = check_bytes(data)
    if doc["events"]:
        assert fast is not None, "a clean file with events should take the fast path"


@given(mutated_documents())
@SETTINGS
def test_mutated_documents_agree_or_decline(doc: dict) -> None:
    check_bytes(json.dumps(doc).encode())


def _with_repeat(doc: dict, rng: random.Random) -> bytes:
    """The document's text with one key of one event written twice (json.dumps cannot)."""
    text = json.dumps(doc)
    k = rng.randrange(len(doc["events"]))
    event = doc["events"][k]
    key = rng.choice(sorted(event))
    again = json.dumps({key: event[key]})[1:-1]
    start = text.index(json.dumps(event))
    return (text[:start + 1] + again + ", " + text[start + 1:]).encode()


@given(valid_documents().filter(lambda d: d["events"]), st.randoms(use_true_random=False))
@SETTINGS
def test_repeated_keys_are_found(doc: dict, rng: random.Random) -> None:
    data = _with_repeat(doc, rng)
    fast = check_bytes(data)
    assert fast is not None and any("more than once" in p.message for p in fast.problems)


@pytest.mark.parametrize(
    "text",
    [
        # A repeat next to a colon written as an escape.
        '{"version":1,"title":"t","events":[{"id":"a","title":"x\\u003ay","start":"2019","id":"b"}]}',
        '{"version":1,"title":"t","events":[{"id":"a","title":"x","start":"2019"},{"id":"a","title":"y","start":"2019"}]}',
        '{"version":1,"title":"t","events":[{"id":"a","title":"  ","start":"2019"}]}',
        '{"version":1,"title":"t","events":[{"id":"a","title":"x","start":"2019","end":null}]}',
        '{"version":1,"title":"t","events":[{"id":"a","title":"x","start":"2019-02-30"}]}',
        '{"version":1,"title":"t","events":[{"id":"a","title":"x","start":"2019","end":"2018"}]}',
        '{"version":1,"title":"t","events":[{"id":"a","title":"x","start":"2019","lane":"l"}]}',
        '{"version":1,"title":"t","events":[{"id":"a","title":"x","start":"2019",'
        '"citations":[{"source":"s","paragraph":1}]}]}',
        '{"version":1,"title":"t","events":[5,{"id":"a","title":"x","start":"2019"},[],{"title":"y"}]}',
    ],
)
def test_event_problems_are_explained_as_the_careful_loader_does(text: str) -> None:
    fast = check_bytes(text.encode())
    assert fast is not None and fast.problems


@pytest.mark.parametrize(
    "text",
    [
        '{"version":1,"title":"t","title":"u","events":[{"id":"a","title":"x","start":"2019"}]}',
        '{"version":2,"title":"t","events":[{"id":"a","title":"x","start":"2019"}]}',
        '{"events":[{"id":"a","title":"x","start":"2019"}],\n "version":1, "title":"t", "x":1}',
    ],
)
def test_refusals_are_the_careful_loader_s(text: str) -> None:
    with pytest.raises(TimelineError) as refusal:
        fast_timeline(text.encode(), "f.json")
    with pytest.raises(TimelineError) as careful_refusal:
        careful_or_refusal(text.encode())
    assert refusal.value.problems == careful_refusal.value.problems
    assert any(p.line is not None for p in refusal.value.problems)


@pytest.mark.parametrize(
    "text",
    [
        '{"version":1,"title":"t","lanes":[{"id":"l"},{"id":"m","title":"M"}],'
        '"events":[{"id":"a","title":"x","start":"2019","lane":"l"},{"id":"b","title":"y","start":"2019","lane":"m"}]}',
        '{"version":1,"title":"t","events":[{"id":"b","title":"y","start":"2019","citations":[{"source":"s","paragraph":1}]}],'
        '\n"sources":[{"id":"s","title":"S","paragraphs":["p"],"published":"2019-13"}]}',
    ],
)
def test_lane_and_source_problems_are_explained_too(text: str) -> None:
    fast = check_bytes(text.encode())
    assert fast is not None and len(fast.problems) == 2


def test_a_lone_surrogate_is_left_to_the_careful_reader() -> None:
    # msgspec refuses a lone surrogate escape anywhere; the careful reader explains it.
    text = '{"version":1,"title":"t","events":[{"id":"a","title":"\\ud800","start":"2019"}]}'
    with pytest.raises(FastPathDeclined, match="msgspec cannot read it"):
        fast_timeline(text.encode(), "f.json")
    assert careful(text.encode()).problems


def test_own_keys_are_kept_quiet() -> None:
    events = '[{"id":"a","title":"x","start":"2019","x-mine":1},{"id":"b","title":"y","start":"2019"}]'
    text = '{"version":1,"title":"t","events":' + events + "}"
    fast = check_bytes(text.encode())
    assert fast is not None and fast.problems == () and len(fast.events) == 2


def test_a_byte_order_mark_and_escapes_are_fine() -> None:
    event = {"id": "a", "title": "Kim \u2019s \"talk\"", "start": "2019-02-28T10:00"}
    doc = {"version": 1, "title": "t", "events": [event]}
    data = b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=True).encode()
    assert check_bytes(data) is not None


TRICKY = st.text(alphabet='\\"a: \n{}[],', min_size=1, max_size=12).filter(lambda t: not t.isspace())


@given(st.lists(st.tuples(TRICKY, TRICKY, st.lists(TRICKY, max_size=3)), min_size=1, max_size=5),
       st.booleans(), st.randoms(use_true_random=False))
@SETTINGS
def test_backslashes_and_quotes_in_strings_do_not_hide_a_repeat(
    texts: list[tuple[str, str, list[str]]], repeat: bool, rng: random.Random
) -> None:
    events = [
        {"id": f"e{i}", "title": title, "start": "2019", "summary": summary, "tags": tags}
        for i, (title, summary, tags) in enumerate(texts)
    ]
    doc = {"version": 1, "title": "t", "events": events}
    fast = check_bytes(_with_repeat(doc, rng) if repeat else json.dumps(doc).encode())
    assert fast is not None and bool(fast.problems) == repeat


@st.composite
def documents_with_bad_events(draw: st.DrawFn) -> dict:
    """A consistent file, then a few edits inside its events only."""
    doc = draw(valid_documents().filter(lambda d: d["events"]))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        slots = _slots(doc["events"], [])
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["replace", "replace", "drop", "add", "copy id"]))
        if action == "replace":
            container[key] = draw(json_values | st.sampled_from(STRINGS))
        elif action == "drop":
            del container[key]
        elif action == "copy id" and isinstance(container, dict):
            container["id"] = f"e{draw(st.integers(min_value=0, max_value=4))}"
        elif isinstance(container, dict):
            container[draw(keys)] = draw(json_values)
        else:
            container.append(draw(json_values))
    return doc


@given(documents_with_bad_events(), st.booleans())
@SETTINGS
def test_bad_events_are_explained_as_the_careful_loader_does(doc: dict, indent: bool) -> None:
    text = json.dumps(doc, indent=1 if indent else None)
    fast = check_bytes(text.encode())
    # Left to the careful loader: an empty list, a refused file, and a lone surrogate (msgspec reads none).
    assert fast is not None or not doc["events"] or careful(text.encode()) is None or "\\ud" in text.lower()


@pytest.mark.parametrize("indent", [1, None])
def test_bad_events_among_many(tmp_path: Path, indent: int | None) -> None:
    """Chunks with bad events are read again event by event; the good ones stay on the fast path."""
    # 400 events in chunks of 64: bad ones in the first, third, sixth and last chunk, none in the others.
    doc = json.loads(write_events_file(400, tmp_path / "big.json", seed=3).read_text(encoding="utf-8"))
    events = doc["events"]
    events[5]["start"] = "2019-02-30"  # no such day
    events[170]["id"] = events[3]["id"]  # taken
    events[171]["end"] = "1900"  # before its start
    del events[333]["title"]
    events[399] = "not an event"
    cited = next(i for i, e in enumerate(events) if e.get("citations") and i > 200)
    events[cited]["citations"][0]["paragraph"] = 10_000  # no such paragraph: the event stays, the citation goes
    data = json.dumps(doc, indent=indent, ensure_ascii=False).encode()  # None: one line, places by column
    fast = check_bytes(data, chunk=64)
    assert fast is not None and len(fast.problems) == 6
    assert len(fast.events) == 400 - 5


def test_ids_whose_hashes_collide_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids are indexed by hash; equal hashes (rare, but possible) fall back to comparing the ids."""
    fast = fast_timeline(DATASET.read_bytes(), "f.json")
    assert fast is not None
    events = fast.events
    monkeypatch.setattr(event_store, "hash", lambda _: 0, raising=False)  # every id hashes the same
    index = IdIndex(events, np.zeros(len(events), np.int64))
    ids = [events.id_at(i) for i in range(len(events))]
    assert all(index[ident] == i for i, ident in enumerate(ids))
    assert "no such event" not in index
    raws = events._raws
    ids_in_file = [ID_DECODER.decode(raw).id for raw in raws]
    gathered = Gathered(
        index=np.arange(len(raws)), begin=np.zeros(len(raws)), finish=np.zeros(len(raws)),
        lane=np.zeros(len(raws), np.int32), is_range=np.zeros(len(raws), bool),
        precision=np.zeros(len(raws), np.int8),
        approximate=np.zeros(len(raws), bool), cited=np.zeros(len(raws), bool), id_hash=np.zeros(len(raws), np.int64),
        cite_event=np.zeros(0, np.int64), cite_source=np.zeros(0, np.int32), cite_paragraph=np.zeros(0, np.int32),
    )
    assert _repeats(raws, gathered, Careful()) == {}  # same hashes, different ids: no repeat
    same = [raws[0]] * 3  # the same event three times: the first keeps its id
    three = Gathered(**{**vars(gathered), "index": np.arange(3), "id_hash": np.zeros(3, np.int64)})
    assert _repeats(same, three, Careful()) == {1: (ids_in_file[0], 0), 2: (ids_in_file[0], 0)}


def _with_own_data(n: int, extra: str = "") -> bytes:
    """n events, each with x-… keys (nested values with quotes and escapes), one with `extra` keys."""
    events = []
    for i in range(n):
        event = {"id": f"e{i}", "title": f"Event {i}", "start": "2019-02-28", "x-row": i,
                 "x-note": {"said": 'a "quoted" word \\ and a: colon', "list": [1, "two", None]},
                 "citations": [{"source": "s", "paragraph": 1, "x-checked": "yes"}]}
        events.append(json.dumps(event))
    if extra:
        events[n // 2] = events[n // 2][:-1] + ", " + extra + "}"
    source = {"id": "s", "title": "Source", "paragraphs": ["Kim met Trump in Hanoi."]}
    return ('{"version": 1, "title": "t", "sources": [' + json.dumps(source) + '], "events": [\n'
            + ",\n".join(events) + "\n]}").encode()


def test_own_data_keeps_a_large_file_on_the_fast_path() -> None:
    fast = check_bytes(_with_own_data(2_000), chunk=256)  # eight chunks, each with own data
    assert fast is not None and fast.problems == () and len(fast.events) == 2_000


@pytest.mark.parametrize(("extra", "message"), [
    ('"x-row": 5', "given more than once"),
    ('"x-new": 1, "x-new": 2', "given more than once"),
    ('"summry": "typo"', "unknown key 'summry'"),
])
def test_own_data_next_to_a_problem(extra: str, message: str) -> None:
    fast = check_bytes(_with_own_data(2_000, extra))
    assert fast is not None and len(fast.problems) == 1 and message in fast.problems[0].message


def test_many_bad_events_spread_through_chunks(tmp_path: Path) -> None:
    """Failing chunks are checked event by event: every bad one found, every good one kept."""
    doc = json.loads(write_events_file(2_000, tmp_path / "big.json", seed=5).read_text(encoding="utf-8"))
    events = doc["events"]
    for k in range(0, 2_000, 37):
        events[k]["title"] = " \t"
    for k in range(5, 2_000, 211):
        events[k]["x-mine"] = {"note": 'said "so"'}
    for k in range(7, 2_000, 307):
        events[k]["summry"] = "typo"
    quoted = [e for e in events if any("quote" in c for c in e.get("citations", []))]
    for e in quoted[::50]:
        next(c for c in e["citations"] if "quote" in c)["quote"] = "words no paragraph has"
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    # and a key given twice, written by hand into a few events
    text = text.replace('"id": "ev-0000100",', '"id": "ev-0000100", "id": "ev-0000100",', 1)
    fast = check_bytes(text.encode(), chunk=128)  # sixteen chunks, every one with bad events
    assert fast is not None and len(fast.problems) > 60
    assert any("more than once" in p.message for p in fast.problems)


def _with_own_value(value: bytes, in_citation: bool = False) -> bytes:
    """The dataset with one `x-…` value, written as raw bytes, in its first event (or citation)."""
    doc = json.loads(DATASET.read_text(encoding="utf-8"))
    target = doc["events"][0]["citations"][0] if in_citation else doc["events"][0]
    target["x-own"] = "PLACEHOLDER"
    return json.dumps(doc).encode().replace(b'"PLACEHOLDER"', value)


UNREADABLE_OWN_DATA = {
    "not UTF-8": b'"\xff\xfe"',
    "cut UTF-8": b'"\xc3"',
    "an encoded surrogate": b'"\xed\xa0\x80"',
    "5,000 digits": b"1" * 5000,
    "5,000 digits, negative, in a list": b"[-" + b"9" * 5000 + b"]",
    "5,000 digits in an object": b'{"n": ' + b"7" * 5000 + b"}",
}


@pytest.mark.parametrize("in_citation", [False, True])
@pytest.mark.parametrize("value", UNREADABLE_OWN_DATA.values(), ids=UNREADABLE_OWN_DATA.keys())
def test_own_data_the_careful_reader_refuses_is_declined(value: bytes, in_citation: bool, tmp_path: Path) -> None:
    # msgspec skips x-… values unread: the fast path must not say OK where the careful reader refuses.
    data = _with_own_value(value, in_citation)
    assert careful(data) is None
    with pytest.raises(FastPathDeclined):
        fast_timeline(data, "f.json")
    path = tmp_path / "own.json"
    path.write_bytes(data)
    with pytest.raises(TimelineError):  # one verdict, whichever reader gives it
        open_timeline(path)


@pytest.mark.parametrize("value", [b"1." + b"9" * 5000, b'"' + b"9" * 5000 + b'"', b"9" * 4000, b'"h\xc3\xa9"'])
def test_own_data_the_careful_reader_reads_opens_either_way(value: bytes) -> None:
    data = _with_own_value(value)
    slow = careful(data)
    assert slow is not None
    fast = check_bytes(data)  # declined (a long digit run in a string) or the same timeline
    assert fast is None or len(fast.events) == len(slow.events)
