"""Alerts raised before alerts recorded their source: link each to its record where exactly one
record fits, so it can link to it. Their reason and facts stay empty (their stored summary is
what was reported at the time; a risk assessment may have changed since)."""

from datetime import timedelta

from django.db import migrations

# A questionnaire's alert is raised in the same transaction as the response is recorded (or, in
# the synthetic history, at the response's completion time).
SAME_SAVE = timedelta(minutes=2)


def link_sources(apps, schema_editor):
    RiskAlert = apps.get_model("risk", "RiskAlert")
    MeasureResponse = apps.get_model("measures", "MeasureResponse")
    Assessment = apps.get_model("assessment", "Assessment")
    older = RiskAlert.objects.filter(reason="", source_id__isnull=True, source__in=["measure", "assessment"])
    for alert in older.iterator():
        if alert.source == "measure":
            risky = MeasureResponse.objects.filter(referral_id=alert.referral_id, has_risk=True)
            found = list(risky.filter(completed_at=alert.raised_at).values_list("pk", flat=True)[:2]) or list(
                risky.filter(
                    recorded_at__gte=alert.raised_at - SAME_SAVE, recorded_at__lte=alert.raised_at + SAME_SAVE
                ).values_list("pk", flat=True)[:2]
            )
        else:
            found = list(
                Assessment.objects.filter(referral_id=alert.referral_id, risk__isnull=False).values_list("pk", flat=True)[:2]
            )
        if len(found) == 1:
            RiskAlert.objects.filter(pk=alert.pk).update(source_id=found[0])


def unlink_sources(apps, schema_editor):
    RiskAlert = apps.get_model("risk", "RiskAlert")
    RiskAlert.objects.filter(reason="").update(source_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_draft_without_risk_section"),
        ("risk", "0003_alert_reason_facts_source"),
        ("measures", "0002_swemwbs_metric_scores"),
    ]

    operations = [migrations.RunPython(link_sources, unlink_sources)]
