"""The host console's 专家点评 group: where the scene goes in each entry's plan (saved for the
round), which expert speaks about the entry on stage, and the optional comment timer."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QPushButton

from judge_app.stage import show as sh
from judge_app.stage.commentary import AFTER, BEFORE, DEFAULT_COMMENT_MINUTES, OFF
from judge_app.stage.controller import StageController


class CommentaryBox(QGroupBox):
    def __init__(self, controller: StageController, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("专家点评"))
        self.controller = c = controller
        self.placement = QComboBox()
        for key, label in ((OFF, self.tr("不安排")), (BEFORE, self.tr("亮分前")), (AFTER, self.tr("亮分后"))):
            self.placement.addItem(label, key)
        self.placement.setCurrentIndex(max(0, self.placement.findData(c.show.options.commentary)))
        self.placement.currentIndexChanged.connect(lambda _i: c.set_commentary(self.placement.currentData()))
        self.speaker = QComboBox()
        self.speaker.currentIndexChanged.connect(self._speaker_chosen)
        self.timer_on = QCheckBox(self.tr("显示点评计时"))
        self.timer_on.toggled.connect(c.set_comment_timer)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.5, 30)
        self.minutes.setSingleStep(0.5)
        self.minutes.setValue(DEFAULT_COMMENT_MINUTES)
        self.minutes.setSuffix(self.tr(" 分钟"))
        self.minutes.valueChanged.connect(c.set_comment_minutes)
        self.timer_button = QPushButton(self.tr("开始/暂停点评计时"))
        self.timer_button.clicked.connect(c.toggle_comment_timer)
        lay = QFormLayout(self)
        lay.addRow(self.tr("环节位置"), self.placement)
        lay.addRow(self.tr("发言专家"), self.speaker)
        row = QHBoxLayout()
        row.addWidget(self.timer_on)
        row.addWidget(self.minutes)
        lay.addRow(row)
        lay.addRow(self.timer_button)
        self._entry: str | None = None
        self._experts: tuple = ()
        c.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """The speaker list follows the entry on stage and the anonymity switch."""
        c = self.controller
        entry = c.show.current_entry()
        experts = tuple(c.show.experts())
        if (entry, experts) != (self._entry, self._experts):
            self._entry, self._experts = entry, experts
            self.speaker.blockSignals(True)
            self.speaker.clear()
            self.speaker.addItem(self.tr("(未选择)"), None)
            for x in experts:
                self.speaker.addItem(x.label + (f" · {x.profile}" if x.profile and x.profile != x.panel else ""), x.code)
            chosen = c.show.speakers.get(entry) if entry else None
            self.speaker.setCurrentIndex(max(0, self.speaker.findData(chosen)) if chosen else 0)
            self.speaker.blockSignals(False)
        self.speaker.setEnabled(entry is not None)
        self.timer_button.setEnabled(c.show.step.scene == sh.COMMENT)

    def _speaker_chosen(self, _index: int) -> None:
        self.controller.choose_speaker(self.speaker.currentData(), self._entry)
