"""`summit-timeline new ARTICLE -o OUT.json`: an article becomes a timeline's source; never over an existing file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.io.open import open_timeline

ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "articles" / "2019-03-01-kim-vows-to-meet-trump-again.txt"
needs_article = pytest.mark.skipif(not ARTICLE.is_file(), reason="the shared article is not present")
PROG = "summit-timeline new"


def new_here(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """`new` in this process: exit code, stdout, stderr."""
    try:
        code = main(["new", *map(str, args)])
    except SystemExit as exc:  # argparse refusing the arguments
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def refused(result: tuple[int, str, str], *words: str) -> str:
    code, out, err = result
    assert code == 2 and out == "" and "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith(f"{PROG}: error: ") and all(w in line for w in words), line
    return line


@needs_article
def test_the_shared_article_makes_a_file_validate_accepts(tmp_path: Path) -> None:
    article = tmp_path / ARTICLE.name
    shutil.copyfile(ARTICLE, article)
    out = tmp_path / "kim.json"
    made = subprocess.run([sys.executable, "-m", "desktop", "new", str(article), "-o", str(out), "--published",
                           "2019-03-01", "--publisher", "Example News"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"{out.resolve()}\n" and made.stderr == ""
    checked = subprocess.run([sys.executable, "-m", "desktop", "validate", str(out)],
                             capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert checked.returncode == 0 and checked.stdout == "OK: 0 events, 1 lanes, 1 sources\n", checked.stderr
    timeline = open_timeline(out)
    (source,) = timeline.sources
    lines = article.read_text(encoding="utf-8").splitlines()
    assert source.paragraphs == tuple(line for line in lines if line.strip())
    assert source.title == timeline.title == "Kim vows to meet trump again (2019-03-01)"
    assert (source.publisher, source.published and source.published.text) == ("Example News", "2019-03-01")
    assert len(timeline.events) == 0


def test_windows_line_endings_blank_lines_and_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "notes_from-the_desk.txt"
    article.write_bytes("\ufeffFirst paragraph.\r\n\r\n  Second, indented.\r\n\r\n\r\nThird – last".encode())
    out = tmp_path / "out.json"
    code, stdout, err = new_here(capsys, article, "-o", out)
    assert (code, stdout, err) == (0, f"{out.resolve()}\n", "")
    timeline = open_timeline(out)
    assert timeline.problems == ()
    (source,) = timeline.sources
    assert source.paragraphs == ("First paragraph.", "  Second, indented.", "Third – last")
    assert (timeline.title, source.id, source.published) == ("Notes from the desk", "notes-from-the-desk", None)
    assert "lanes" not in json.loads(out.read_text(encoding="utf-8"))
    titled = tmp_path / "titled.json"
    assert new_here(capsys, article, "-o", titled, "--title", "Given title")[0] == 0
    assert open_timeline(titled).sources[0].id == "given-title"


def test_an_existing_output_is_refused_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("One paragraph.", encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("keep me", encoding="utf-8")
    refused(new_here(capsys, article, "-o", out), "already exists")
    assert out.read_text(encoding="utf-8") == "keep me"
    link = tmp_path / "link.json"
    link.symlink_to(out)
    refused(new_here(capsys, article, "-o", link), "already exists")
    assert out.read_text(encoding="utf-8") == "keep me"


def test_bad_inputs_are_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("One paragraph.", encoding="utf-8")
    refused(new_here(capsys, article, "-o", tmp_path / "out.csv"), "must be a file name ending in .json")
    refused(new_here(capsys, tmp_path / "missing.txt", "-o", tmp_path / "o.json"), "cannot read")
    refused(new_here(capsys, article, "-o", tmp_path / "o.json", "--published", "2019-13"),
            "published: month 13 does not exist")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café".encode("latin-1"))
    refused(new_here(capsys, latin, "-o", tmp_path / "o.json"), "is not UTF-8")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n  \n", encoding="utf-8")
    refused(new_here(capsys, blank, "-o", tmp_path / "o.json"), "every line is blank")
    refused(new_here(capsys, tmp_path, "-o", tmp_path / "o.json"), "is not a regular file")
    assert not (tmp_path / "o.json").exists()


def test_control_characters_in_messages_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("One paragraph.", encoding="utf-8")
    out = tmp_path / "evil\x1b[32mOK.json"
    out.write_text("{}", encoding="utf-8")
    line = refused(new_here(capsys, article, "-o", out), "already exists")
    assert "\x1b" not in line and "\\x1b[32mOK" in line
