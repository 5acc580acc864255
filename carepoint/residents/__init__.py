"""The resident register: who the care point serves, their categories, carers and status."""

from carepoint.residents.bulk import NewResident, StatusStep, insert_residents
from carepoint.residents.duplicates import DuplicateHint, likely_duplicates
from carepoint.residents.fields import STATUSES, field_label, status_label
from carepoint.residents.queries import (
    AGE_BANDS,
    RegisterFilter,
    ResidentDetail,
    ResidentRow,
    count_residents,
    groups,
    list_residents,
    resident_detail,
    resident_ids,
    rows_by_ids,
)
from carepoint.residents.service import (
    InvalidResident,
    ResidentEdit,
    add_category,
    create_resident,
    end_category,
    find_by_id_number,
    save_edit,
    set_carers,
    set_status,
    update_resident,
)
from carepoint.residents.validation import (
    CarerInput,
    CategoryInput,
    FieldProblem,
    PreparedResident,
    ResidentInput,
    check_resident,
)

__all__ = [
    "ResidentEdit",
    "save_edit",
    "AGE_BANDS",
    "STATUSES",
    "CarerInput",
    "CategoryInput",
    "DuplicateHint",
    "FieldProblem",
    "InvalidResident",
    "NewResident",
    "PreparedResident",
    "RegisterFilter",
    "ResidentDetail",
    "ResidentInput",
    "ResidentRow",
    "StatusStep",
    "add_category",
    "check_resident",
    "count_residents",
    "create_resident",
    "end_category",
    "field_label",
    "find_by_id_number",
    "groups",
    "insert_residents",
    "likely_duplicates",
    "list_residents",
    "resident_detail",
    "resident_ids",
    "rows_by_ids",
    "set_carers",
    "set_status",
    "status_label",
    "update_resident",
]
