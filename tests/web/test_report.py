"""The one-page PDF report for the clinic record."""

from __future__ import annotations

import re
import zlib

import pytest

from achillescare.demo.clinic import seed_demo_clinic
from achillescare.services.clinical import set_override
from achillescare.storage.db import Store
from achillescare.web.auth import server_today
from achillescare.web.report import report_html, report_pdf
from tests.web.conftest import SignIn, runner_id

weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint needs Pango (libpango)")


class TestReport:
    def test_the_specialist_downloads_a_pdf_named_after_the_runner(self, sign_in: SignIn) -> None:
        physio = sign_in("physio")
        [row] = [
            r for r in physio.get("/api/v1/clinic").json()["runners"] if r["name"] == "Rita Rehab"
        ]
        response = physio.get(f"/clinic/runners/{row['runner_id']}/report.pdf")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        disposition = response.headers["content-disposition"]
        assert disposition == (
            f'attachment; filename="achillescare-rita-rehab-{server_today().isoformat()}.pdf"'
        )

    def test_the_runner_gets_the_same_report_through_the_api(self, sign_in: SignIn) -> None:
        client = sign_in("spike")
        response = client.get(f"/api/v1/runners/{runner_id(client)}/report.pdf")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF-")

    @pytest.mark.parametrize("key", ["steady", "spike", "rehab", "redflag"])
    def test_it_fits_one_page_and_holds_every_part(self, clinic_store: Store, key: str) -> None:
        today = server_today()
        runner = seed_demo_clinic(clinic_store, today).runners[key]
        html = report_html(clinic_store, runner, today, "Dr Alex Physio")
        assert len(weasyprint.HTML(string=html).render().pages) == 1
        for part in (
            "Decisions, last",
            "Charts",
            "Weeks",
            "Questionnaires",
            "Program and adherence",
        ):
            assert part in html
        assert html.count("<svg") >= 3  # the charts, rendered without a browser
        assert "last 14 logged days" in html

    def test_it_lists_the_questionnaire_scores_and_the_program(self, clinic_store: Store) -> None:
        today = server_today()
        runner = seed_demo_clinic(clinic_store, today).runners["rehab"]
        html = report_html(clinic_store, runner, today, "Dr Alex Physio")
        for score in (21, 43, 41):
            assert f"<td>{score}</td>" in html
        assert "Recovery (mid-portion), phase 1" in html

    def test_an_override_is_in_the_report_with_the_rules_answer(self, clinic_store: Store) -> None:
        today = server_today()
        runner = seed_demo_clinic(clinic_store, today).runners["rehab"]
        set_override(
            clinic_store,
            runner,
            {"decision": "rest", "reason": "ultrasound on Friday"},
            specialist="Dr Alex Physio",
        )
        html = report_html(clinic_store, runner, today, "Dr Alex Physio")
        assert "<b>Override:</b> Dr Alex Physio set &#39;rest&#39;" in html
        assert "ultrasound on Friday (the rules alone would say" in html
        assert len(weasyprint.HTML(string=html).render().pages) == 1


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's text with its Flate streams inflated (the structure tree may sit in an object
    stream), enough to find its dictionaries' keys without a PDF library."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


class TestTaggedReport:
    def test_the_pdf_is_tagged_with_a_text_for_each_chart(self, clinic_store: Store) -> None:
        """PDF/UA: a structure tree, marked content, the language, and each chart a Figure
        whose alternative text states its numbers."""
        today = server_today()
        runner = seed_demo_clinic(clinic_store, today).runners["rehab"]
        objects = pdf_objects(report_pdf(clinic_store, runner, today, "Dr Alex Physio"))
        assert b"/StructTreeRoot" in objects
        assert re.search(rb"/MarkInfo\s*<<\s*/Marked true", objects)
        assert b"/Lang (en)" in objects
        alts = re.findall(rb"/Alt \(((?:[^()\\]|\\.)*)\)", objects)
        assert len(alts) == 3
        weekly, acwr, visa = (alt.decode().replace("\\", "") for alt in alts)
        assert weekly.startswith("Weekly distance and morning pain, 12 weeks from")
        assert " km. Mean morning pain out of 10: " in weekly
        assert acwr.startswith("Acute:chronic workload ratio (context only), ")
        assert "on the last day" in acwr
        assert visa.startswith("VISA-A (100 = no symptoms): 21 on ")
