"""The form that edits one event: fields checked as they are typed, committed changes reported."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.io.fields import check_event_fields
from desktop.model.dates import DateError, format_date, parse_date
from desktop.model.document import event_fields
from desktop.model.records import Event
from desktop.model.timeline import Timeline
from desktop.render.text_style import muted_color, plain_tooltip

FIELDS = ("title", "start", "end", "lane", "approximate", "tags", "summary", "citations")
DATE_EXAMPLES = "2019, 2019-02, 2019-02-27, 2019-02-27T18:30+07:00"
DATE_HINT = f"A date at the precision the source gives, e.g. {DATE_EXAMPLES}"
NO_EVENT = "Select an event to edit it."
NEW_EVENT = "New event: it joins the timeline once it has a title and a date."
QUOTE_SHOWN = 160  # characters of a quote shown in the list; the tooltip has all of it
PROBLEM_COLOR = "#c0392b"
# A message names its field first, as the loader's paths do ("start: …", "citations[0].quote: …").
_FIELD_AT_START = re.compile(r"^(" + "|".join(FIELDS) + r")\b")

Check = Callable[[Mapping[str, object], Timeline], list[str]]


def problem_field(message: str) -> str | None:
    """Which field a checker's message is about, when it says so first."""
    match = _FIELD_AT_START.match(message)
    return match.group(1) if match else None


