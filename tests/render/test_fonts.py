"""Bundled fonts: shipped with licences, registered once, and drawing real Hangul the same way every time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication, QImage, QPainter, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication

from desktop.io.resources import resource_path
from desktop.render.fonts import (
    BUNDLED_FONTS,
    EXPORT_POINT_SIZE,
    HANGUL_FAMILY,
    SANS_FAMILY,
    export_font,
    load_fonts,
    use_bundled_fonts,
)

KOREAN = "북미회담"
MIXED = "Summit #북미회담 — Hà Nội × “Singapore” 2018–2019 · Ωμέγα Москва → ★ 「가」"


def _render(text: str, font: QFont, width: int = 360, height: int = 60) -> QImage:
    """`text` drawn black on white, centred in a `width`×`height` image."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def _bits(image: QImage) -> bytes:
    """The image's pixel bytes."""
    return bytes(image.constBits())[: image.sizeInBytes()]


def _inked(image: QImage) -> int:
    """How many pixels are not white."""
    white = QImage(image)
    white.fill(Qt.GlobalColor.white)
    target = _bits(white)
    return sum(1 for a, b in zip(_bits(image)[::4], target[::4], strict=True) if a != b)


def _runs(text: str, font: QFont) -> list[tuple[str, int, list[int]]]:
    """(family, weight, glyph indexes) of each glyph run Qt lays `text` out in."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), run.rawFont().weight(), list(run.glyphIndexes()))
            for run in layout.glyphRuns()]


def _tofu_font(point_size: float) -> QFont:
    """The bundled sans with merging off: it has no Hangul, so Korean is drawn as missing-glyph boxes."""
    font = export_font(point_size)
    font.setFamilies([SANS_FAMILY])
    font.setStyleStrategy(font.styleStrategy() | QFont.StyleStrategy.NoFontMerging)
    return font


@pytest.fixture
def restored_fonts(qapp: QApplication) -> Iterator[QApplication]:
    """The application; its font and the UI family's substitutes are put back afterwards."""
    font = QFont(qapp.font())
    family = QFontInfo(font).family()
    substitutes = QFont.substitutes(family)
    yield qapp
    qapp.setFont(font)
    QFont.removeSubstitutions(family)
    if substitutes:
        QFont.insertSubstitutions(family, substitutes)


def test_every_bundled_font_has_its_licence_beside_it(qapp: QApplication) -> None:
    folder = resource_path("fonts")
    shipped = {path.name for path in folder.glob("*.ttf")}
    assert shipped == {font for font, _ in BUNDLED_FONTS}, "a font file without a licence entry, or one missing"
    assert (folder / "README.md").is_file()
    for font, licence in BUNDLED_FONTS:
        path = resource_path(f"fonts/{font}")
        assert path.is_file() and path.stat().st_size > 10_000
        assert (path.parent / licence).is_file() and (path.parent / licence).stat().st_size > 1_000
        # The files carry the bundled names, not those of the fonts they were made from.
        assert QRawFont(str(path), 12).familyName() in (SANS_FAMILY, HANGUL_FAMILY)


def test_load_fonts_registers_both_families_once(qapp: QApplication) -> None:
    families = load_fonts()
    assert SANS_FAMILY in families and HANGUL_FAMILY in families
    assert load_fonts() == families
    assert QFontDatabase.families().count(SANS_FAMILY) == 1
    assert QFontDatabase.families().count(HANGUL_FAMILY) == 1
    assert {"Bold"} <= set(QFontDatabase.styles(SANS_FAMILY)) and {"Bold"} <= set(QFontDatabase.styles(HANGUL_FAMILY))


def test_tofu_boxes_are_all_alike(qapp: QApplication) -> None:
    # The check below is only worth something if missing glyphs do look alike.
    tofu = [_render(syllable, _tofu_font(28), 60, 60) for syllable in KOREAN]
    assert all(_inked(image) > 0 for image in tofu)
    assert len({_bits(image) for image in tofu}) == 1


def test_korean_is_drawn_with_real_glyphs(qapp: QApplication) -> None:
    font = export_font(28)
    assert _bits(_render(KOREAN, font)) != _bits(_render(KOREAN, _tofu_font(28)))
    glyphs = [_render(syllable, font, 60, 60) for syllable in KOREAN]
    assert all(_inked(image) > 40 for image in glyphs)
    assert len({_bits(image) for image in glyphs}) == len(KOREAN)
    for bold in (False, True):
        runs = _runs(KOREAN, export_font(12, bold=bold))
        assert [family for family, _, _ in runs] == [HANGUL_FAMILY]
        assert all(weight == (700 if bold else 400) for _, weight, _ in runs)
        assert 0 not in runs[0][2], "glyph 0 is the missing-glyph box"


def test_export_font_uses_only_the_bundled_families(qapp: QApplication) -> None:
    for bold in (False, True):
        font = export_font(10.5, bold=bold)
        assert font.families() == [SANS_FAMILY, HANGUL_FAMILY]
        assert font.hintingPreference() == QFont.HintingPreference.PreferNoHinting
        info = QFontInfo(font)
        assert info.family() == SANS_FAMILY
        assert info.bold() is bold
        assert info.pointSizeF() == pytest.approx(10.5)
        runs = _runs(MIXED, font)
        assert {family for family, _, _ in runs} == {SANS_FAMILY, HANGUL_FAMILY}
        assert all(0 not in glyphs for _, _, glyphs in runs)


def test_latin_renders_identically_twice(qapp: QApplication) -> None:
    text = "Trump–Kim summit, Hà Nội — “no deal” × 2"
    first = _render(text, export_font(11))
    second = _render(text, export_font(11))
    assert _inked(first) > 100
    assert _bits(first) == _bits(second)


def test_exclusive_makes_every_default_font_bundled(restored_fonts: QApplication) -> None:
    use_bundled_fonts(restored_fonts, exclusive=True)
    assert QGuiApplication.font().pointSizeF() == EXPORT_POINT_SIZE
    axis_font = QFont()  # as the axes and labels make theirs
    axis_font.setPointSizeF(9.5)
    assert QFontInfo(axis_font).family() == SANS_FAMILY
    assert axis_font.hintingPreference() == QFont.HintingPreference.PreferNoHinting
    assert {family for family, _, _ in _runs(MIXED, axis_font)} == {SANS_FAMILY, HANGUL_FAMILY}


def test_window_keeps_its_font_and_falls_back_to_the_bundled_ones(restored_fonts: QApplication) -> None:
    before = QFont(restored_fonts.font())
    family = QFontInfo(before).family()
    use_bundled_fonts(restored_fonts, exclusive=False)
    use_bundled_fonts(restored_fonts, exclusive=False)
    assert restored_fonts.font() == before
    assert [name.casefold() for name in QFont.substitutes(family)][-2:] == [SANS_FAMILY.casefold(),
                                                                           HANGUL_FAMILY.casefold()]
    ui_font = QFont(before)
    ui_font.setPointSizeF(13.25)  # a size no earlier test laid out: Qt caches fallbacks per font
    runs = _runs(f"Summit {KOREAN}", ui_font)
    assert {name for name, _, _ in runs} == {family, HANGUL_FAMILY}
    assert all(0 not in glyphs for _, _, glyphs in runs)
