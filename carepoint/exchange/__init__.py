"""USB exchange between village care points and their township office (issue #8).

Nothing here imports Qt; long calls take no GUI arguments and are safe to run on a worker thread
(each opens nothing itself: pass the open Store). Errors are CarePointError subclasses with a
translated message: UserInputError (exit 2) for bad input, IntegrityError (exit 3) for damaged,
tampered, wrongly keyed or replayed packages and a wrong passphrase; in both cases nothing changed.

Every call that writes, reveals or exchanges data takes `actor=` (a Session, the signed-in account
or the command line's): permissions.require refuses a viewer, or no one, whoever calls.

Enrollment (enrollment.py, keys.py, setup.py, confirmation.py)
    enroll_village(store, village_code, village_name, out, passphrase=None, *, actor) -> Enrollment
        township: write a village's enrollment file; makes the township's keys the first time
        (then `passphrase` is required; the private keys are stored encrypted with it).
    read_enrollment(path) -> Enrollment;  enroll_from_file(store, path, *, actor) -> Enrollment
        village: join the township afterwards (first-run wizard, settings); the file's village
        code must be this care point's.  is_enrolled(store) -> bool
    keys.township_has_keys(store), keys.create_township_keys(store, passphrase)
    keys.passphrase_from_user(confirm=False, recovery=False): CAREPOINT_PASSPHRASE or a terminal
        prompt (CLI only; the GUI asks with its own dialog and passes the text).
    keys.set_recovery_passphrase(store, passphrase, *, current=None, actor): locks the village's
        signing key under it and writes the recovery file backups carry.
    confirmation: held_packages(store, code=None), confirm_village(store, code, digits,
        passphrase, *, actor), refuse_held(store, code, *, actor), own_digits(store): a village's
        first package is held until its key's fingerprint (the 入网确认单's 8×5 digits) is
        confirmed; only then is the key pinned.

Village side
    village_export.export_package(store, out_dir, today=None, progress=None, *, actor,
            passphrase=None) -> ExportResult  (passphrase: the recovery passphrase, once set)
        (path, sequence, counts, size): writes {village_code}-{yyyymmdd}-{seq}.cpkg, reads it back,
        verifies it and logs it as sent. `progress(text)` is called between steps.
    village_return.import_return(store, paths, dry_run=False, *, actor) -> ReturnResult
        a township's return package: locks approved months, adds rule updates, stores the
        township's reviews, flags and comments, and marks acknowledged packages.
    village_return.township_notes(store) -> list[Note]: the reviews, flags and comments to show.
    packages.history(store, direction=None) -> list[PackageRecord]: sent / received packages,
        with `acknowledged_at` for the village's packages the township confirmed.

Township side
    township_import.import_packages(store, paths, passphrase, dry_run=False, progress=None, *,
        actor) -> ImportResult (status "awaiting confirmation" for a held first package).
        `passphrase` is a str or a function asked only when a package must be
        opened; `progress(done, total)` after each package.
        ImportResult.packages: PackageSummary per file (status, new / changed / unchanged /
        conflicts per table); .new_flags: Flag list; .to_json() is the `sync import --json` output.
    returns.export_returns(store, out_dir, passphrase, *, actor) -> list[ReturnWritten]
        one signed return package per village with something to send.
    review.review_month(store, village_code, month, approve: bool, comment="")
    review.send_rule_update(store, area, effective_from, content, note="")
    queries.villages(store) -> list[VillageStatus]: enrolled villages, last package, residents.
    queries.month_overview(store, month) -> list[VillageMonth]: side by side per village:
        residents by status, visits due / visited / rate, meals and meal subsidies, subsidy
        totals, review state and comment.   queries.months(store) -> list[str]
    flags.open_flags(store, village_code=None) -> list[Flag]  (kind, message, detail …)
    conflicts.list_conflicts(store, open_only=True) -> list[Conflict]
    conflicts.resolve_conflict(store, conflict_id, choice)  choice: "township" keeps the
        township's copy, "village" takes the incoming version; audited, never silent.
    conflicts.correct_record(store, village_code, table, uuid, changes): a township correction
        of a village record; a later village edit of the same record becomes a conflict.

Formats: container.py (file layout), crypto.py (X25519 + HKDF-SHA256 + AES-GCM sealing,
Ed25519 signatures), schema.py (tables). The township's copy of village data lives in tw_<table>
tables keyed by (village_code, uuid), so every village stays apart and queries run side by side.
"""
