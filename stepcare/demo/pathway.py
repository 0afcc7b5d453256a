"""Synthetic assessments, decisions and appointments for generated referrals.

Called by ``stepcare.demo.synthetic`` for each batch: every referral past the
waiting stage gets an assessment with a risk assessment and a care-path
decision; booked referrals get an upcoming assessment; referrals in treatment
get attended, missed and cancelled contacts so waits and hidden waits are real.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from stepcare.accounts.models import Service, User
from stepcare.appointments.models import Appointment
from stepcare.assessment.models import Assessment, Intervention, RiskAssessment, Step, StepDecision
from stepcare.assessment.services import assessment_risk_alert_raise
from stepcare.clients.models import Referral, ReferralStatus
from stepcare.foundation.codes import AppointmentType, Attendance
from stepcare.risk.services import risk_alert_acknowledge

PROBLEM_STATEMENTS = {
    "en": [
        "Since losing my job I feel low most days, stay in bed until noon and have stopped seeing friends, so I feel more alone and useless.",
        "Since the sirens started I worry constantly about my family's safety, sleep badly and check the news all night, so I am exhausted at work.",
        "When I get on a bus my heart races and I think I will faint, so I now walk or stay home, and I have stopped visiting my mother.",
        "Since my father died I cry most days and avoid places we went together, so I have withdrawn from my family.",
    ],
    "he": [
        "מאז שפוטרתי אני מרגיש ירוד רוב הימים, נשאר במיטה עד הצהריים והפסקתי לפגוש חברים, ולכן אני מרגיש עוד יותר לבד וחסר ערך.",
        "מאז שהתחילו האזעקות אני דואגת כל הזמן לביטחון המשפחה, ישנה רע ובודקת חדשות כל הלילה, ולכן אני מותשת בעבודה.",
        "כשאני עולה לאוטובוס הלב שלי דופק ואני חושבת שאתעלף, ולכן אני הולכת ברגל או נשארת בבית והפסקתי לבקר את אמא.",
        "מאז שאבי נפטר אני בוכה רוב הימים ונמנע ממקומות שהיינו בהם יחד, ולכן התרחקתי מהמשפחה.",
    ],
    "ar": [
        "منذ أن فقدت عملي أشعر بالإحباط معظم الأيام، وأبقى في السرير حتى الظهر وتوقفت عن رؤية أصدقائي، لذلك أشعر بوحدة أكبر وبأنني بلا قيمة.",
        "منذ أن بدأت صفارات الإنذار أقلق باستمرار على سلامة عائلتي، وأنام بشكل سيئ وأتابع الأخبار طوال الليل، لذلك أنا منهكة في العمل.",
        "عندما أركب الحافلة يتسارع قلبي وأظن أنني سأفقد الوعي، لذلك أمشي أو أبقى في البيت وتوقفت عن زيارة أمي.",
    ],
}
RATIONALE = {
    "en": ("Mild to moderate symptoms; motivated for a structured approach.", "Prefers weekly sessions by phone."),
    "he": ("תסמינים קלים עד בינוניים; מוטיבציה לעבודה מובנית.", "מעדיף/ה מפגשים שבועיים בטלפון."),
    "ar": ("أعراض خفيفة إلى متوسطة؛ دافعية للعمل المنظّم.", "يفضّل/تفضّل جلسات أسبوعية عبر الهاتف."),
}
GOALS = {
    "en": "Get back to a normal routine; see friends again.",
    "he": "לחזור לשגרה; לפגוש שוב חברים.",
    "ar": "العودة إلى روتين طبيعي؛ ولقاء الأصدقاء من جديد.",
}
DESCRIPTORS = ["F32", "F32", "F41.1", "F41.2", "F41.0", "F40.1", "F43.1", "other"]
PAST_STATUSES = {ReferralStatus.AWAITING_REVIEW, ReferralStatus.WAITING_TREATMENT, ReferralStatus.IN_TREATMENT, ReferralStatus.CLOSED}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def add_pathway_history(rng: random.Random, referrals: list[Referral], as_of: date, supervisors: dict[int, User]) -> None:
    assessments: list[Assessment] = []
    appointments: list[Appointment] = []
    assessed: list[Referral] = []
    for referral in referrals:
        pwp = referral.allocated_pwp
        if pwp is None:
            continue
        if referral.status == ReferralStatus.ASSESSMENT_BOOKED:
            day = as_of + timedelta(days=rng.randint(1, 14))
            appointments.append(Appointment(referral=referral, practitioner=pwp, kind=AppointmentType.ASSESSMENT, starts_at=_at(day, rng.randint(8, 16)), mode=rng.choice(["01", "02", "11"])))
            continue
        if referral.status not in PAST_STATUSES:
            continue
        latest = min(as_of, referral.closed_on or as_of)
        language = referral.client.preferred_language
        assessed_on = min(latest, referral.received_on + timedelta(days=rng.randint(3, 35)))
        appointments.append(Appointment(referral=referral, practitioner=pwp, kind=AppointmentType.ASSESSMENT, starts_at=_at(assessed_on, rng.randint(8, 16)), attendance=Attendance.ATTENDED))
        assessments.append(
            Assessment(
                referral=referral, practitioner=pwp, assessed_on=assessed_on, status=Assessment.Status.COMPLETE,
                problem_statement=rng.choice(PROBLEM_STATEMENTS.get(language, PROBLEM_STATEMENTS["en"])),
                problem_areas=referral.problem_areas,
                descriptor=rng.choice(DESCRIPTORS), goals=GOALS.get(language, GOALS["en"]),
                completed_at=_at(assessed_on, 17),
            )
        )
        assessed.append(referral)
        if referral.status in (ReferralStatus.IN_TREATMENT, ReferralStatus.CLOSED) and referral.end_code in ("", "46", "47", "48"):
            day = assessed_on + timedelta(days=rng.randint(5, 50))
            for _session in range(rng.randint(1, 8)):
                if day > latest:
                    break
                attendance = rng.choices([Attendance.ATTENDED, Attendance.LATE_SEEN, Attendance.DNA, Attendance.CANCELLED_BY_CLIENT], weights=[80, 5, 10, 5])[0]
                appointments.append(Appointment(referral=referral, practitioner=pwp, kind=AppointmentType.TREATMENT, starts_at=_at(day, rng.randint(8, 17)), attendance=attendance, mode=rng.choice(["01", "02", "11"])))
                day += timedelta(days=rng.choice([7, 7, 7, 14]))
    Assessment.objects.bulk_create(assessments, batch_size=1000)
    Appointment.objects.bulk_create(appointments, batch_size=1000)

    risks, decisions = [], []
    for assessment, referral in zip(assessments, assessed, strict=True):
        level = rng.choices(["low", "moderate", "high"], weights=[80, 17, 3])[0]
        risks.append(RiskAssessment(assessment=assessment, suicidal_thoughts="passive" if level != "low" else "none", level=level, protective_factors="Family; faith; wants to get better.", safety_plan=_safety_plan(referral) if level != "low" else ""))
        proposed_at = assessment.completed_at
        assert proposed_at is not None  # every assessment made above is complete
        if referral.status == ReferralStatus.AWAITING_REVIEW:
            step = Step.STEP2 if rng.random() < 0.8 else rng.choice([Step.GROUP, Step.STEP3, Step.SIGNPOST])
        else:
            step = Step.STEP2 if rng.random() < 0.9 else Step.GROUP
        intervention = rng.choice([Intervention.BEHAVIOURAL_ACTIVATION, Intervention.GUIDED_SELF_HELP, Intervention.WORRY_MANAGEMENT, Intervention.PROBLEM_SOLVING]) if step == Step.STEP2 else (Intervention.STRESS_GROUP if step == Step.GROUP else "")
        rationale, client_choice = RATIONALE.get(referral.client.preferred_language, RATIONALE["en"])
        decision = StepDecision(
            referral=referral, assessment=assessment, proposed_by=referral.allocated_pwp, proposed_at=proposed_at,
            proposed_step=step, proposed_intervention=intervention, rationale=rationale, client_choice=client_choice,
        )
        if referral.status != ReferralStatus.AWAITING_REVIEW:
            decision.status = StepDecision.Status.APPROVED
            decision.reviewed_by = supervisors[referral.team_id]
            decision.reviewed_at = min(proposed_at + timedelta(days=rng.randint(1, 4)), _at(as_of, 18))
            decision.decided_step = step
            decision.decided_intervention = intervention
        decisions.append(decision)
    RiskAssessment.objects.bulk_create(risks, batch_size=1000)
    StepDecision.objects.bulk_create(decisions, batch_size=1000)
    _alerts_for(risks, as_of)


def _safety_plan(referral: Referral) -> str:
    if referral.client.service.country == Service.Country.ENGLAND:
        return "Call NHS 111 (option 2) or go to A&E if thoughts worsen."
    return "Call ERAN 1201 or go to the emergency department if thoughts worsen."


def _alerts_for(risks: list[RiskAssessment], as_of: date) -> None:
    """Every synthetic risk assessment that needs an alert has one, raised by the same service
    as the assessment form; those from before the last week were acknowledged the day after."""
    for risk in risks:
        if not risk.needs_alert():
            continue
        assessment = risk.assessment
        completed_at = assessment.completed_at
        assert completed_at is not None  # synthetic assessments are complete
        alert = assessment_risk_alert_raise(risk=risk, actor=assessment.practitioner, at=completed_at)
        if (as_of - assessment.assessed_on).days > 7:
            risk_alert_acknowledge(
                alert=alert, actor=assessment.practitioner,
                action_taken="Risk reviewed with the client; safety plan agreed.",
                at=completed_at + timedelta(days=1),
            )

