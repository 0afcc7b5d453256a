from django.db import migrations, models
import django.db.models.deletion


def set_service(apps, schema_editor):
    """A clinician's service is their team's; managers and admins take the installation's
    first service (until now an installation had one)."""
    User = apps.get_model("accounts", "User")
    Service = apps.get_model("accounts", "Service")
    first = Service.objects.order_by("id").first()
    for user in User.objects.select_related("team").filter(service__isnull=True):
        user.service_id = user.team.service_id if user.team_id else (first.pk if first else None)
        user.save(update_fields=["service"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="service",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="staff",
                to="accounts.service", verbose_name="service",
            ),
        ),
        migrations.RunPython(set_service, migrations.RunPython.noop),
    ]
