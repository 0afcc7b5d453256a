from django.db import migrations


class Migration(migrations.Migration):
    """Give the moved tables this app's names (reversible: AlterModelTable renames back)."""

    dependencies = [
        ("appointments", "0001_initial"),
        ("treatment", "0002_appointment_moved_to_appointments"),
    ]

    operations = [
        migrations.AlterModelTable(name="appointment", table=None),
        migrations.AlterModelTable(name="historicalappointment", table=None),
    ]
