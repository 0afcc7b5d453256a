"""Synthetic services for the demo, tests and benchmarks.

``generate_service`` makes a reproducible service: the same seed and the same
``as_of`` date give the same data. Staff are created through the account
services (audited one by one); clients and referrals are written in bulk for
speed, with one audit event per batch naming how many records were imported.
Later issues extend ``generate_service`` with assessments, contacts and measures.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from stepcare.accounts import services as account_services
from stepcare.accounts.models import Role, Service, Team, User
from stepcare.audit.services import audit_record
from stepcare.clients.identifiers import israeli_id_with_check_digit, nhs_number_check_digit
from stepcare.clients.models import (
    Client,
    Gender,
    HealthFund,
    Priority,
    ProblemArea,
    Referral,
    ReferralSource,
    ReferralStatus,
)
from stepcare.demo.measures import add_measure_history
from stepcare.demo.pathway import add_pathway_history

HEBREW_GIVEN_F = ["נועה", "מאיה", "תמר", "יעל", "שירה", "אביגיל", "מיכל", "רחל", "הילה", "אורית", "ליאת", "רוני"]
HEBREW_GIVEN_M = ["דניאל", "איתי", "יונתן", "עומר", "אורי", "נועם", "אריאל", "אסף", "גלעד", "דוד", "משה", "עידו"]
HEBREW_FAMILY = ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "דהן", "אברהם", "פרידמן", "אזולאי", "שפירא", "גולן", "חדד", "קליין", "בן דוד"]
ARABIC_GIVEN_F = ["لينا", "رنا", "سلمى", "نور", "هبة"]
ARABIC_GIVEN_M = ["عمر", "خالد", "يوسف", "سامي", "كريم"]
ARABIC_FAMILY = ["حداد", "خوري", "ناصر", "أبو أحمد", "عودة"]
ENGLISH_GIVEN_F = ["Sarah", "Emily", "Hannah", "Chloe", "Grace", "Olivia", "Amira", "Ruth"]
ENGLISH_GIVEN_M = ["James", "Daniel", "Thomas", "Oliver", "Samuel", "Yusuf", "Benjamin", "Adam"]
ENGLISH_FAMILY = ["Thompson", "Patel", "Williams", "Hughes", "Clarke", "Ahmed", "Evans", "Walker", "Green", "Shapiro"]

STAFF_NAMES = [
    "Noa Friedman", "Daniel Levi", "Maya Cohen", "Omer Haddad", "Tamar Azoulay", "Yusuf Khoury",
    "Shira Golan", "Itai Peretz", "Rana Nasser", "Ariel Klein", "Hila Dahan", "Jonathan Evans",
]
SUPERVISOR_NAMES = ["Dr Rachel Mizrahi", "Dr Samuel Hughes", "Dr Lina Odeh", "Dr David Shapiro"]
TEAM_NAMES = ["Tel Aviv–Yafo", "Haifa and the North", "Jerusalem", "Be'er Sheva and the South"]

# A service in England: English staff and team names, NHS numbers, English letters.
ENGLAND_STAFF_NAMES = [
    "Sophie Turner", "Liam O'Connor", "Priya Sharma", "Kwame Mensah", "Hannah Jones", "Tom Baker",
    "Aisha Rahman", "George Wright", "Megan Davies", "Callum Reid", "Zara Hussain", "Oliver Bennett",
]
ENGLAND_SUPERVISOR_NAMES = ["Dr Helen Carter", "Dr Marcus Lewis", "Dr Anjali Mehta", "Dr Fiona Grant"]
ENGLAND_TEAM_NAMES = ["Riverside North", "Riverside South", "City Centre", "Eastfield"]
ENGLAND_GP_PRACTICES = ["Riverside Medical Centre", "Castle Street Surgery", "Eastfield Health Centre", "The Park Practice"]

# Free text in the language the client speaks, as a PWP would write it.
REASONS = {
    "en": [
        "Low mood for three months after losing job; withdrawn from friends.",
        "Constant worry about family safety since the war; poor sleep.",
        "Panic attacks on public transport, now avoiding buses.",
        "Bereavement: mother died last year, struggling to cope.",
        "Stress at work with headaches and racing heart.",
        "Moved to a new city, feeling isolated and low in confidence.",
    ],
    "he": [
        "מצב רוח ירוד כשלושה חודשים מאז שפוטר מהעבודה; התרחק מחברים.",
        "דאגה מתמדת לביטחון המשפחה מאז המלחמה; שינה גרועה.",
        "התקפי חרדה בתחבורה ציבורית, נמנעת מלנסוע באוטובוסים.",
        "אבל: אמה נפטרה בשנה שעברה, מתקשה להתמודד.",
        "לחץ בעבודה עם כאבי ראש ודפיקות לב.",
        "עבר לעיר חדשה, מרגיש בודד וחסר ביטחון.",
    ],
    "ar": [
        "مزاج منخفض منذ ثلاثة أشهر بعد فقدان العمل؛ ابتعد عن الأصدقاء.",
        "قلق دائم على سلامة العائلة منذ الحرب؛ نوم سيئ.",
        "نوبات هلع في المواصلات العامة، وتتجنب الآن الحافلات.",
        "فقدان: توفيت والدتها العام الماضي وتجد صعوبة في التأقلم.",
        "ضغط في العمل مع صداع وخفقان في القلب.",
        "انتقل إلى مدينة جديدة ويشعر بالوحدة وقلة الثقة بالنفس.",
    ],
}


@dataclass
class GeneratedService:
    service: Service
    teams: list[Team] = field(default_factory=list)
    pwps: list[User] = field(default_factory=list)
    supervisors: list[User] = field(default_factory=list)
    managers: list[User] = field(default_factory=list)
    admins: list[User] = field(default_factory=list)
    team_pwps: dict[int, list[User]] = field(default_factory=dict)
    clients: int = 0
    referrals: int = 0


def generate_service(
    *,
    clients: int,
    seed: int = 1,
    as_of: date | None = None,
    team_count: int | None = None,
    pwps_per_team: int = 3,
    password: str | None = None,
    email_domain: str = "stepcare.example",
    progress: Callable[[int], None] | None = None,
    batch_size: int = 2000,
    country: str = Service.Country.ISRAEL,
    service_name: str | None = None,
) -> GeneratedService:
    """Create a service with teams, staff, clients and referrals. An Israeli service by
    default (the installation's first); with ``country`` England, a further service with
    English names and NHS numbers."""
    as_of = as_of or date.today()  # noqa: DTZ011 - a calendar date for synthetic data
    if team_count is None:
        team_count = max(2, min(50, clients // 2500 + 1))
    england = country == Service.Country.ENGLAND
    team_names = ENGLAND_TEAM_NAMES if england else TEAM_NAMES
    staff_names = ENGLAND_STAFF_NAMES if england else STAFF_NAMES
    supervisor_names = ENGLAND_SUPERVISOR_NAMES if england else SUPERVISOR_NAMES
    with transaction.atomic():
        if service_name is None and not england:
            service = account_services.service_get_or_create(name="stepcare demo wellbeing service")
        else:
            service = account_services.service_create(name=service_name or "stepcare demo service", country=country)
        result = GeneratedService(service=service)
        for t in range(team_count):
            name = team_names[t] if t < len(team_names) else f"Team {t + 1}"
            team = account_services.team_create(actor=None, service=service, name=name)
            result.teams.append(team)
            team_pwps = []
            for p in range(pwps_per_team):
                index = t * pwps_per_team + p
                full_name = staff_names[index % len(staff_names)]
                if index >= len(staff_names):
                    full_name = f"{full_name} {index // len(staff_names) + 1}"
                pwp = account_services.user_create(
                    actor=None,
                    email=f"pwp{index + 1}@{email_domain}",
                    full_name=full_name,
                    role=Role.PWP,
                    team=team,
                    password=password,
                )
                team_pwps.append(pwp)
            result.pwps.extend(team_pwps)
            result.team_pwps[team.pk] = team_pwps
            supervisor_name = supervisor_names[t % len(supervisor_names)]
            if t >= len(supervisor_names):
                supervisor_name = f"{supervisor_name} {t // len(supervisor_names) + 1}"
            result.supervisors.append(
                account_services.user_create(
                    actor=None,
                    email=f"supervisor{t + 1}@{email_domain}",
                    full_name=supervisor_name,
                    role=Role.SUPERVISOR,
                    team=team,
                    password=password,
                    supervisees=team_pwps,
                )
            )
        result.managers.append(
            account_services.user_create(
                actor=None, email=f"manager@{email_domain}", full_name="Rebecca Shaw" if england else "Michal Ben David",
                role=Role.MANAGER, team=None, service=service, password=password,
            )
        )
        result.admins.append(
            account_services.user_create(
                actor=None, email=f"admin@{email_domain}", full_name="Chris Morgan" if england else "Adam Walker",
                role=Role.ADMIN, team=None, service=service, password=password,
            )
        )

    add_clients(result, clients=clients, seed=seed, as_of=as_of, progress=progress, batch_size=batch_size)
    return result


def add_clients(
    result: GeneratedService,
    *,
    clients: int,
    seed: int,
    as_of: date,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 2000,
) -> None:
    """Add synthetic clients (with referrals) to an existing generated service."""
    rng = random.Random(f"{seed}:{result.clients}")
    # One client per Israeli ID and per NHS number in a service (unique constraints): those given out.
    existing = Client.objects.filter(service=result.service)
    taken = set(existing.exclude(israeli_id="").values_list("israeli_id", flat=True))
    taken |= set(existing.exclude(nhs_number="").values_list("nhs_number", flat=True))
    done = 0
    while done < clients:
        size = min(batch_size, clients - done)
        with transaction.atomic():
            made = _client_batch(rng, result, size, as_of, taken)
            audit_record(
                actor=None,
                action="create",
                object_type="clients.syntheticbatch",
                detail={"clients": size, "referrals": made, "seed": seed},
            )
        result.clients += size
        result.referrals += made
        done += size
        if progress:
            progress(size)


def _client_batch(rng: random.Random, result: GeneratedService, size: int, as_of: date, taken: set[str]) -> int:
    new_clients = [_client(rng, result.service, as_of, taken) for _ in range(size)]
    Client.objects.bulk_create(new_clients, batch_size=1000)
    referrals = []
    for client in new_clients:
        team = rng.choice(result.teams)
        team_pwps = result.team_pwps[team.pk]
        # A few clients come back for a second episode of care.
        episodes = 2 if rng.random() < 0.08 else 1
        for episode in range(episodes):
            referrals.append(_referral(rng, client, team, team_pwps, as_of, closed=episode < episodes - 1))
    Referral.objects.bulk_create(referrals, batch_size=1000)
    supervisors = {s.team_id: s for s in result.supervisors if s.team_id is not None}  # supervisors have a team
    add_pathway_history(rng, referrals, as_of, supervisors)
    # Its own generator, so adding measures never changes the clients a seed makes.
    add_measure_history(
        referrals, random.Random(f"{rng.random()}:measures"), as_of,
        statuses=(ReferralStatus.IN_TREATMENT, ReferralStatus.CLOSED),
    )
    return len(referrals)


def _unique_israeli_id(first_eight: int, taken: set[str]) -> str:
    """The next free valid ID from ``first_eight`` on (no extra random draw, so a seed's other
    data stay as they were)."""
    israeli_id = israeli_id_with_check_digit(f"{first_eight:08d}")
    while israeli_id in taken:
        first_eight += 1
        israeli_id = israeli_id_with_check_digit(f"{first_eight:08d}")
    taken.add(israeli_id)
    return israeli_id


def _client(rng: random.Random, service: Service, as_of: date, taken: set[str]) -> Client:
    if service.country == Service.Country.ENGLAND:
        return _english_client(rng, service, as_of, taken)
    roll = rng.random()
    gender = Gender.FEMALE if rng.random() < 0.62 else Gender.MALE
    female = gender == Gender.FEMALE
    if roll < 0.6:
        given = rng.choice(HEBREW_GIVEN_F if female else HEBREW_GIVEN_M)
        family = rng.choice(HEBREW_FAMILY)
        language = "he"
    elif roll < 0.8:
        given = rng.choice(ARABIC_GIVEN_F if female else ARABIC_GIVEN_M)
        family = rng.choice(ARABIC_FAMILY)
        language = "ar"
    else:
        given = rng.choice(ENGLISH_GIVEN_F if female else ENGLISH_GIVEN_M)
        family = rng.choice(ENGLISH_FAMILY)
        language = "en"
    age_days = rng.randint(18 * 365, 80 * 365)
    return Client(
        service=service,
        given_name=given,
        family_name=family,
        date_of_birth=as_of - timedelta(days=age_days),
        gender=gender,
        phone=f"05{rng.randint(0, 9)}-{rng.randint(1000000, 9999999)}",
        preferred_language=language,
        interpreter_needed=language == "en" and rng.random() < 0.1,
        israeli_id=_unique_israeli_id(rng.randint(1000000, 39999999), taken),
        health_fund=rng.choice(HealthFund.values),
        gp_name=f"Dr {rng.choice(ENGLISH_FAMILY)}",
        consent_sms=rng.random() < 0.8,
        consent_email=rng.random() < 0.5,
    )


def _english_client(rng: random.Random, service: Service, as_of: date, taken: set[str]) -> Client:
    """A client of a service in England: an NHS number in the 999 range (never issued to
    a person) with a valid check digit, a UK mobile number of the range kept for drama."""
    gender = Gender.FEMALE if rng.random() < 0.62 else Gender.MALE
    female = gender == Gender.FEMALE
    nhs_number = ""
    while not nhs_number or nhs_number in taken:
        first_nine = f"999{rng.randint(0, 999999):06d}"
        check = nhs_number_check_digit(first_nine)
        nhs_number = "" if check is None else f"{first_nine}{check}"
    taken.add(nhs_number)
    return Client(
        service=service,
        given_name=rng.choice(ENGLISH_GIVEN_F if female else ENGLISH_GIVEN_M),
        family_name=rng.choice(ENGLISH_FAMILY),
        date_of_birth=as_of - timedelta(days=rng.randint(18 * 365, 80 * 365)),
        gender=gender,
        phone=f"07700 900{rng.randint(0, 999):03d}",
        preferred_language="en",
        nhs_number=nhs_number,
        gp_name=f"Dr {rng.choice(ENGLISH_FAMILY)}",
        gp_practice=rng.choice(ENGLAND_GP_PRACTICES),
        consent_sms=rng.random() < 0.8,
        consent_email=rng.random() < 0.5,
    )


def _referral(
    rng: random.Random, client: Client, team: Team, team_pwps: list[User], as_of: date, *, closed: bool
) -> Referral:
    if closed:
        received = as_of - timedelta(days=rng.randint(300, 900))
        status = ReferralStatus.CLOSED
    else:
        received = as_of - timedelta(days=int(rng.triangular(0, 200, 25)))
        status = rng.choices(
            [
                ReferralStatus.WAITING, ReferralStatus.ASSESSMENT_BOOKED, ReferralStatus.AWAITING_REVIEW,
                ReferralStatus.WAITING_TREATMENT, ReferralStatus.IN_TREATMENT, ReferralStatus.CLOSED,
            ],
            weights=[18, 10, 5, 7, 35, 25],
        )[0]
    allocated = None if status == ReferralStatus.WAITING and rng.random() < 0.7 else rng.choice(team_pwps)
    if status == ReferralStatus.ASSESSMENT_BOOKED and allocated is None:
        allocated = rng.choice(team_pwps)
    areas = rng.sample(ProblemArea.values[:-1], k=rng.randint(1, 3))
    return Referral(
        client=client,
        team=team,
        source=rng.choices(ReferralSource.values, weights=[35, 45, 10, 10])[0],
        received_on=received,
        reason=rng.choice(REASONS.get(client.preferred_language, REASONS["en"])),
        problem_areas=areas,
        status=status,
        priority=Priority.URGENT if rng.random() < 0.05 else Priority.ROUTINE,
        allocated_pwp=allocated,
        end_code=("46" if status == ReferralStatus.CLOSED else ""),
        closed_on=(
            min(as_of, received + timedelta(days=rng.randint(60, 200))) if status == ReferralStatus.CLOSED else None
        ),
    )
