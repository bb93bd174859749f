"""Whatever the input, importing either opens with listed problems or raises TimelineError — nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.io.importers.detect import open_text
from desktop.io.jsonfile import TimelineError

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=8),
                    st.sampled_from(["", "2000", "-5", "12", "<b>x</b>", "https://a.b/c", "&amp;"]))
DATE = st.dictionaries(st.sampled_from(["year", "month", "day", "hour", "minute", "second", "millisecond", "x"]),
                       SCALARS, max_size=5)
SLIDE = st.fixed_dictionaries({}, optional={
    "start_date": st.one_of(DATE, SCALARS), "end_date": st.one_of(DATE, SCALARS),
    "text": st.one_of(st.dictionaries(st.sampled_from(["headline", "text"]), SCALARS), SCALARS),
    "media": st.one_of(st.dictionaries(st.sampled_from(["url", "credit", "caption"]), SCALARS), SCALARS),
    "group": SCALARS, "unique_id": SCALARS,
})
VIS_ITEM = st.fixed_dictionaries({"content": SCALARS, "start": SCALARS},
                                 optional={"id": SCALARS, "end": SCALARS, "group": SCALARS})


def _opens_or_refuses(text: str, name: str = "f") -> None:
    try:
        timeline = open_text(text, name)
    except TimelineError as exc:
        assert exc.problems
        return
    assert all(e.lane in timeline.lane_index for e in timeline.events)
    assert len({e.id for e in timeline.events}) == len(timeline.events)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(SLIDE, max_size=4), st.one_of(st.none(), st.lists(SLIDE, max_size=2)))
def test_timelinejs_any_slides(slides: list, eras: list | None) -> None:
    doc: dict = {"events": slides, "title": {"text": {"headline": "t"}}}
    if eras is not None:
        doc["eras"] = eras
    _opens_or_refuses(json.dumps(doc))


@settings(max_examples=100, deadline=None)
@given(st.lists(VIS_ITEM, min_size=1, max_size=4))
def test_vis_any_items(items: list) -> None:
    _opens_or_refuses(json.dumps(items))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.text(alphabet='ab,;"\n 2019-0<>', max_size=12), max_size=5), max_size=5))
def test_csv_any_rows(rows: list) -> None:
    body = "\n".join(",".join(row) for row in rows)
    _opens_or_refuses("start,end,title,lane,summary,source,paragraph,quote\n" + body)
    _opens_or_refuses("Year;Month;Day;Time;Headline;Type;Group\n" + body.replace(",", ";"))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet='<>/"=tie mlnvagsrc0129-: ', max_size=60))
def test_xml_any_text(text: str) -> None:
    _opens_or_refuses("<timeline>" + text)


def test_importers_import_no_qt() -> None:
    qt = ("PySide6", "shiboken6", "pyqtgraph")
    probe = f"import sys, desktop.io.importers.detect; print(sorted(m for m in sys.modules if m.split('.')[0] in {qt}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
