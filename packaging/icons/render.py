"""Render carepoint.svg to the PNG (Linux menu) and ICO (Windows) files committed beside it.

    .venv/bin/python packaging/icons/render.py
"""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(HERE / "carepoint.svg")).render(painter)
    painter.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication(sys.argv[:1])
    assert render(256).save(str(HERE / "carepoint.png"))
    assert render(256).save(str(HERE / "carepoint.ico"))
