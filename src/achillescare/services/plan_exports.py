"""A week's plan as an iCalendar file (RFC 5545, one all-day event per session) and as a printable
HTML handout with the exercise illustrations inlined."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import resources

from markupsafe import Markup

from achillescare.domain.program.exercises import Exercise
from achillescare.domain.program.plan import Prescription, Session, WeekPlan
from achillescare.domain.units import Units
from achillescare.library import LibraryError, illustration_svg


def exercise_name(exercise_id: str, library: dict[str, Exercise]) -> str:
    exercise = library.get(exercise_id)
    return exercise.name if exercise else exercise_id.replace("_", " ")


def prescription_line(item: Prescription, library: dict[str, Exercise]) -> str:
    """``Seated soleus raise: 3 × 15 reps (knee bent) — body weight``."""
    text = f"{exercise_name(item.exercise_id, library)}: {item.dose_text()}"
    if item.variant:
        text += f" ({item.variant})"
    text += f" — {item.load}"
    if item.tempo:
        text += f", {item.tempo}"
    return text


def session_lines(session: Session, units: Units, library: dict[str, Exercise]) -> list[str]:
    lines: list[str] = []
    if session.run is not None:
        lines.append(f"Run: {session.run.describe(units)}")
    lines += [f"- {prescription_line(p, library)}" for p in session.exercises]
    lines += list(session.notes)
    return lines


def plan_ics(plan: WeekPlan, units: Units, library: dict[str, Exercise], runner: str) -> bytes:
    """One all-day VEVENT per session (rest days included), exercises in the description; UIDs
    are stable per runner, day and session so a re-import updates rather than duplicates."""
    from icalendar import Calendar, Event  # noqa: PLC0415  (half a second: only when exporting)

    calendar = Calendar()
    calendar.add("prodid", "-//AchillesCare//plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"AchillesCare plan — {runner}")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for index, session in enumerate(plan.sessions):
        event = Event()
        slug = "".join(c if c.isalnum() else "-" for c in runner.lower())
        event.add("uid", f"{session.on.isoformat()}-{session.kind}-{index}-{slug}@achillescare")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.on)
        event.add("dtend", session.on + timedelta(days=1))
        event.add("summary", f"AchillesCare: {session.title}")
        event.add("categories", [session.kind])
        event.add("description", "\n".join(session_lines(session, units, library)) or session.title)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _svg(exercise_id: str) -> Markup:
    try:
        return Markup(illustration_svg(exercise_id))  # noqa: S704  (our own packaged drawings)
    except LibraryError:
        return Markup("")


def plan_html(plan: WeekPlan, units: Units, library: dict[str, Exercise], runner: str) -> str:
    """The printable handout: each day's sessions, then one card per exercise with its drawing
    and steps (from the exercise library)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape  # noqa: PLC0415

    # The handout shares the web app's one templates folder; it is found through the
    # ``achillescare`` package so the web app itself (FastAPI) is not imported by the CLI.
    templates = resources.files("achillescare") / "web" / "templates"
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    used = list(dict.fromkeys(p.exercise_id for s in plan.sessions for p in s.exercises))
    cards = [
        {
            "id": exercise_id,
            "name": exercise_name(exercise_id, library),
            "svg": _svg(exercise_id),
            "exercise": library.get(exercise_id),
        }
        for exercise_id in used
    ]
    days = [
        {
            "date": session.on,
            "kind": session.kind,
            "title": session.title,
            "run": session.run.describe(units) if session.run else None,
            "lines": [prescription_line(p, library) for p in session.exercises],
            "why": sorted({p.why for p in session.exercises if p.why}),
            "notes": session.notes,
        }
        for session in plan.sessions
    ]
    return env.get_template("plan_handout.html").render(
        runner=runner, plan=plan, days=days, cards=cards, generated=datetime.now(UTC).date()
    )
