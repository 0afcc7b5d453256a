"""The appointment moves from the treatment app to this one, keeping its rows.

The state is created here pointing at the existing tables; treatment's 0002 drops the model
from its own state without touching the database; 0002 here renames the tables.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('clients', '0002_contactattempt'),
        ('treatment', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='HistoricalAppointment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('01', 'Assessment'), ('02', 'Treatment'), ('03', 'Assessment and treatment'), ('05', 'Review and treatment')], max_length=2, verbose_name='type')),
                ('starts_at', models.DateTimeField(verbose_name='date and time')),
                ('duration_minutes', models.PositiveSmallIntegerField(default=45, verbose_name='length (minutes)')),
                ('mode', models.CharField(choices=[('01', 'Face to face'), ('02', 'Telephone'), ('05', 'E-mail'), ('09', 'Text message (asynchronous)'), ('10', 'Instant messaging'), ('11', 'Video'), ('98', 'Other')], default='01', max_length=2, verbose_name='how')),
                ('attendance', models.CharField(blank=True, choices=[('2', 'Cancelled by or for the client'), ('3', 'Did not attend'), ('4', 'Cancelled or postponed by the service'), ('5', 'Attended on time'), ('6', 'Arrived late but was seen'), ('7', 'Arrived late and could not be seen')], max_length=1, verbose_name='attendance')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('practitioner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='practitioner')),
                ('referral', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='clients.referral')),
            ],
            options={
                'verbose_name': 'historical appointment', 'db_table': 'treatment_historicalappointment',
                'verbose_name_plural': 'historical appointments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Appointment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('01', 'Assessment'), ('02', 'Treatment'), ('03', 'Assessment and treatment'), ('05', 'Review and treatment')], max_length=2, verbose_name='type')),
                ('starts_at', models.DateTimeField(verbose_name='date and time')),
                ('duration_minutes', models.PositiveSmallIntegerField(default=45, verbose_name='length (minutes)')),
                ('mode', models.CharField(choices=[('01', 'Face to face'), ('02', 'Telephone'), ('05', 'E-mail'), ('09', 'Text message (asynchronous)'), ('10', 'Instant messaging'), ('11', 'Video'), ('98', 'Other')], default='01', max_length=2, verbose_name='how')),
                ('attendance', models.CharField(blank=True, choices=[('2', 'Cancelled by or for the client'), ('3', 'Did not attend'), ('4', 'Cancelled or postponed by the service'), ('5', 'Attended on time'), ('6', 'Arrived late but was seen'), ('7', 'Arrived late and could not be seen')], max_length=1, verbose_name='attendance')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('practitioner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to=settings.AUTH_USER_MODEL, verbose_name='practitioner')),
                ('referral', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='clients.referral')),
            ],
            options={
                'verbose_name': 'appointment', 'db_table': 'treatment_appointment',
                'ordering': ['starts_at'],
                'indexes': [models.Index(fields=['referral', 'starts_at'], name='appointment_referral_idx'), models.Index(fields=['practitioner', 'starts_at'], name='appointment_practitioner_idx')],
            },
        ),
    ],
            database_operations=[],
        ),
    ]
