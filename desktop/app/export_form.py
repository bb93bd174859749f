"""The Export dialog's fields: every option of `summit-timeline export`, from a request and back into one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.layout.axis_map import AXIS_MODES
from desktop.layout.captions import default_credit
from desktop.layout.time_zone import range_side, to_wall
from desktop.model.dates import DateError, parse_date
from desktop.model.search import SearchIndex
from desktop.model.zones import ZoneError, check_zone, default_zone, resolve_zone
from desktop.render.export import FORMATS, MAX_SIDE_PX, minimum_size
from desktop.render.page_scene import MAX_SCALE
from desktop.render.request import LEGENDS, THEMES, ExportError, ExportRequest

LEGEND_NAMES = {"lanes": "Lane colours", "full": "Lane colours and the key of marks", "none": "None"}
THEME_NAMES = {"light": "Light", "dark": "Dark (light text, for dark pages)"}
AXIS_NAMES = {"linear": "Linear", "compressed": "Compressed gaps"}
DATE_FORMS = "2019, 2019-02, 2019-02-27, 2019-02-27T14:30 (+07:00 or Z for another zone); empty: fit the events"
W = TypeVar("W", bound=QWidget)
HINT_DELAY_MS = 150  # the least size is measured once typing pauses: it stacks every lane's rows


def _wall_text(seconds: float, zone: str) -> str:
    """Epoch seconds as the events file writes a minute on the zone's wall clock: `2019-02-27T14:30`."""
    wall = float(to_wall(resolve_zone(zone), seconds))
    return datetime.fromtimestamp(wall, UTC).strftime("%Y-%m-%dT%H:%M")


