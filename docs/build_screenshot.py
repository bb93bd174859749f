"""docs/build.png: a timeline built in the window from the article, as README's "Build a timeline" shows it.

Run by `make screenshot`. It starts from the article's paragraphs (those of the default
dataset's source), makes three events from quoted words through the window's own commands,
and grabs the window. Offscreen: no display needed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

EVENTS = [  # paragraph, the words quoted, title, date at the precision the words give
    (18, "the first Trump-Kim summit held in June 2018", "First summit, Singapore", "2018-06"),
    (6, "The two leaders met in Hanoi, Vietnam, for the two-day summit this week", "Second summit in Hanoi",
     "2019-02"),
    (2, "Kim’s vow for a third meeting", "KCNA reports Kim’s vow", "2019-03-01"),
]


def main(out: Path) -> None:
    """Build, show and grab."""
    app = QApplication(sys.argv[:1])
    from desktop import create_window
    from desktop.io.article_text import timeline_from_article
    from desktop.io.open import open_timeline
    from desktop.io.resources import default_events_path
    from desktop.io.writers import atomic_write, encode_pieces

    article = open_timeline(default_events_path()).sources[0]
    folder = Path(tempfile.mkdtemp())
    path = folder / "kim-vows.json"
    new = timeline_from_article("\n".join(article.paragraphs), title=article.title, published="2019-03-01")
    atomic_write(path, encode_pieces(new, "json"))
    window = create_window(path)
    window.setGeometry(0, 0, 1360, 820)
    window.show()
    QTest.qWaitForWindowExposed(window)
    source = window.timeline.sources[0]
    window.article_dock.show()
    for paragraph, quote, title, date in EVENTS:
        window.article_view.show_source(source, [])
        start = source.paragraphs[paragraph - 1].index(quote)
        window.article_view.select_text(paragraph, start, start + len(quote))
        window.commands.new_event_from_selection.trigger()
        for name, text in (("editorTitle", title), ("editorStart", date)):
            field = window.findChild(QLineEdit, name)
            field.setFocus()
            field.insert(text)  # typed; keyClicks takes ASCII only
            QTest.keyClick(field, Qt.Key.Key_Return)
    window.table_dock.show()
    window.editor_dock.raise_()
    window.resizeDocks([window.table_dock], [150], Qt.Orientation.Vertical)
    window.view.fit_all()
    quote = "calling talks over the two-day summit “productive”"
    start = source.paragraphs[1].index(quote)
    window.article_view.select_text(2, start, start + len(quote))  # the next quote, about to be cited
    QTest.qWait(300)  # layouts settle before the grab (a script, not a test)
    window.grab().save(str(out))
    window.documents.undo_stack.setClean()  # nothing to ask about on close
    window.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/build.png"))
