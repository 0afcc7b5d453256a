from django.db import migrations


class Migration(migrations.Migration):
    """The appointment now belongs to the appointments app (its tables stay; that app renames them)."""

    dependencies = [
        ("treatment", "0001_initial"),
        ("appointments", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalAppointment"),
                migrations.DeleteModel(name="Appointment"),
            ],
            database_operations=[],
        ),
    ]
