"""A realistic, seeded events file of any size for the benchmark, written as a stream. No Qt here."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

# Bump when the generator's output changes, so cached benchmark files are made again.
GENERATOR_VERSION = 1
DAY = 86400
START_DAY = int(np.datetime64("2014-01-01", "D").astype(np.int64))
SPAN_DAYS = int(np.datetime64("2026-01-01", "D").astype(np.int64)) - START_DAY  # twelve years

LANES = (
    ("us", "United States", "#0072B2", ("The White House", "The US president", "The secretary of state",
                                         "A US envoy", "The Pentagon")),
    ("dprk", "North Korea", "#D55E00", ("Pyongyang", "North Korea’s leader", "State media", "The foreign ministry",
                                        "A North Korean negotiator")),
    ("rok", "South Korea", "#009E73", ("Seoul", "South Korea’s president", "The unification ministry",
                                       "The Blue House")),
    ("china", "China", "#CC79A7", ("Beijing", "China’s foreign ministry", "A Chinese envoy")),
    ("japan", "Japan", "#E69F00", ("Tokyo", "Japan’s prime minister", "The Japanese defence ministry")),
    ("russia", "Russia", "#56B4E9", ("Moscow", "The Kremlin", "A Russian diplomat")),
    ("un", "United Nations", "#000000", ("The Security Council", "UN inspectors", "The sanctions committee")),
)
LANE_WEIGHTS = np.array([0.26, 0.26, 0.16, 0.1, 0.08, 0.06, 0.08])
VERBS = ("meets", "warns over", "calls for", "rejects", "proposes", "announces", "suspends", "resumes",
         "criticises", "welcomes", "signals progress on", "postpones", "confirms", "denies reports of")
PAST = ("met", "warned over", "called for", "rejected", "proposed", "announced", "suspended", "resumed",
        "criticised", "welcomed", "signalled progress on", "postponed", "confirmed", "denied reports of")
TOPICS = ("talks on", "sanctions over", "a missile test near", "a summit in", "inspections at", "aid shipments to",
          "joint drills off", "an envoy visit to", "the nuclear site at", "a border meeting at", "satellite images of",
          "a rail link to", "family reunions in", "a fuel embargo on")
PLACES = ("Hanoi", "Hà Nội", "Singapore", "Panmunjom", "Yongbyon", "Pyongyang", "Seoul", "Beijing", "Tokyo",
          "Vladivostok", "Geneva", "New York", "Sohae", "Kaesong", "Wonsan", "Busan", "Stockholm", "Ulaanbaatar")
CLAUSES = ("according to officials familiar with the matter", "a spokesperson said", "in a statement carried by "
           "state media", "despite earlier objections", "after weeks of silence", "two diplomats said",
           "without giving details", "in a rare public remark", "analysts said", "citing security concerns",
           "as talks stalled", "in a televised address")
DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "over the weekend", "late on Sunday")
TAGS = ("summit", "sanctions", "missiles", "nuclear", "diplomacy", "aid", "military", "economy", "human-rights",
        "cyber", "trade", "inspections", "border", "talks")
SOURCES = (("wire-archive", "Twelve years of the Korean peninsula: a wire archive", "Example Wire"),
           ("daily-briefing", "Daily briefing: North Korea", "Example Daily"),
           ("analysis-longread", "How the talks rose and fell", "Example Review"))


def _sentence(rng: np.random.Generator) -> str:
    lane = LANES[rng.integers(len(LANES))]
    return (f"{lane[3][rng.integers(len(lane[3]))]} {PAST[rng.integers(len(PAST))]} "
            f"{TOPICS[rng.integers(len(TOPICS))]} {PLACES[rng.integers(len(PLACES))]} "
            f"{DAYS[rng.integers(len(DAYS))]}, {CLAUSES[rng.integers(len(CLAUSES))]}.")


def _sources(rng: np.random.Generator) -> tuple[list[dict], list[list[list[str]]]]:
    """Three long sources, and for each paragraph a few verbatim substrings to quote."""
    sources, quotes = [], []
    for (ident, title, publisher), count in zip(SOURCES, rng.integers(200, 401, len(SOURCES)), strict=True):
        paragraphs, para_quotes = [], []
        for _ in range(count):
            sentences = [_sentence(rng) for _ in range(rng.integers(2, 6))]
            paragraphs.append(" ".join(sentences))
            words = sentences[rng.integers(len(sentences))].split(" ")
            cut = int(rng.integers(0, max(len(words) - 4, 1)))
            # A whole sentence, and a run of words from one: both occur verbatim in the paragraph.
            para_quotes.append([sentences[0], " ".join(words[cut:cut + 4 + int(rng.integers(0, 5))])])
        sources.append({"id": ident, "title": title, "publisher": publisher, "published": "2026-01-05",
                        "paragraphs": paragraphs})
        quotes.append(para_quotes)
    return sources, quotes


def _times(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Event start times in epoch seconds: bursts around a few hundred stories, heavy-tailed in size and length."""
    stories = max(1, min(400, n // 20))
    weight = rng.pareto(1.1, stories) + 0.05  # a few stories dominate the news
    story = rng.choice(stories, size=n, p=weight / weight.sum())
    first = rng.uniform(0, SPAN_DAYS, stories)
    scale = rng.lognormal(np.log(6.0), 1.3, stories)  # days: a flurry of hours to a saga of months
    offset = scale[story] * rng.pareto(1.6, n)  # most soon after the news breaks, a long tail later
    days = np.where(rng.random(n) < 0.05, rng.uniform(0, SPAN_DAYS, n), first[story] + offset) % SPAN_DAYS
    return (START_DAY + days) * DAY, story


def _format(seconds: np.ndarray, unit: str) -> list[str]:
    return np.datetime_as_string(seconds.astype(np.int64).astype("datetime64[s]").astype(f"datetime64[{unit}]"),
                                 unit=unit).tolist()


def _dates(rng: np.random.Generator, start: np.ndarray) -> tuple[list[str], list[str | None], np.ndarray]:
    """Start texts at mixed precision, end texts for ~10% ranges (1 day – 2 years), approximate flags."""
    n = len(start)
    precision = rng.choice(4, size=n, p=[0.03, 0.09, 0.70, 0.18])  # year, month, day, minute
    is_range = rng.random(n) < 0.10
    precision[is_range & (precision == 0)] = 1  # a range of years would mostly be wider than two years
    end = start + np.exp(rng.uniform(0, np.log(730), n)) * DAY
    texts = {unit: (_format(start, unit), _format(end, unit)) for unit in ("Y", "M", "D", "m")}
    zone = rng.choice(["", "Z", "+09:00"], size=n, p=[0.8, 0.15, 0.05]).tolist()
    units = np.array(["Y", "M", "D", "m"])[precision].tolist()
    starts, ends = [], []
    ranged = is_range.tolist()
    for i, unit in enumerate(units):
        suffix = zone[i] if unit == "m" else ""
        starts.append(texts[unit][0][i] + suffix)
        if not ranged[i]:
            ends.append(None)
            continue
        later = texts[unit][1][i] if unit != "M" or texts["M"][1][i] != texts["M"][0][i] else None
        ends.append(later + suffix if later else texts["D"][1][i])
    approximate = rng.random(n) < np.where(precision <= 1, 0.3, 0.04)
    return starts, ends, approximate


def write_events_file(n: int, out: str | Path, seed: int = 1) -> Path:
    """Write `n` generated events (format v1) to `out`, streaming; the same seed gives the same bytes."""
    rng = np.random.default_rng(seed)
    sources, quotes = _sources(rng)
    start, story = _times(rng, n)
    order = np.argsort(start, kind="stable")  # roughly as an editor would keep them: in time order
    start, story = start[order], story[order]
    starts, ends, approximate = _dates(rng, start)
    stories = int(story.max()) + 1 if n else 1
    story_lane = rng.choice(len(LANES), size=stories, p=LANE_WEIGHTS / LANE_WEIGHTS.sum())
    lane = np.where(rng.random(n) < 0.55, story_lane[story], rng.choice(len(LANES), size=n, p=LANE_WEIGHTS))
    topic, place = rng.integers(len(TOPICS), size=stories), rng.integers(len(PLACES), size=stories)
    story_tags = rng.integers(len(TAGS), size=(stories, 2))
    draws = rng.random((n, 6))
    picks = rng.integers(0, 1 << 30, size=(n, 8))
    cited = draws[:, 0] < 0.35
    two = draws[:, 1] < 0.25
    topic_of, place_of, tags_of = topic.tolist(), place.tolist(), story_tags.tolist()
    approx, cited_l, two_l = approximate.tolist(), cited.tolist(), two.tolist()
    out = Path(out)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        head = {"version": 1, "title": f"Benchmark: {n:,} generated events",
                "description": f"Generated by `python -m benchmarks.bench make-file {n} … --seed {seed}` "
                               f"(generator v{GENERATOR_VERSION}); stories, actors and quotes are invented.",
                "lanes": [{"id": i, "title": t, "color": c} for i, t, c, _ in LANES], "sources": sources}
        # The header through the sources as json writes it; the events one a line after it.
        fh.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "events": [')
        lines: list[str] = []
        separator = "\n"
        for i, (s, e, ln, st, p, d) in enumerate(zip(starts, ends, lane.tolist(), story.tolist(), picks.tolist(),
                                                     draws.tolist(), strict=True)):
            actors = LANES[ln][3]
            # Every string below comes from the vocabularies above: no quote, backslash or control character.
            title = f"{actors[p[0] % len(actors)]} {VERBS[p[1] % len(VERBS)]} {TOPICS[topic_of[st]]} " \
                    f"{PLACES[place_of[st]]}"
            parts = [f'  {{"id": "ev-{i:07d}", "title": "{title}", "lane": "{LANES[ln][0]}", "start": "{s}"']
            if e is not None:
                parts.append(f', "end": "{e}"')
            if d[2] < 0.4:
                parts.append(f', "summary": "{CLAUSES[p[2] % len(CLAUSES)].capitalize()}."')
            if approx[i]:
                parts.append(', "approximate": true')
            if d[3] < 0.7:
                tags = dict.fromkeys([TAGS[tags_of[st][0]]] + ([TAGS[tags_of[st][1]]] if d[4] < 0.3 else []))
                parts.append(', "tags": [' + ", ".join(f'"{t}"' for t in tags) + "]")
            if cited_l[i]:
                parts.append(', "citations": [' + ", ".join(
                    _citation(sources, quotes, p[4 + 2 * k], p[5 + 2 * k], d[5]) for k in range(1 + two_l[i])) + "]")
            parts.append("}")
            lines.append("".join(parts))
            if len(lines) >= 10_000:
                fh.write(separator + ",\n".join(lines))
                separator = ",\n"
                lines.clear()
        if lines:
            fh.write(separator + ",\n".join(lines))
        fh.write("\n ]\n}\n")
    return out


def cached_events_file(cache: Path, n: int, seed: int = 1) -> Path:
    """The generated file of `n` events in the folder `cache`, written on first use."""
    path = cache / f"events-{n}-seed{seed}-v{GENERATOR_VERSION}.json"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")  # a run cut short never leaves half a file to be reused
        t = time.perf_counter()
        write_events_file(n, part, seed)
        part.replace(path)
        print(f"  generated {path} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def _citation(sources: list[dict], quotes: list[list[list[str]]], a: int, b: int, draw: float) -> str:
    src = a % len(sources)
    para = b % len(quotes[src])
    text = f'{{"source": "{sources[src]["id"]}", "paragraph": {para + 1}'
    if draw < 0.85:
        text += f', "quote": "{quotes[src][para][(b >> 12) % 2]}"'
    return text + "}"
