"""``stepcare instruments list [--json]`` and ``stepcare instruments load-translation FILE``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from stepcare.accounts.models import User
from stepcare.measures.catalogue import available_languages, instruments, loaded_languages
from stepcare.measures.engine import TranslationError
from stepcare.measures.services import instrument_translation_load


class Command(BaseCommand):
    help = "The instrument catalogue: list it, or load a validated translation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="list every instrument")
        listing.add_argument("--json", action="store_true")
        load = sub.add_parser("load-translation", help="load a validated translation file (.toml or .json)")
        load.add_argument("file")
        load.add_argument("--by", metavar="EMAIL", help="the staff member loading it (recorded with the translation)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list(as_json=options["json"])
        else:
            self._load(Path(options["file"]), options.get("by"))

    def _list(self, *, as_json: bool) -> None:
        try:
            loaded = loaded_languages()
        except DatabaseError:  # not migrated yet: the shipped catalogue is still worth listing
            loaded = {}
            self.stderr.write("note: database not set up; loaded translations are not listed")
        rows: list[dict[str, Any]] = []
        for ins in instruments():
            rows.append({
                "code": ins.code,
                "name": ins.name,
                "version": ins.version,
                "items": len(ins.items),
                "data_entry_only": ins.data_entry_only,
                "languages": available_languages(ins, loaded),
                "range": list(ins.total_range()),
                "caseness": None if ins.caseness is None else {
                    "comparison": ins.caseness.comparison, "value": ins.caseness.value,
                    "applies_to": ins.caseness.applies_to, "source": ins.caseness.source,
                    "verified": ins.caseness.verified,
                },
                "reliable_change": None if ins.reliable_change is None else {
                    "value": ins.reliable_change.value, "source": ins.reliable_change.source,
                    "verified": ins.reliable_change.verified,
                },
                "loinc": ins.codes.loinc or None,
                "snomed": ins.codes.snomed or None,
                "licence": ins.licence,
            })
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        for row in rows:
            case = row["caseness"]
            case_text = f"{case['comparison']}{case['value']:g}{'' if case['verified'] else '?'}" if case else "-"
            flags = " data-entry" if row["data_entry_only"] else ""
            languages = ",".join(row["languages"]) or "-"
            self.stdout.write(f"{row['code']:<9} v{row['version']:<3} caseness {case_text:<8} [{languages}]{flags}  {row['name']}")
        self.stdout.write("(? = threshold unverified)")

    def _load(self, path: Path, by: str | None) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by).first()
            if actor is None:
                raise CommandError(f"--by: no staff member with e-mail {by!r}")
        try:
            row = instrument_translation_load(actor=actor, path=path)
        except TranslationError as error:
            raise CommandError(f"refused: {error}") from error
        self.stdout.write(
            f"Loaded {row.instrument} version {row.version} in {row.language!r} "
            f"(provenance: {row.provenance}); it is now offered in that language."
        )
