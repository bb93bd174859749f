"""The first run on a minimal Linux: a missing xcb library is named with the one command that installs it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.cli.system_libs import XCB_LIBRARIES, install_hint, missing_libraries, uses_xcb

CLI_MAIN = sys.modules["desktop.cli.main"]  # the module; `desktop.cli.main` is also the function's name
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("env", "platform", "expected"), [
    ({"DISPLAY": ":0"}, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({}, "linux", False),
    ({"DISPLAY": ":0"}, "darwin", False),
])
def test_uses_xcb(env: dict[str, str], platform: str, expected: bool) -> None:
    assert uses_xcb(env, platform) is expected


def test_missing_libraries_asks_the_probe_for_each() -> None:
    gone = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    assert missing_libraries(lambda soname: soname not in gone) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    hint = install_hint(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libgthread-2.0.so.0", "libglib-2.0.so.0"])
    assert "\n" not in hint
    assert hint.endswith("apt-get install libxcb-icccm4 libxcb-keysyms1 libglib2.0-0")


def test_the_window_command_exits_2_with_the_install_line(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(CLI_MAIN, "uses_xcb", lambda: uses_xcb({"DISPLAY": ":99"}, "linux"))
    monkeypatch.setattr(CLI_MAIN, "missing_libraries",
                        lambda: missing_libraries(lambda soname: soname != "libxcb-keysyms.so.1"))

    def never(path: str | None) -> int:
        raise AssertionError("the window must not be started")

    monkeypatch.setattr("desktop.app.application.run_app", never)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [install_hint(["libxcb-keysyms.so.1"])]
    assert "apt-get install libxcb-keysyms1" in err


def test_the_readme_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for package in set(XCB_LIBRARIES.values()):
        assert package in readme, package
