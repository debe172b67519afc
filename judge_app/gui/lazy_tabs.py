"""Tabs whose pages are built the first time they are shown or asked for.

Why: building every page of the workspace up front (each reading its part of the contest, the
results page ranking every round) was most of the window's start-up, for pages nobody has looked
at yet. A page built later reads the contest as it is then, so it shows the same as if it had
been built at the start and kept current.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs(QTabWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._factories: dict[int, Callable[[], QWidget]] = {}  # tab index → how to build its page
        self.currentChanged.connect(self._build_current)

    def add_lazy_tab(self, factory: Callable[[], QWidget], title: str) -> int:
        """A tab whose page `factory()` builds when the tab is first shown or `page(index)` is asked."""
        index = self.addTab(QWidget(), title)
        self._factories[index] = factory
        return index

    def is_built(self, index: int) -> bool:
        return index not in self._factories

    def page(self, index: int) -> QWidget:
        """The tab's page, built now if it was not yet (its placeholder replaced in place)."""
        factory = self._factories.pop(index, None)
        if factory is None:
            return self.widget(index)
        page = factory()
        placeholder, title, current = self.widget(index), self.tabText(index), self.currentIndex()
        blocked = self.blockSignals(True)  # the same tab stays current: no page sees a change of tab
        try:
            self.removeTab(index)
            self.insertTab(index, page, title)
            self.setCurrentIndex(current)
        finally:
            self.blockSignals(blocked)
        placeholder.deleteLater()
        return page

    def _build_current(self, index: int) -> None:
        if index in self._factories:
            self.page(index)
