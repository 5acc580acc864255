"""What the visits page does with the chosen resident: the dialogs it opens. The open dialog
is kept in `self.dialog` (tests reach it there); its writes come back to the page through
`resident_saved` (one row updated) or the context's change signal."""

from __future__ import annotations


class VisitActions:
    """Mixed into VisitsPage, which provides context, can_edit, model, current_resident_id and
    resident_saved."""

    def record_visit(self) -> None:
        resident_id = self.current_resident_id()
        if resident_id is not None:
            self.record_visit_for(resident_id)

    def record_visit_for(self, resident_id: int):
        if not self.can_edit:
            return None
        from ui.visits.visit_dialog import VisitDialog

        self.dialog = VisitDialog(self.context, resident_id, parent=self)
        self.dialog.saved.connect(self.resident_saved)
        self.dialog.open()
        return self.dialog

    def open_batch_entry(self):
        if not self.can_edit:
            return None
        from ui.visits.batch_entry import BatchEntryDialog

        self.dialog = BatchEntryDialog(self.context, self.model.resident_ids(), parent=self)
        self.dialog.saved.connect(self.resident_saved)
        self.dialog.open()
        return self.dialog

    def open_assessment(self):
        resident_id = self.current_resident_id()
        return self.open_assessment_for(resident_id) if resident_id is not None else None

    def open_assessment_for(self, resident_id: int):
        if not self.can_edit:
            return None
        from ui.visits.assessment_dialog import AssessmentDialog

        self.dialog = AssessmentDialog(self.context, resident_id, parent=self)
        self.dialog.open()
        return self.dialog

    def open_history(self):
        resident_id = self.current_resident_id()
        if resident_id is None:
            return None
        from ui.visits.history_dialog import HistoryDialog

        self.dialog = HistoryDialog(self.context, resident_id, parent=self)
        self.dialog.open()
        return self.dialog

    def open_tier(self):
        resident_id = self.current_resident_id()
        if resident_id is None or not self.can_edit:
            return None
        from ui.visits.tier_dialogs import TierOverrideDialog

        self.dialog = TierOverrideDialog(self.context, resident_id, parent=self)
        self.dialog.open()
        return self.dialog

    def open_extra_visits(self):
        if not self.can_edit:
            return None
        from ui.visits.tier_dialogs import ExtraVisitsDialog

        self.dialog = ExtraVisitsDialog(self.context, parent=self)
        self.dialog.open()
        return self.dialog
