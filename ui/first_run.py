"""The first-run wizard: what this PC is (a village care point or a township office), where, which
region's rules (and, for a village, optionally its township's enrollment file), and the first
administrator. On a data folder set up from the command line (which has no accounts yet) only the
administrator page is shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from carepoint import rules, users
from carepoint.db import Store
from carepoint.errors import CarePointError
from carepoint.exchange.setup import ExchangeSetup
from carepoint.exchange.setup import prepare as prepare_exchange
from carepoint.i18n import _, current_locale
from carepoint.session import Session
from carepoint.setup import check_code, initialise

from ui.exchange.folder_chooser import choose_enrollment_file


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    return label


class RolePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(_("Welcome to CarePoint"))
        self.setSubTitle(_("Where is this computer used?"))
        self.village = QRadioButton(_("At a village care point (互助幸福院, 颐养之家 …)"))
        self.township = QRadioButton(_("At the township civil-affairs office"))
        self.village.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.village)
        layout.addWidget(self.township)

    @property
    def role(self) -> str:
        return "township" if self.township.isChecked() else "village"


class PlacePage(QWizardPage):
    def __init__(self, role_page: RolePage):
        super().__init__()
        self.role_page = role_page
        self.code = QLineEdit()
        self.code.setMaxLength(12)
        self.code_error = _error_label()
        # A new cadre rarely knows the code by heart: say where it is written down.
        self.code_hint = QLabel()
        self.code_hint.setWordWrap(True)
        self.code_hint.setObjectName("cardTitle")
        self.name = QLineEdit()
        self.township = QLineEdit()
        self.county = QLineEdit()
        self.form = QFormLayout(self)
        self.form.addRow(_("Division code"), self.code)
        self.form.addRow("", self.code_error)
        self.form.addRow("", self.code_hint)
        self.form.addRow(_("Village name"), self.name)
        self.form.addRow(_("Township"), self.township)
        self.form.addRow(_("County"), self.county)
        self.code.textChanged.connect(self._code_changed)
        self.name.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        village = self.role_page.role == "village"
        self.setTitle(_("The village") if village else _("The township"))
        self.setSubTitle(
            _("The 12-digit statistical division code of the village, and its name.")
            if village
            else _("The 9-digit statistical division code of the township, and its name.")
        )
        self.code_hint.setText(
            _("The 12-digit code (统计用区划代码) is on the village committee's seal registration "
              "papers and on forms from the township; the township's civil affairs office can "
              "tell you. Its first two digits choose your province's rules.")
            if village
            else _("The 9-digit code is the first nine digits of any of its villages' 12-digit "
                   "codes (统计用区划代码); the county's civil affairs bureau can tell you.")
        )  # fmt: skip
        self.form.setRowVisible(self.township, village)
        self.form.labelForField(self.name).setText(
            _("Village name") if village else _("Township name")
        )
        self._code_changed()

    def code_problem(self) -> str | None:
        try:
            check_code(self.code.text(), self.role_page.role)
        except CarePointError as error:
            return error.message
        return None

    def _code_changed(self) -> None:
        # Say nothing while the field is empty: an error before typing reads as a scolding.
        problem = self.code_problem() if self.code.text().strip() else None
        self.code_error.setText(problem or "")
        self.code_error.setVisible(bool(problem))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.code_problem() is None and bool(self.name.text().strip())


class RulesPage(QWizardPage):
    """The region's rules, and (optional) the township's enrollment file to join it now."""

    def __init__(self, place_page: PlacePage):
        super().__init__()
        self.place_page = place_page
        self.setTitle(_("Local rules and the township"))
        self.setSubTitle(
            _("Subsidies, meal prices and visit frequencies follow the rules of your region.")
        )
        self.preset = QComboBox()
        for key, preset in rules.presets().items():
            self.preset.addItem(preset.label, key)
        self.enrollment = QLineEdit()
        self.enrollment.setReadOnly(True)
        self.enrollment.setPlaceholderText(_("optional: join later on the data exchange page"))
        self.choose_button = QPushButton(_("Choose…"))
        self.enrollment_error = _error_label()
        self.exchange = ExchangeSetup("village")
        file_row = QHBoxLayout()
        file_row.addWidget(self.enrollment, 1)
        file_row.addWidget(self.choose_button)
        form = QFormLayout(self)
        form.addRow(_("Rules of"), self.preset)
        self.two_person = QCheckBox(
            _("Two people for money: the account that approves a month's subsidies is not the"
              " one that computed or reviewed them")
        )  # fmt: skip
        form.addRow(self.two_person)
        explanation = QLabel(
            _("The township office gives each village an enrollment file. With it, this care"
              " point can send its data to the township on a USB drive.")
        )  # fmt: skip
        explanation.setWordWrap(True)
        form.addRow(explanation)
        form.addRow(_("Enrollment file"), file_row)
        form.addRow("", self.enrollment_error)
        self.choose_button.clicked.connect(self.choose_enrollment)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Offer the preset of the village code's province (the national template elsewhere)."""
        found = self.preset.findData(rules.preset_for_code(self.place_page.code.text()))
        if found >= 0:
            self.preset.setCurrentIndex(found)

    def choose_enrollment(self) -> None:
        path = choose_enrollment_file(self)
        if path:
            self.enrollment.setText(str(path))
            self.enrollment_error.clear()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        """An enrollment file must be readable and for this village; nothing is written yet."""
        path = self.enrollment.text().strip()
        try:
            self.exchange = prepare_exchange("village", Path(path) if path else None,
                                             self.place_page.code.text())  # fmt: skip
        except CarePointError as error:
            self.enrollment_error.setText(error.message)
            return False
        return True


class AdministratorPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(_("The first administrator"))
        self.setSubTitle(
            _("This account manages the others. The password needs at least {count} characters.")
            .format(count=users.MIN_PASSWORD_LENGTH)
        )  # fmt: skip
        self.username = QLineEdit()
        self.username.setMaxLength(users.MAX_USERNAME_LENGTH)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeated = QLineEdit()
        self.repeated.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = _error_label()
        form = QFormLayout(self)
        form.addRow(_("Username"), self.username)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.repeated)
        form.addRow("", self.message)
        for edit in (self.username, self.password, self.repeated):
            edit.textChanged.connect(self._changed)

    def problem(self) -> str | None:
        return users.username_problem(self.username.text()) or users.password_problem(
            self.password.text(), self.repeated.text()
        )

    def _changed(self) -> None:
        # Only speak up once the user has reached the last field.
        self.message.setText((self.problem() or "") if self.repeated.text() else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.problem() is None


class FirstRunWizard(QWizard):
    """After `accept`, `store` is the open data folder and `session` its signed-in administrator."""

    def __init__(self, data_dir: Path, store: Store | None = None, parent=None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.store = store
        self.session: Session | None = None
        self.setWindowTitle(_("Set up CarePoint"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.role_page = RolePage()
        self.place_page = PlacePage(self.role_page)
        self.rules_page = RulesPage(self.place_page)
        self.admin_page = AdministratorPage()
        if store is None:
            self.addPage(self.role_page)
            self.addPage(self.place_page)
            self.addPage(self.rules_page)
        self.admin_page_id = self.addPage(self.admin_page)
        self.resize(640, 460)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        if self.currentPage() is self.place_page and self.role_page.role == "township":
            return self.admin_page_id
        return super().nextId()

    def accept(self) -> None:
        admin = self.admin_page
        if admin.problem():
            return
        username = admin.username.text().strip()
        try:
            if self.store is None:
                self.store = self._set_up(username)
            self.store.actor = username
            users.create_account(self.store, username, admin.password.text(), "administrator")
        except CarePointError as error:
            admin.message.setText(error.message)
            return
        self.session = Session(username, "administrator")
        super().accept()

    def _set_up(self, username: str) -> Store:
        place, role = self.place_page, self.role_page.role
        store = initialise(
            self.data_dir,
            code=place.code.text(),
            name=place.name.text(),
            township=place.township.text() if role == "village" else "",
            county=place.county.text(),
            role=role,
            actor=username,
        )
        chosen = {"language": current_locale()}
        if role == "village":
            chosen["rules_preset"] = self.rules_page.preset.currentData()
            chosen["subsidies_two_person"] = "1" if self.rules_page.two_person.isChecked() else "0"
        store.set_settings(chosen)
        if role == "village":
            self.rules_page.exchange.apply(store)  # the village's keys, and its township if chosen
        return store
