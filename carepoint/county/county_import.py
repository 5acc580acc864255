"""County: importing a township's containers. Each container is checked (enrolled township, the
county's key, the township's pinned or vouched-for key, signature, number) before it is opened;
then every village package in it is checked against the village key the township lists for it
(the village's own signature over the bytes it sealed) and merged, village by village, through
the township's own merge into the same tw_<table> copies. All containers go in one transaction:
one refused village package leaves the county's data as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import audit, migrations
from carepoint.binding import uses_store
from carepoint.county.enrollment import require_county
from carepoint.county.packing import KIND, SharedSecretKey, package_from_bytes
from carepoint.db import Store
from carepoint.errors import IntegrityError, UserInputError
from carepoint.exchange import container, crypto, flags, keys, packages, tables
from carepoint.exchange.container import Package
from carepoint.exchange.township_import import PackageSummary, _check_columns, merge
from carepoint.i18n import _
from carepoint.permissions import require
from carepoint.session import Session


@dataclass
class ContainerSummary:
    file: str
    township_code: str
    township_name: str
    sequence: int
    status: str  # imported / would import / already imported / awaiting confirmation
    villages: list[PackageSummary] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"file": self.file, "township_code": self.township_code,
                "township_name": self.township_name, "sequence": self.sequence,
                "status": self.status,
                "villages": [v.to_json() for v in self.villages]}  # fmt: skip


@dataclass
class CountyImport:
    containers: list[ContainerSummary]
    new_flags: list[flags.Flag]
    dry_run: bool

    def to_json(self) -> dict:
        return {"dry_run": self.dry_run, "containers": [c.to_json() for c in self.containers],
                "flags": [f.to_json() for f in self.new_flags]}  # fmt: skip


@uses_store
def _township(store: Store, code: str):
    return store.db.execute_sql(
        "SELECT name, secret, sign_key, last_sequence, confirmed_fingerprint"
        " FROM county_township WHERE code = ?",
        [code],
    ).fetchone()


@uses_store
def verify(store: Store, package: Package) -> str:
    """'new', 'already imported' or 'awaiting confirmation' (a first container whose key no
    county clerk confirmed yet); anything else is refused (exit 3), nothing read yet."""
    if package.kind != KIND:
        raise package.refusal(_("it is not a township's container for the county"))
    found = _township(store, package.village_code)
    if found is None:
        raise package.refusal(
            _("township {code} is not enrolled with this county").format(code=package.village_code)
        )
    _name, _secret, pinned, last_sequence, confirmed = found
    _sign_public, box_public = keys.township_public(store)
    if package.manifest.get("recipient_key") != crypto.fingerprint(box_public):
        raise package.refusal(_("it was encrypted for another county's key"))
    signer = crypto.unb64(str(package.manifest["signer_key"]))
    if pinned and pinned != package.manifest["signer_key"]:
        raise package.refusal(_("it was signed with a key that is not this township's"))
    if not pinned and not isinstance(package.manifest.get("enrollment_proof"), str):
        raise package.refusal(_("its key was not vouched for by this county's enrollment"))
    if not pinned and confirmed and crypto.fingerprint_digits(signer) != confirmed:
        raise package.refusal(_("its key is not the one whose fingerprint was confirmed"))
    container.check_signed(package, signer)
    if not isinstance(package.manifest.get("carries"), list):
        raise package.refusal(_("it does not list the village packages it carries"))
    if package.manifest.get("schema_version", 0) > migrations.latest_version():
        raise UserInputError(
            _("{file} was written by a newer CarePoint; update this office's CarePoint first")
            .format(file=package.path.name)
        )  # fmt: skip
    state = packages.sequence_state(store, package, last_sequence)
    return "awaiting confirmation" if state == "new" and not pinned and not confirmed else state


@uses_store
def _village_package(store: Store, township: Package, entry: dict, item: dict) -> tuple:
    """One carried village package, checked against the township's listing and signed by the
    village key the township pinned; (package, key that opens it)."""
    code = str(entry["village_code"])
    name = f"{code}-{int(entry['sequence'])}{container.SUFFIX}"
    package = package_from_bytes(crypto.unb64(str(item["package"])), name)
    if (package.kind, package.village_code, package.sequence, package.payload_sha256) != (
        "village",
        code,
        entry["sequence"],
        entry["payload_sha256"],
    ) or package.manifest["signer_key"] != entry["signer_key"]:
        raise township.refusal(_("the village package {file} is not the one it lists")
                               .format(file=name))  # fmt: skip
    if not code.startswith(township.village_code):
        raise township.refusal(_("village {code} is not in this township").format(code=code))
    container.check_signed(package, crypto.unb64(str(entry["signer_key"])))
    township_box = crypto.unb64(str(township.manifest["box_key"]))
    if package.manifest.get("recipient_key") != crypto.fingerprint(township_box):
        raise township.refusal(_("the village package {file} was not sealed to this township")
                               .format(file=name))  # fmt: skip
    return package, SharedSecretKey(crypto.unb64(str(item["shared"])), township_box)


@uses_store
def _merge_container(store: Store, township: Package, box, summary: ContainerSummary, ours):
    payload = container.open_payload(township, box)
    code = township.village_code
    with container.applying(township):
        carried = list(zip(township.manifest["carries"], payload["packages"], strict=True))
        checked = [_village_package(store, township, e, i) for e, i in carried]
    for (entry, _item), (package, key) in zip(carried, checked, strict=True):
        village = package.village_code
        owner = store.db.execute_sql(
            "SELECT township_code FROM county_village WHERE village_code = ?", [village]
        ).fetchone()
        if owner and owner[0] != code:
            raise township.refusal(_("village {village} belongs to township {other}")
                                   .format(village=village, other=owner[0]))  # fmt: skip
        last = store.db.execute_sql(
            "SELECT last_sequence, sign_key FROM township_village WHERE code = ?", [village]
        ).fetchone()
        if last and last[1] and last[1] != entry["signer_key"]:
            # The township re-keyed the village, whose numbering restarts with its new key (as
            # at the township): the county takes the township's word and keeps a trace.
            store.db.execute_sql(
                "UPDATE exchange_package SET kind = 'village-before-rekey' WHERE direction ="
                " 'received' AND kind = 'village' AND village_code = ?",
                [village],
            )
            audit.record(store, "rekey", "township_village", village,
                         {"sign_key": (last[1], entry["signer_key"]),
                          "last_sequence": (str(last[0]), "0")})  # fmt: skip
            last = (0, entry["signer_key"])
        state = packages.sequence_state(store, package, last[0] if last else 0)
        village_summary = PackageSummary(
            package.path.name, village, str(entry.get("village_name", "")), package.sequence,
            "imported" if state == "new" else state,
        )  # fmt: skip
        summary.villages.append(village_summary)
        if state != "new":
            continue
        inner = container.open_payload(package, key)
        with container.applying(package):
            _check_columns(package, inner, ours)
            store.db.execute_sql(
                "INSERT OR IGNORE INTO township_village (code, name, enrolled_at, secret)"
                " VALUES (?, ?, ?, '')",
                [village, str(entry.get("village_name", "")), packages.now_text()],
            )
            store.db.execute_sql(
                "INSERT OR IGNORE INTO county_village (village_code, township_code) VALUES (?, ?)",
                [village, code],
            )
            merge(store, package, inner, village_summary)
        del inner
    manifest = township.manifest
    store.db.execute_sql(
        "UPDATE county_township SET sign_key = ?, box_key = ?, last_sequence = ?,"
        " last_imported_at = ? WHERE code = ?",
        [manifest["signer_key"], manifest["box_key"], township.sequence, packages.now_text(),
         code],
    )  # fmt: skip
    packages.record(store, "received", manifest, township.path.name, summary.to_json())
    audit.record(store, "import", "exchange_package", f"{code}-county-{township.sequence}",
                 {"villages": (None, len(summary.villages))})  # fmt: skip


@dataclass(frozen=True)
class _Checked:
    source: Path | Package
    path: Path
    manifest: dict
    state: str


def _load(source) -> Package:
    return source if isinstance(source, container.Package) else container.read(Path(source))


def _again(checked: _Checked) -> Package:
    """The container read once more for its merge: it must still be the very one checked."""
    package = _load(checked.source)
    signer = crypto.unb64(str(checked.manifest["signer_key"]))
    if package.manifest != checked.manifest or not package.signed_by(signer):
        raise IntegrityError(
            _("{file} changed while it was being imported; nothing was changed").format(
                file=checked.path.name
            )
        )
    return package


@uses_store
def import_containers(
    store: Store,
    paths: list[Path],
    passphrase: str | Callable[[], str],
    *,
    dry_run: bool = False,
    actor: Session | None,
) -> CountyImport:
    from carepoint.exchange.confirmation import hold

    require_county(store)
    require(actor, "exchange")
    if not paths:
        raise UserInputError(_("Name at least one package file"))
    # A county's containers run to a hundred megabytes each: each is read and checked, then let
    # go; only its manifest is kept, and it is read (and checked) again when its turn comes.
    checked = []
    for source in paths:
        package = _load(source)
        checked.append(_Checked(source, package.path, package.manifest, verify(store, package)))
        del package
    checked.sort(key=lambda c: (c.manifest["village_code"], c.manifest["sequence"]))
    summaries = [
        ContainerSummary(c.path.name, c.manifest["village_code"],
                         str(c.manifest.get("township_name", "")), c.manifest["sequence"],
                         c.state if c.state != "new" else ("would import" if dry_run
                                                           else "imported"))
        for c in checked
    ]  # fmt: skip
    todo = [(c, s) for c, s in zip(checked, summaries, strict=True) if c.state == "new"]
    held = [c for c in checked if c.state == "awaiting confirmation"]
    if not todo and not held:
        return CountyImport(summaries, [], dry_run)
    _sign, box = keys.township_keys(store, passphrase() if callable(passphrase) else passphrase)
    for c in checked:
        found = _township(store, c.manifest["village_code"])
        if c.state != "already imported" and not found[2] and not crypto.proof_matches(
            found[1], box, crypto.unb64(str(c.manifest["signer_key"])),
            c.manifest["enrollment_proof"],
        ):  # fmt: skip
            raise IntegrityError(
                _("{file} was refused: {reason}; nothing was changed").format(
                    file=c.path.name,
                    reason=_("its key was not vouched for by this county's enrollment"))
            )  # fmt: skip
    new_flags: list[flags.Flag] = []
    if todo:
        ours = tables.mirror_columns(store)
        with store.db.writing() as transaction:
            open_before = flags.open_keys(store)
            for c, summary in todo:
                package = _again(c)
                _merge_container(store, package, box, summary, ours)
                del package
            flags.refresh(store)
            new_flags = [f for f in flags.open_flags(store) if f.key not in open_before]
            if dry_run:
                transaction.rollback()
    if held and not dry_run:
        for c in held:
            hold(store, _load(c.source))
    return CountyImport(summaries, new_flags, dry_run)
