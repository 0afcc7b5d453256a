"""One client per NHS number and per Israeli ID within a service; identifiers stored normalised.

Before the unique constraints are added, the identifiers already stored are normalised as the
forms now do it (spaces and dashes removed, an Israeli ID of 5-8 digits padded to nine with
leading zeros: the same number in its written form). Then:

- If two clients of one service hold the same identifier, the migration changes nothing and
  stops, naming the client references (never names or numbers) of each pair. Which record is
  right is a clinical-records decision, not a migration's: correct the identifier on the wrong
  record at its "Edit details" page (this version of stepcare runs without this migration),
  then run ``stepcare migrate`` again. Deleting, merging or blanking a record silently would
  lose a referral's history or hide a person.
- Otherwise the normalised values are written and the constraints are added.

Preferred language gets its list of choices (no data change). Reversible: the reverse removes
the constraints; normalised identifiers stay normalised (they are the same numbers).
"""

import unicodedata
from collections import defaultdict

from django.db import migrations, models

# Frozen copy of stepcare.clients.identifiers.normalise_identifier as of this migration.
SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212\u05be")


def normalise(value, israeli_id=False):
    chars = []
    for char in value:
        if char.isspace() or char in SEPARATORS:
            continue
        digit = unicodedata.decimal(char, None)
        chars.append(str(digit) if digit is not None else char)
    compact = "".join(chars)
    if israeli_id and compact.isascii() and compact.isdigit() and 5 <= len(compact) < 9:
        compact = compact.zfill(9)
    return compact


class DuplicateIdentifiers(Exception):
    pass


def normalise_and_check(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    rows = (
        Client.objects.exclude(nhs_number="", israeli_id="")
        .order_by("pk")
        .values_list("pk", "service_id", "nhs_number", "israeli_id")
    )
    holders = defaultdict(list)
    changed = []
    for pk, service_id, nhs_number, israeli_id in rows.iterator(chunk_size=2000):
        new_nhs, new_il = normalise(nhs_number), normalise(israeli_id, israeli_id=True)
        if new_nhs:
            holders[("NHS number", service_id, new_nhs)].append(pk)
        if new_il:
            holders[("Israeli ID", service_id, new_il)].append(pk)
        if (new_nhs, new_il) != (nhs_number, israeli_id):
            changed.append((pk, new_nhs, new_il))
    duplicates = [(kind, service_id, pks) for (kind, service_id, _v), pks in holders.items() if len(pks) > 1]
    if duplicates:
        lines = [
            f"  service {service_id}, same {kind}: " + ", ".join(f"C-{pk:06d}" for pk in pks)
            for kind, service_id, pks in duplicates
        ]
        raise DuplicateIdentifiers(
            "\nclients 0005: these clients share an identifier within their service, so the\n"
            "constraint 'one client per identifier' cannot be added. Nothing was changed.\n"
            + "\n".join(lines)
            + "\nCorrect the identifier on the wrong record of each group (the client's 'Edit details'\n"
            "page), then run 'stepcare migrate' again."
        )
    for pk, new_nhs, new_il in changed:
        Client.objects.filter(pk=pk).update(nhs_number=new_nhs, israeli_id=new_il)
    if changed:
        print(f"\n  clients 0005: {len(changed)} stored identifier(s) normalised (spaces, dashes, leading zeros).")


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0004_referral_team_status_priority_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="client",
            name="preferred_language",
            field=models.CharField(
                choices=[("he", "Hebrew"), ("ar", "Arabic"), ("en", "English"), ("ru", "Russian"), ("am", "Amharic")],
                default="he", max_length=10, verbose_name="preferred language",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclient",
            name="preferred_language",
            field=models.CharField(
                choices=[("he", "Hebrew"), ("ar", "Arabic"), ("en", "English"), ("ru", "Russian"), ("am", "Amharic")],
                default="he", max_length=10, verbose_name="preferred language",
            ),
        ),
        migrations.RunPython(normalise_and_check, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="client",
            constraint=models.UniqueConstraint(
                condition=models.Q(("nhs_number", ""), _negated=True), fields=("service", "nhs_number"),
                name="client_nhs_number_unique_in_service",
                violation_error_message="A client with this NHS number is already registered in this service.",
            ),
        ),
        migrations.AddConstraint(
            model_name="client",
            constraint=models.UniqueConstraint(
                condition=models.Q(("israeli_id", ""), _negated=True), fields=("service", "israeli_id"),
                name="client_israeli_id_unique_in_service",
                violation_error_message="A client with this ID number is already registered in this service.",
            ),
        ),
    ]
