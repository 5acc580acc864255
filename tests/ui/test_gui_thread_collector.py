"""Python's cycle collector runs on the GUI thread only (ui/qt_setup.GuiThreadCollector): left
to itself it runs in whichever thread crosses its thresholds, and a worker that collected a
closed window there aborted the process ("Fatal Python error: Aborted" in the automatic backup's
worker)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget


def test_collections_happen_on_the_gui_thread_even_when_a_worker_allocates(qtbot):
    assert not gc.isenabled()  # the prepared application collects on its own timer
    where = []

    def heard(phase, _info):
        if phase == "start":
            where.append(threading.current_thread() is threading.main_thread())

    window = QWidget()
    window.itself = window  # a closed window caught in a cycle: garbage for the collector
    del window
    gc.callbacks.append(heard)
    try:
        kept = []

        def allocate():  # a worker making many container objects that live on, as an import does
            kept.extend([n] for n in range(200_000))

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert gc.get_count()[0] > gc.get_threshold()[0]  # past the point of a collection
        qtbot.waitUntil(lambda: bool(where), timeout=5_000)  # the GUI thread's timer collects
    finally:
        gc.callbacks.remove(heard)
        kept.clear()
    assert all(where), where  # never on the worker