class ExportForm(QWidget):
    """Format and file, size, range, lanes, search, words and look; `request()` reads them back."""

    sizeHintChanged = Signal(str)  # the least width and height, in words, after a field that changes them

    def __init__(self, request: ExportRequest, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportForm")
        self._base = request
        self._search: SearchIndex | None = None  # built on the first changed search: seconds on a large file
        timeline = request.timeline
        zone = request.zone or default_zone(timeline)
        self._zone = zone  # the range fields start on this zone's wall clock
        self.folder = path.parent  # where a bare file name goes

        self.format_box = self._named(QComboBox(), "exportFormat")
        for suffix, description in FORMATS.items():
            self.format_box.addItem(f"{description} ({suffix})", suffix)
        self.path_field = self._named(QLineEdit(str(path)), "exportPath")
        self.path_field.setMinimumWidth(420)
        self.browse_button = self._named(QPushButton("&Browse…"), "exportBrowse")

        self.width_box = self._named(QSpinBox(), "exportWidth")
        # Any size can be typed: too small or too large is refused on Save with the reason, not clamped unsaid.
        self.width_box.setRange(1, 10 * MAX_SIDE_PX)
        self.width_box.setSingleStep(100)
        self.width_box.setSuffix(" px")
        self.width_box.setValue(request.width)
        self.height_box = self._named(QSpinBox(), "exportHeight")
        self.height_box.setRange(0, 10 * MAX_SIDE_PX)
        self.height_box.setSingleStep(100)
        self.height_box.setSuffix(" px")
        self.height_box.setSpecialValueText("Automatic")  # 0: enough for every shown lane's rows
        self.height_box.setValue(request.height or 0)
        self.scale_box = self._named(QDoubleSpinBox(), "exportScale")
        self.scale_box.setRange(0.5, MAX_SCALE)
        self.scale_box.setSingleStep(0.5)
        self.scale_box.setSuffix(" ×")
        self.scale_box.setValue(request.scale)
        self.scale_box.setToolTip("Image pixels per layout pixel: 2 draws the window's layout at double density")
        self.size_hint = self._named(QLabel(), "exportSizeHint")

        self.zone_field = self._named(QLineEdit(zone), "exportZone")
        self.zone_field.setToolTip("The axis's zone, and the zone dates below are read in unless they name one: "
                                   "UTC, UTC+07:00 or an IANA name such as Asia/Ho_Chi_Minh")
        self._range_text = (self._date_text(request.start), self._date_text(request.end))
        self.from_field = self._date_field("exportFrom", self._range_text[0], "first event")
        self.to_field = self._date_field("exportTo", self._range_text[1], "last event")
        self.match_field = self._named(QLineEdit(request.view.query), "exportMatch")
        self.match_field.setPlaceholderText("No search: every event at full strength")
        self.match_field.setToolTip("Events that do not match are dimmed, as in the window's search")
        self.lanes_list = self._named(QListWidget(), "exportLanes")
        for lane in timeline.lanes:
            item = QListWidgetItem(lane.title)  # plain text: a lane's title is never markup
            item.setData(Qt.ItemDataRole.UserRole, lane.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            hidden = lane.id in request.view.hidden_lanes
            item.setCheckState(Qt.CheckState.Unchecked if hidden else Qt.CheckState.Checked)
            self.lanes_list.addItem(item)

        # Each line of words: empty takes the default (the placeholder says which), "None" leaves the line out.
        self.title_field, self.no_title_box = self._words("exportTitle", request.title, timeline.title)
        self.subtitle_field, self.no_subtitle_box = self._words(
            "exportSubtitle", request.subtitle, "Automatic: the range, the event count, what is filtered")
        self.credit_field, self.no_credit_box = self._words(
            "exportCredit", request.credit, default_credit(timeline) or "No sources to credit")
        self.legend_box = self._named(QComboBox(), "exportLegend")
        for legend in LEGENDS:
            self.legend_box.addItem(LEGEND_NAMES[legend], legend)
        self.legend_box.setCurrentIndex(LEGENDS.index(request.legend))
        self.theme_box = self._named(QComboBox(), "exportTheme")
        for theme in THEMES:
            self.theme_box.addItem(THEME_NAMES[theme], theme)
        self.theme_box.setCurrentIndex(THEMES.index(request.theme))
        self.axis_box = self._named(QComboBox(), "exportAxis")
        self.axis_box.addItem("Automatic", "")
        for mode in AXIS_MODES:
            self.axis_box.addItem(AXIS_NAMES[mode], mode)
        self.axis_box.setCurrentIndex(max(0, self.axis_box.findData(request.axis or "")))
        self.transparent_box = self._named(QCheckBox("Trans&parent background"), "exportTransparent")
        self.transparent_box.setChecked(request.transparent)

        self._hint_timer = QTimer(self, singleShot=True, interval=HINT_DELAY_MS)
        self._lay_out()
        self._connect()
        self._on_path_field_text_changed(self.path_field.text())
        self._update_size_hint()

    # --- construction ---------------------------------------------------------------------

    @staticmethod
    def _named(widget: W, name: str) -> W:
        widget.setObjectName(name)
        return widget

    def _date_text(self, seconds: float | None) -> str:
        return "" if seconds is None else _wall_text(seconds, self._zone)

    def _words(self, name: str, value: str | None, default: str) -> tuple[QLineEdit, QCheckBox]:
        field = self._named(QLineEdit(value or ""), name)
        field.setPlaceholderText(default)
        field.setEnabled(value != "")
        none = self._named(QCheckBox("None"), name.replace("export", "exportNo"))
        none.setToolTip("Leave this line out")
        none.setChecked(value == "")
        none.toggled.connect(lambda on: field.setEnabled(not on))
        return field, none

    @staticmethod
    def _add_row(form: QFormLayout, text: str, field: QWidget, *beside: QWidget) -> None:
        """A form row whose label's mnemonic focuses `field`; widgets `beside` it share its row."""
        label = QLabel(text)
        label.setBuddy(field)
        if not beside:
            form.addRow(label, field)
            return
        row = QHBoxLayout()
        row.addWidget(field, 1)
        for widget in beside:
            row.addWidget(widget)
        form.addRow(label, row)

    def _date_field(self, name: str, text: str, placeholder: str) -> QLineEdit:
        field = self._named(QLineEdit(text), name)
        field.setPlaceholderText(placeholder)
        field.setToolTip(DATE_FORMS)
        return field

    def _lay_out(self) -> None:
        top = QFormLayout()
        self._add_row(top, "&Format:", self.format_box)
        self._add_row(top, "F&ile:", self.path_field, self.browse_button)

        size = QGroupBox("Size")
        size_form = QFormLayout(size)
        self._add_row(size_form, "&Width:", self.width_box)
        self._add_row(size_form, "Hei&ght:", self.height_box)
        self._add_row(size_form, "Scal&e:", self.scale_box)
        size_form.addRow(self.size_hint)
        shown = QGroupBox("What to show")
        shown_form = QFormLayout(shown)
        self._add_row(shown_form, "Time &zone:", self.zone_field)
        self._add_row(shown_form, "F&rom:", self.from_field)
        self._add_row(shown_form, "T&o:", self.to_field)
        self._add_row(shown_form, "&Match:", self.match_field)
        self._add_row(shown_form, "&Lanes:", self.lanes_list)
        words = QGroupBox("Words")
        words_form = QFormLayout(words)
        self._add_row(words_form, "&Title:", self.title_field, self.no_title_box)
        self._add_row(words_form, "S&ubtitle:", self.subtitle_field, self.no_subtitle_box)
        self._add_row(words_form, "Cre&dit:", self.credit_field, self.no_credit_box)
        look = QGroupBox("Look")
        look_form = QFormLayout(look)
        self._add_row(look_form, "Lege&nd:", self.legend_box)
        self._add_row(look_form, "T&heme:", self.theme_box)
        self._add_row(look_form, "Time &axis:", self.axis_box)
        look_form.addRow("", self.transparent_box)

        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(size)
        left.addWidget(words)
        left.addWidget(look)
        left.addStretch(1)
        right.addWidget(shown, 1)
        shown.setMinimumWidth(300)  # dates and lane names stay readable beside the other column
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addLayout(left, 1, 0)
        grid.addLayout(right, 1, 1)
        self.lanes_list.setMinimumHeight(80)

    def _connect(self) -> None:
        self.format_box.currentIndexChanged.connect(self._on_format_box_changed)
        self.path_field.textChanged.connect(self._on_path_field_text_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self._hint_timer.timeout.connect(self._update_size_hint)
        # What the least size depends on: the layout width, the scale, the lanes and the words around the plot.
        for signal in (self.width_box.valueChanged, self.height_box.valueChanged, self.scale_box.valueChanged,
                       self.lanes_list.itemChanged,
                       self.title_field.textChanged, self.no_title_box.toggled, self.subtitle_field.textChanged,
                       self.no_subtitle_box.toggled, self.credit_field.textChanged, self.no_credit_box.toggled,
                       self.legend_box.currentIndexChanged, self.axis_box.currentIndexChanged):
            signal.connect(self._hint_timer.start)

    # --- format and file ------------------------------------------------------------------

    def suffix(self) -> str:
        """The chosen format's file suffix, such as ".png"."""
        return str(self.format_box.currentData())

    def path(self) -> Path:
        """The file to write: the format's suffix added when the name has none of FORMATS; a bare name in the folder."""
        path = Path(self.path_field.text().strip()).expanduser()
        if path.suffix.lower() not in FORMATS:
            path = path.with_name(path.name + self.suffix())
        return path if path.is_absolute() else self.folder / path

    def _on_format_box_changed(self, index: int) -> None:
        text = self.path_field.text().strip()
        if not text:
            return
        suffix = Path(text).suffix
        stem = text[: -len(suffix)] if suffix.lower() in FORMATS else text
        self.path_field.setText(stem + self.suffix())

    def _on_path_field_text_changed(self, text: str) -> None:
        index = self.format_box.findData(Path(text.strip()).suffix.lower())
        if index >= 0 and index != self.format_box.currentIndex():
            was = self.format_box.blockSignals(True)  # the name already ends right: leave it as typed
            self.format_box.setCurrentIndex(index)
            self.format_box.blockSignals(was)

    def _on_browse_clicked(self) -> None:
        filters = [f"{description} (*{suffix})" for suffix, description in FORMATS.items()]
        chosen = filters[self.format_box.currentIndex()]
        start = str(self.path()) if self.path_field.text().strip() else str(self.folder)
        path, picked = QFileDialog.getSaveFileName(self, "Export", start, ";;".join(filters), chosen)
        if not path:
            return
        if Path(path).suffix.lower() not in FORMATS and picked in filters:
            path += list(FORMATS)[filters.index(picked)]  # some platforms' dialogs add no suffix
        self.path_field.setText(path)

    # --- reading back -----------------------------------------------------------------------

    def hidden_lanes(self) -> frozenset[str]:
        """Ids of the lanes left unticked."""
        items = (self.lanes_list.item(i) for i in range(self.lanes_list.count()))
        return frozenset(item.data(Qt.ItemDataRole.UserRole) for item in items
                         if item.checkState() != Qt.CheckState.Checked)

    def _look(self) -> ExportRequest:
        """The request with the fields that shape the page (size, lanes, words, look); range and search as given."""
        view = replace(self._base.view, hidden_lanes=self.hidden_lanes())
        return replace(self._base, view=view, width=self.width_box.value(), height=self.height_box.value() or None,
                       scale=self.scale_box.value(), transparent=self.transparent_box.isChecked(),
                       title=self._words_value(self.title_field, self.no_title_box),
                       subtitle=self._words_value(self.subtitle_field, self.no_subtitle_box),
                       credit=self._words_value(self.credit_field, self.no_credit_box),
                       legend=self.legend_box.currentData(), theme=self.theme_box.currentData(),
                       axis=self.axis_box.currentData() or None)

    @staticmethod
    def _words_value(field: QLineEdit, none: QCheckBox) -> str | None:
        """"" for a line left out, None for the default (an empty field), else the words typed."""
        return "" if none.isChecked() else field.text() or None

    def request(self) -> ExportRequest:
        """Every field as an ExportRequest; ExportError (one line) for a date, range or lane choice that cannot be."""
        look = self._look()
        if len(look.view.hidden_lanes) == len(look.timeline.lanes):
            raise ExportError("no lanes are ticked: tick at least one lane to export")
        zone = self.zone_field.text().strip()
        try:
            check_zone(zone)
        except ZoneError as exc:
            raise ExportError(f"Time zone: {exc}") from None
        start = self._seconds(self.from_field, 0, "From", zone)
        end = self._seconds(self.to_field, 1, "To", zone)
        if start is not None and end is not None and start >= end:
            raise ExportError(f"From {self.from_field.text().strip()} is not before To {self.to_field.text().strip()}")
        query = self.match_field.text()
        view = look.view
        if query != self._base.view.query:
            if self._search is None and query.strip():
                self._search = SearchIndex(look.timeline)
            match = self._search.match(query) if self._search is not None and query.strip() else None
            view = replace(view, query=query, match=match)
        return replace(look, view=view, start=start, end=end, zone=zone)

    def _seconds(self, field: QLineEdit, side: int, name: str, zone: str) -> float | None:
        """A range side in epoch seconds: the view's own while unchanged, else as `--from`/`--to` read it."""
        text = field.text().strip()
        if text == self._range_text[side]:
            return (self._base.start, self._base.end)[side]  # exact, not rounded to the minute shown
        if not text:
            return None
        try:
            date = parse_date(text)
        except DateError as exc:
            raise ExportError(f"{name}: {exc}") from None
        return range_side(date, zone, end=bool(side))  # as the command line reads `--from`/`--to`

    def least_size(self) -> tuple[int, int]:
        """The least width and height for the fields as they are, in image pixels."""
        return minimum_size(self._look())

    def _update_size_hint(self) -> None:
        width, height = self.least_size()
        self.size_hint.setText(f"At least {width:,} × {height:,} px at this scale, for these lanes and words")
        short = self.width_box.value() < width or 0 < self.height_box.value() < height
        self.size_hint.setStyleSheet("color: #b00020;" if short else "")  # Save will refuse it: say so now
        self.sizeHintChanged.emit(self.size_hint.text())
