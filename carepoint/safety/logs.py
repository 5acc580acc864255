"""The log file: logs/carepoint.log in the data folder, rotated at 1 MB, five kept. Messages say
what the program did, never about whom: every long number (ID, phone, bank account) is masked
on the way out, tracebacks included, in case one slips into an error message."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "carepoint.log"
MAX_BYTES = 1_000_000
KEPT = 5
# 7 or more digits in a row (an ID, phone or account number), or a number written in groups
# (138-1234-5678, 6222 0212 3456 7890); dates and times stay readable.
_LONG_NUMBER = re.compile(r"\d{7,}[Xx]?|\d{3,4}(?:[ -]\d{4}){2,}")
_handler: RotatingFileHandler | None = None


def mask_personal(text: str) -> str:
    return _LONG_NUMBER.sub("[number]", text)


class MaskingFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = mask_personal(record.message)
        return super().formatMessage(record)

    def formatException(self, exc_info) -> str:  # noqa: N802 - logging's name
        return mask_personal(super().formatException(exc_info))


def start_logging(data_dir: Path) -> Path | None:
    """Send CarePoint's log to this data folder (the last one opened); None if it cannot."""
    global _handler
    path = Path(data_dir) / "logs" / LOG_FILE
    if _handler is not None and Path(_handler.baseFilename) == path.resolve():
        return path
    stop_logging()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=KEPT,
                                      encoding="utf-8", delay=True)
    except OSError:
        return None  # a read-only data folder still opens; it just keeps no log
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("carepoint")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _handler = handler
    return path


def stop_logging() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger("carepoint").removeHandler(_handler)
        _handler.close()
        _handler = None
