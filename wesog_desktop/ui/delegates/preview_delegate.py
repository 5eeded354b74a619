"""Paints column 0: the thumbnail, and a thin mark of the row's state at its left edge.

It paints what the model gives (``DecorationRole``, ``Roles.ROW_STATE``) and never fetches.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from wesog_desktop.ui.cell_style import STATE_COLOURS, Roles

Index = QModelIndex | QPersistentModelIndex
MARK_WIDTH = 4
PLACEHOLDER = QColor("#eceff3")


class PreviewDelegate(QStyledItemDelegate):
    """Thumbnail centred in the cell; state mark on the left; a calm box while none is there."""

    def __init__(self, thumb_size: int = 48) -> None:
        super().__init__()
        self.thumb_size = thumb_size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.icon = type(opt.icon)()  # draw the background and selection only
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        painter.save()
        colour = STATE_COLOURS.get(index.data(Roles.ROW_STATE))
        if colour is not None:
            painter.fillRect(QRect(rect.left(), rect.top() + 2, MARK_WIDTH, rect.height() - 4), colour)
        size = min(self.thumb_size, rect.height() - 4, rect.width() - MARK_WIDTH - 6)
        box = QRect(0, 0, size, size)
        box.moveCenter(rect.center())
        box.moveLeft(box.left() + MARK_WIDTH // 2)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            scaled = pixmap.size().scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(target, pixmap)
        else:
            painter.fillRect(box.adjusted(4, 4, -4, -4), PLACEHOLDER)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self.thumb_size + MARK_WIDTH + 8, self.thumb_size + 4)
