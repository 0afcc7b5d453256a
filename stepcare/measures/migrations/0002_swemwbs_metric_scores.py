"""SWEMWBS responses stored under definition version 1 hold the raw sum (7–35) as their
total; version 2 reports the metric score (docs/clinical-definitions.md §1.17). Rescore them
so a client's history never mixes the two. The table is copied here as it stood when this
migration was written (a migration must not depend on data files that may change)."""

from django.db import migrations

RAW_TO_METRIC = {
    7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75, 14: 15.32, 15: 15.84,
    16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59, 21: 19.25, 22: 19.98, 23: 20.73, 24: 21.54,
    25: 22.35, 26: 23.21, 27: 24.11, 28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13, 32: 29.31, 33: 30.70,
    34: 32.55, 35: 35.00,
}


def to_metric(apps, schema_editor):
    MeasureResponse = apps.get_model("measures", "MeasureResponse")
    for response in MeasureResponse.objects.filter(instrument="SWEMWBS", instrument_version="1"):
        raw = int(round(response.total))
        if raw not in RAW_TO_METRIC:
            continue  # a pro-rated or incomplete total has no table entry: leave it as recorded
        results = dict(response.results or {})
        results.update({"total": RAW_TO_METRIC[raw], "raw_total": raw, "version": "2"})
        results.setdefault("subscales", {})["raw"] = raw
        response.total = RAW_TO_METRIC[raw]
        response.results = results
        response.instrument_version = "2"
        response.save(update_fields=["total", "results", "instrument_version"])


def to_raw(apps, schema_editor):
    MeasureResponse = apps.get_model("measures", "MeasureResponse")
    for response in MeasureResponse.objects.filter(instrument="SWEMWBS", instrument_version="2"):
        raw = (response.results or {}).get("raw_total")
        if raw is None:
            continue
        results = dict(response.results)
        results.update({"total": raw, "version": "1"})
        response.total = raw
        response.results = results
        response.instrument_version = "1"
        response.save(update_fields=["total", "results", "instrument_version"])


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_measure_responses_and_translations")]

    operations = [migrations.RunPython(to_metric, to_raw)]
