"""The fonts shipped with the app (resources/fonts): exports draw only with them, the window falls back to them."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

from desktop.io.resources import resource_path

SANS_FAMILY = "Summit Sans"
"""Latin, Greek, Cyrillic and symbols: a subset of DejaVu Sans under a name of its own."""
HANGUL_FAMILY = "Summit Hangul"
"""Hangul: a subset of NanumGothic (the OFL reserves its name for the unmodified font)."""
EXPORT_POINT_SIZE = 9.0
"""The default font size of headless exports: what Qt's offscreen platform gave before fonts were bundled."""

BUNDLED_FONTS: tuple[tuple[str, str], ...] = (
    ("SummitSans-Regular.ttf", "LICENSE-DejaVu.txt"),
    ("SummitSans-Bold.ttf", "LICENSE-DejaVu.txt"),
    ("SummitHangul-Regular.ttf", "LICENSE-NanumGothic.txt"),
    ("SummitHangul-Bold.ttf", "LICENSE-NanumGothic.txt"),
)
"""(font file, licence file) pairs under resources/fonts/."""

_font_ids: list[int] = []


def load_fonts() -> tuple[str, ...]:
    """Register the bundled fonts with Qt (once) and return their family names."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("load_fonts needs a QGuiApplication")
    # Qt forgets application fonts with the application that registered them, so the
    # cache holds only while every id still names its family.
    if not _font_ids or not all(QFontDatabase.applicationFontFamilies(i) for i in _font_ids):
        ids = []
        for name, _licence in BUNDLED_FONTS:
            path = resource_path(f"fonts/{name}")
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                raise RuntimeError(f"Qt could not load the bundled font {path}")
            ids.append(font_id)
        _font_ids[:] = ids
    families: dict[str, None] = {}
    for font_id in _font_ids:
        families.update(dict.fromkeys(QFontDatabase.applicationFontFamilies(font_id)))
    return tuple(families)


def export_font(point_size: float, *, bold: bool = False) -> QFont:
    """A font drawn only from the bundled families, the same on every machine."""
    load_fonts()
    font = QFont()
    font.setFamilies([SANS_FAMILY, HANGUL_FAMILY])
    font.setPointSizeF(point_size)
    font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    font.setStyle(QFont.Style.StyleNormal)
    font.setStretch(QFont.Stretch.Unstretched)
    font.setKerning(True)
    # Hinters differ between platforms (and fontconfig settings between machines), and so
    # do their glyph shapes: unhinted, grey-antialiased outlines are drawn alike everywhere.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias | QFont.StyleStrategy.NoSubpixelAntialias)
    return font


def use_bundled_fonts(app: QGuiApplication, *, exclusive: bool) -> None:
    """Exclusive (headless exports): every default font is bundled. Else keep the UI font, falling back to ours."""
    load_fonts()
    if exclusive:
        # A fixed size, not the platform's: macOS and Windows have larger UI fonts than
        # the offscreen platform, and an export must not grow with them.
        app.setFont(export_font(EXPORT_POINT_SIZE))
        return
    # The family the UI font really is ("Sans Serif" is only a fontconfig alias): Qt tries
    # a family's substitutes for characters it lacks, before the system's own fallbacks.
    # Call before any text is laid out: Qt caches a font's fallbacks with its first use.
    family = QFontInfo(app.font()).family()
    QFont.insertSubstitutions(family, [SANS_FAMILY, HANGUL_FAMILY])
