"""`assessments record | list | due`: ability assessments (GB/T 42195-2022) on the command line."""

from __future__ import annotations

import argparse

from carepoint.commands import iso_date, open_for, today
from carepoint.commands._base import emit
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.visits.assessment_items import ITEMS, MAX_TOTAL
from carepoint.visits.labels import level_label


def register(commands, add_globals) -> None:

    parser = commands.add_parser("assessments", help=_("ability assessments (GB/T 42195-2022)"))
    add_globals(parser)
    sub = parser.add_subparsers(
        dest="assessments_command", metavar="ACTION", required=True, parser_class=type(parser)
    )
    record = sub.add_parser("record", help=_("record an assessment"))
    add_globals(record)
    record.add_argument("id_number")
    record.add_argument("--date", type=iso_date, help=_("the day (default: today)"))
    record.add_argument(
        "--assessors", required=True, help=_("the two assessors, e.g. 王医生,李护士")
    )
    record.add_argument(
        "--scores",
        required=True,
        help=_("the {count} item scores in the standard's order, separated by commas").format(
            count=len(ITEMS)
        ),
    )
    record.add_argument("--dementia", action="store_true", help=_("diagnosed dementia"))
    record.add_argument("--risk-events", type=int, default=0, help=_("care-risk events in 30 days"))
    record.add_argument(
        "--reason", default="routine", choices=("first", "routine", "change", "review")
    )
    record.add_argument("--notes", default="")
    annex = record.add_argument_group(_("Annex A (basic information)"))
    annex.add_argument(
        "--risk", action="append", default=[], metavar="KIND:YYYY-MM-DD",
        help=_("a care-risk event in the last 30 days (fall, wandering, choking, self_harm, "
               "other), e.g. fall:2026-11-02; repeat for each"),
    )  # fmt: skip
    annex.add_argument("--informant", default="", help=_("who gave the information"))
    annex.add_argument("--informant-relation", default="",
                       choices=("", "self", "family", "carer", "other"))  # fmt: skip
    annex.add_argument("--diseases", default="", help=_("diagnosed diseases"))
    annex.add_argument("--medicines", default="", help=_("medicines taken"))
    annex.add_argument("--coma", action="store_true", help=_("the person is in a coma"))
    annex.add_argument(
        "--psychiatric", default="", help=_("another diagnosed psychiatric disorder, by name")
    )
    record.set_defaults(handler=run_record)

    history = sub.add_parser("list", help=_("a resident's assessments, latest first"))
    add_globals(history)
    history.add_argument("id_number")
    history.set_defaults(handler=run_list)

    due = sub.add_parser("due", help=_("residents due a reassessment"))
    add_globals(due)
    due.set_defaults(handler=run_due)


def _scores(text: str) -> dict[str, int]:
    parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
    if len(parts) != len(ITEMS) or not all(p.isdigit() for p in parts):
        raise UserInputError(
            _("Give {count} whole-number scores separated by commas; got {found}").format(
                count=len(ITEMS), found=len(parts)
            )
        )
    return {item.code: int(p) for item, p in zip(ITEMS, parts, strict=True)}


def _risks(texts: list[str]) -> tuple:
    import datetime as dt

    found = []
    for text in texts:
        kind, _sep, day = text.replace("：", ":").partition(":")
        try:
            found.append((kind.strip(), dt.date.fromisoformat(day.strip())))
        except ValueError:
            raise UserInputError(
                _(
                    "Write a care-risk event as KIND:YYYY-MM-DD, e.g. fall:2026-11-02; got {value}"
                ).format(value=text)
            ) from None
    return tuple(found)


def run_record(args: argparse.Namespace) -> int:
    from carepoint.residents import find_by_id_number
    from carepoint.visits.assessments import AssessmentInput, assessments_of, record_assessment

    scores = _scores(args.scores)
    names = [n.strip() for n in args.assessors.replace("，", ",").split(",")]
    first, second = (names + ["", ""])[:2] if len(names) <= 2 else ("", "")
    store = open_for(args)
    try:
        resident = find_by_id_number(args.id_number)
        data = AssessmentInput(
            args.date or today(), first, second, scores, args.dementia, args.risk_events,
            args.reason, args.notes, _risks(args.risk), args.informant,
            args.informant_relation, args.diseases, args.medicines, args.coma, args.psychiatric,
        )  # fmt: skip
        record_assessment(store, resident.id, data, today=today())
        latest = next(
            a for a in assessments_of(store, resident.id) if a.assessed_on == data.assessed_on
        )
    finally:
        store.close()
    emit(
        args,
        {"id_number": resident.id_number, "name": resident.name,
         "date": latest.assessed_on.isoformat(), "total": latest.total, "level": latest.level},
        _("{name}: {total} of {max} points, {level}").format(
            name=resident.name, total=latest.total, max=MAX_TOTAL, level=level_label(latest.level)
        ),
    )  # fmt: skip
    return 0


def run_list(args: argparse.Namespace) -> int:
    from carepoint.residents import find_by_id_number
    from carepoint.visits.assessments import assessments_of

    store = open_for(args)
    try:
        resident = find_by_id_number(args.id_number)
        found = assessments_of(store, resident.id)
    finally:
        store.close()
    payload = [
        {"date": a.assessed_on.isoformat(), "total": a.total, "base_level": a.base_level,
         "level": a.level, "assessors": [a.assessor_1, a.assessor_2], "scores": a.scores,
         "risk_events": [{"kind": k, "date": d.isoformat()} for k, d in a.annex.risk_detail],
         "informant": a.annex.informant, "informant_relation": a.annex.informant_relation,
         "diseases": a.annex.diseases, "medicines": a.annex.medicines, "coma": a.annex.coma,
         "psychiatric": a.annex.psychiatric}
        for a in found
    ]  # fmt: skip
    lines = [
        f"{format_date(a.assessed_on)}  {a.total}/{MAX_TOTAL}  {level_label(a.level)}"
        for a in found
    ] or [_("{name} has not been assessed").format(name=resident.name)]
    emit(args, payload, "\n".join(lines))
    return 0


def run_due(args: argparse.Namespace) -> int:
    from carepoint.visits.assessments import reassessments_due

    store = open_for(args)
    try:
        found = reassessments_due(store, today())
    finally:
        store.close()
    payload = [
        {"resident": r.name, "group": r.group_name, "last_assessed": r.last_assessed.isoformat(),
         "level": r.level, "due_date": r.due_date.isoformat(), "change": r.because_of_change}
        for r in found
    ]  # fmt: skip
    lines = [
        _("{name} ({group}): last assessed {date}, due {due}").format(
            name=r.name,
            group=r.group_name or "—",
            date=r.last_assessed.isoformat(),
            due=r.due_date.isoformat(),
        )  # fmt: skip
        for r in found
    ]
    lines.append(_("{count} residents due a reassessment").format(count=len(found)))
    emit(args, payload, "\n".join(lines))
    return 0
