"""Before the window opens on X11: are the system libraries Qt's xcb plugin links all there? No Qt here.

Qt aborts ("xcb-cursor0 … is needed") when any of them is missing, naming the wrong one on
a minimal Debian/Ubuntu; we look for each first and print the one command that fixes it.
The list is what PySide6's libqxcb.so and libQt6XcbQpa.so (Qt 6.10) name as NEEDED, beyond
Qt's own and the C/C++ runtime, with the Debian package that holds each.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}


def uses_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will open its window through the xcb plugin (Linux, a DISPLAY, no other platform asked for)."""
    if not platform.startswith("linux") or not environ.get("DISPLAY"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "")
    if asked:
        return asked.split(":")[0] == "xcb" or asked.startswith("xcb;")
    return not environ.get("WAYLAND_DISPLAY")  # Qt prefers Wayland there, and needs none of these


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname, mode=getattr(os, "RTLD_LAZY", 1))
    except OSError:
        return False
    return True


def missing_libraries(probe: Callable[[str], bool] = _loads) -> list[str]:
    """The sonames of XCB_LIBRARIES that the dynamic loader cannot find."""
    return [soname for soname in XCB_LIBRARIES if not probe(soname)]


def install_hint(missing: list[str]) -> str:
    """One line: what is missing and the apt-get command that installs it."""
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES[s] for s in missing))
    return (f"summit-timeline: cannot open a window: Qt's X11 (xcb) platform needs {', '.join(missing)}, "
            f"missing here; install them with (as root): apt-get install {packages}")