class EventEditor(QWidget):
    """Title, dates, lane, tags, summary and citations of one event, validated as typed."""

    # Event id and the changed fields. A new event's id is "" and it sends all its fields (on each
    # valid commit, until the app shows the event it added).
    fieldsEdited = Signal(str, dict)

    def __init__(self, parent: QWidget | None = None, check: Check = check_event_fields) -> None:
        super().__init__(parent)
        self.setObjectName("eventEditor")
        self._check = check
        self._timeline: Timeline | None = None
        self._event_id: str | None = None  # "" while a new event is drafted
        self._committed: dict[str, object] = {}
        self._citations: list[dict[str, object]] = []
        self._problems: list[str] = []
        self._showing = False  # set while fields are filled in by code: no signal then

        self._title = self._line_edit("editorTitle", "What happened, in a few words")
        self._start = self._line_edit("editorStart", "e.g. 2019, 2019-02, 2019-02-27")
        self._end = self._line_edit("editorEnd", "Optional: same forms as the start")
        for date_field in (self._start, self._end):
            date_field.setToolTip(plain_tooltip(DATE_HINT))
        self._approximate = QCheckBox("Approximate date")
        self._approximate.setObjectName("editorApproximate")
        self._approximate.setToolTip("The source gives no exact date: the event is drawn as circa")
        self._approximate.toggled.connect(self._on_field_committed)
        self._lane = QComboBox()
        self._lane.setObjectName("editorLane")
        self._lane.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._lane.setMinimumContentsLength(8)
        self._lane.currentIndexChanged.connect(self._on_field_committed)
        self._tags = self._line_edit("editorTags", "Comma-separated")
        self._summary = QPlainTextEdit()
        self._summary.setObjectName("editorSummary")
        self._summary.setPlaceholderText("What the sources say happened")
        self._summary.setTabChangesFocus(True)
        self._summary.setMinimumHeight(self._summary.fontMetrics().lineSpacing() * 4 + 12)
        self._summary.textChanged.connect(self._on_field_edited)
        self._summary.installEventFilter(self)
        self._citation_list = QListWidget()
        self._citation_list.setObjectName("editorCitations")
        self._citation_list.setWordWrap(True)
        self._citation_list.setAlternatingRowColors(True)  # wrapped rows need telling apart
        self._citation_list.setSpacing(2)
        self._citation_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._citation_list.setMinimumHeight(self._citation_list.fontMetrics().lineSpacing() * 4 + 8)
        self._citation_list.currentRowChanged.connect(self._on_citations_currentRowChanged)
        self._remove = QPushButton("Remove citation")
        self._remove.setObjectName("editorRemoveCitation")
        self._remove.setToolTip("Remove the selected citation from this event")
        self._remove.clicked.connect(self._on_remove_clicked)

        self._context = self._label("editorContext", muted=True)
        self._dates_hint = self._label("editorDateHint", muted=True)
        self._dates_hint.setText(f"Dates: {DATE_EXAMPLES.replace(', ', ' · ')}")
        self._problems_label = self._label("editorProblems")
        palette = self._problems_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(PROBLEM_COLOR))
        self._problems_label.setPalette(palette)

        self._form = QWidget()
        form = QFormLayout(self._form)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._context)
        form.addRow("&Title", self._title)
        form.addRow("&Start", self._start)
        form.addRow("&End", self._end)
        form.addRow(self._dates_hint)
        form.addRow(self._approximate)
        form.addRow("&Lane", self._lane)
        form.addRow("Ta&gs", self._tags)
        form.addRow("Su&mmary", self._summary)
        citations = QVBoxLayout()
        citations.setContentsMargins(0, 0, 0, 0)
        citations.addWidget(self._citation_list)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self._remove)
        citations.addLayout(remove_row)
        form.addRow("Citations", citations)
        scroll = QScrollArea(self)
        scroll.setObjectName("editorScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        # Outside the scrolled form: what is wrong stays in sight wherever the person is.
        problems = QHBoxLayout()
        problems.setContentsMargins(9, 6, 9, 9)
        problems.addWidget(self._problems_label)
        layout.addLayout(problems)
        self.show_event(None)

    def shown_event(self) -> str | None:
        """Id of the event being edited ("" for a new one), or None."""
        return self._event_id

    def problems(self) -> list[str]:
        """The checker's messages about the fields as they stand."""
        return list(self._problems)

    def fields(self) -> dict[str, object]:
        """The fields as they stand in the form, under the Document's names."""
        text = self._end.text().strip()
        return {
            "title": self._title.text(),
            "start": self._start.text().strip(),
            "end": text or None,
            "lane": self._lane.currentData() or "",
            "approximate": self._approximate.isChecked(),
            "tags": [tag.strip() for tag in self._tags.text().split(",") if tag.strip()],
            "summary": self._summary.toPlainText(),
            "citations": [dict(c) for c in self._citations],
        }

    def set_context(self, timeline: Timeline | None) -> None:
        """The lanes to choose from and the sources citations name; the form on show keeps its text."""
        self._timeline = timeline
        lane = self._lane.currentData()
        self._showing = True
        try:
            self._lane.clear()
            for each in timeline.lanes if timeline is not None else ():
                self._lane.addItem(each.title, each.id)
            self._select_lane(lane)
            self._fill_citations()
        finally:
            self._showing = False
        self._validate()

    def show_event(self, event: Event | None, *, context_date: str = "") -> None:
        """Edit `event` (None: nothing), with the cited article's date as context; emits nothing."""
        if event is None:
            self._show(None, {}, "")
            return
        self._show(event.id, event_fields(event), context_date)

    def show_new_event(self, fields: Mapping[str, object] | None = None, *, context_date: str = "") -> None:
        """Draft a new event from `fields` (e.g. a citation and a lane); nothing else is suggested."""
        self._show("", dict(fields or {}), context_date)

    def _show(self, event_id: str | None, fields: Mapping[str, object], context_date: str) -> None:
        self._event_id = event_id
        self._showing = True
        try:
            tags: Any = fields.get("tags") or []
            texts = {
                self._title: fields.get("title"), self._start: fields.get("start"), self._end: fields.get("end"),
                self._tags: ", ".join(str(tag) for tag in tags),
            }
            for edit, text in texts.items():
                # Unchanged text is left alone: the app shows the event again after each edit,
                # and the person's cursor and undo history in a field should survive that.
                if edit.text() != str(text or ""):
                    edit.setText(str(text or ""))
                    edit.setCursorPosition(0)  # a long title shows its beginning
            self._approximate.setChecked(bool(fields.get("approximate", False)))
            self._select_lane(fields.get("lane"))
            summary = str(fields.get("summary") or "")
            if self._summary.toPlainText() != summary:
                self._summary.setPlainText(summary)
            cited: Any = fields.get("citations") or []
            self._citations = [dict(c) for c in cited]
            self._fill_citations()
        finally:
            self._showing = False
        self._form.setEnabled(event_id is not None)
        self._committed = self.fields() if event_id else {}
        self._context.setText(self._context_text(event_id, context_date))
        self._context.setVisible(bool(self._context.text()))
        if event_id is None:
            self._set_problems([])
        else:
            self._validate()

    def _context_text(self, event_id: str | None, context_date: str) -> str:
        lines = [NO_EVENT] if event_id is None else [NEW_EVENT] if event_id == "" else []
        if context_date and event_id is not None:
            try:
                shown = format_date(parse_date(context_date))
            except DateError:
                shown = context_date
            lines.append(f"Article published {shown}")
        return "\n".join(lines)

    def _select_lane(self, lane: object) -> None:
        index = self._lane.findData(lane) if lane else -1
        self._lane.setCurrentIndex(index if index >= 0 else (0 if lane is None and self._lane.count() else -1))

    def _fill_citations(self) -> None:
        """One plain-text row per citation: source title · ¶N · “quote”."""
        sources = self._timeline.source_index if self._timeline is not None else {}
        self._citation_list.clear()
        for citation in self._citations:
            source_id = str(citation.get("source", ""))
            source = sources.get(source_id)
            parts = [source.title if source is not None else source_id, f"¶{citation.get('paragraph')}"]
            quote = citation.get("quote")
            full = " · ".join([*parts, f"“{quote}”"]) if quote else " · ".join(parts)
            if isinstance(quote, str) and len(quote) > QUOTE_SHOWN:
                quote = quote[:QUOTE_SHOWN].rstrip() + "…"
            item = QListWidgetItem(" · ".join([*parts, f"“{quote}”"]) if quote else full)
            item.setToolTip(plain_tooltip(full))
            self._citation_list.addItem(item)
        self._remove.setEnabled(False)

    def _line_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._on_field_edited)
        edit.editingFinished.connect(self._on_field_committed)
        return edit

    def _label(self, name: str, muted: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file text: never markup
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if muted:
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(muted_color(self)))
            label.setPalette(palette)
        return label

    def _validate(self) -> bool:
        """Check the fields as they stand; show what is wrong; True when nothing is."""
        if self._event_id is None or self._timeline is None:
            self._set_problems([])
            return False
        self._set_problems(self._check(self.fields(), self._timeline))
        return not self._problems

    def _set_problems(self, problems: list[str]) -> None:
        self._problems = list(problems)
        self._problems_label.setText("\n".join(self._problems))
        self._problems_label.setVisible(bool(self._problems))
        fields = {problem_field(message): message for message in reversed(self._problems)}
        for name, widget in self._inputs().items():
            message = fields.get(name)
            widget.setAccessibleDescription(message or "")
            widget.setToolTip(plain_tooltip(message) if message else "")
            if widget.property("problem") != bool(message):
                widget.setProperty("problem", bool(message))
                widget.setStyleSheet(f"border: 1px solid {PROBLEM_COLOR};" if message else "")

    def _inputs(self) -> dict[str, QWidget]:
        return {
            "title": self._title, "start": self._start, "end": self._end, "lane": self._lane,
            "approximate": self._approximate, "tags": self._tags, "summary": self._summary,
            "citations": self._citation_list,
        }

    def _on_field_edited(self) -> None:
        if not self._showing:
            self._validate()

    def _on_field_committed(self) -> None:
        """A field was left or confirmed: report what changed, if the whole event is valid."""
        if self._showing or self._event_id is None or not self._validate():
            return
        current = self.fields()
        if self._event_id == "":
            changed = current  # a new event is added whole
        else:
            changed = {name: value for name, value in current.items() if self._committed.get(name) != value}
        if changed:
            self._committed = current
            self.fieldsEdited.emit(self._event_id, changed)

    def _on_citations_currentRowChanged(self, row: int) -> None:
        self._remove.setEnabled(row >= 0 and self._event_id is not None)

    def _on_remove_clicked(self) -> None:
        row = self._citation_list.currentRow()
        if not 0 <= row < len(self._citations):
            return
        del self._citations[row]
        self._fill_citations()
        self._on_field_committed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leaving the summary commits it (it has no Enter to press)."""
        if watched is self._summary and event.type() == QEvent.Type.FocusOut:
            self._on_field_committed()
        return super().eventFilter(watched, event)
