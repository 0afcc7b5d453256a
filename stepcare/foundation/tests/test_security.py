"""Security defaults a person cannot see: headers, no inline script, no third-party assets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client, world):
    client.force_login(world.pwp_a1)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_script_or_third_party_assets():
    offenders = []
    for template in ROOT.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*\"", text):
            offenders.append(f"{template}: inline event handler")
        if " style=\"" in text and "letters" not in template.parts:
            offenders.append(f"{template}: inline style (blocked by the CSP; use a class)")
        if re.search(r"(src|href)=\"https?://", text):
            offenders.append(f"{template}: third-party asset")
    assert offenders == []


def test_staff_can_never_reach_a_django_admin_site(client):
    assert client.get("/admin/").status_code == 404
