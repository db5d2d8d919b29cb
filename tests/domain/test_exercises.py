"""The exercise library: every shipped card validates, is illustrated, cites real sources and
names the right calf muscle; malformed cards are refused with the file and field named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from defusedxml import ElementTree
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from achillescare.domain.evidence.rules import SOURCES
from achillescare.domain.program.exercises import CATEGORIES, Dosing, Exercise
from achillescare.library import LibraryError, illustration_svg, load_exercises, parse_exercise

REPO = Path(__file__).resolve().parents[2]
CARDS = REPO / "src/achillescare/data/exercises"
SVG = "{http://www.w3.org/2000/svg}"

# The ids shared with the programs helper (briefs/exercises.md); renaming one breaks plans.
SHARED_IDS = {
    "isometric_calf_hold", "eccentric_heel_drop_straight", "eccentric_heel_drop_bent",
    "eccentric_heel_drop_floor", "heavy_slow_calf_raise_standing", "heavy_slow_calf_raise_seated",
    "leg_press_calf_raise", "seated_soleus_raise", "single_leg_heel_raise",
    "knee_to_wall_mobilisation", "banded_ankle_mobilisation", "calf_stretch_straight",
    "calf_stretch_bent", "glute_bridge", "single_leg_bridge", "side_lying_hip_abduction",
    "romanian_deadlift", "hip_thrust", "kettlebell_swing", "bulgarian_split_squat", "box_jump",
    "depth_jump", "pogo_hops", "skipping", "step_down_control", "cadence_drill",
    "walk_run_intervals",
}  # fmt: skip

LIBRARY = load_exercises()


def test_it_holds_every_shared_id_and_one_file_per_card() -> None:
    """Every id the programs rely on exists, and each card sits in ``<id>.toml``."""
    assert set(LIBRARY) >= SHARED_IDS
    assert {path.stem for path in CARDS.glob("*.toml")} == set(LIBRARY)


def test_it_covers_every_category() -> None:
    """Each category of the schema has at least one exercise."""
    assert {exercise.category for exercise in LIBRARY.values()} == set(CATEGORIES)


@pytest.mark.parametrize("exercise_id", sorted(LIBRARY))
def test_each_card_is_complete(exercise_id: str) -> None:
    """A card has steps, mistakes, dosing, contraindications and only known source keys."""
    exercise = LIBRARY[exercise_id]
    assert isinstance(exercise, Exercise)
    assert len(exercise.steps) >= 2
    assert exercise.common_mistakes
    assert exercise.contraindications
    assert all(key in SOURCES for key in exercise.sources)
    assert (exercise.dosing.reps is None) != (exercise.dosing.seconds is None)


@pytest.mark.parametrize("exercise_id", sorted(LIBRARY))
def test_each_card_has_a_well_formed_titled_illustration(exercise_id: str) -> None:
    """The drawing parses as SVG and carries an accessible title (the card's name) and desc."""
    text = illustration_svg(exercise_id)
    root = ElementTree.fromstring(text)
    assert root.tag == f"{SVG}svg"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == LIBRARY[exercise_id].name
    assert desc is not None
    assert desc.text
    assert "<script" not in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_drawings_can_share_one_html_page() -> None:
    """Every id inside a drawing starts with its exercise id, so inlined drawings never clash."""
    seen: set[str] = set()
    for exercise_id in LIBRARY:
        root = ElementTree.fromstring(illustration_svg(exercise_id))
        ids = {element.get("id") for element in root.iter() if element.get("id")}
        assert ids
        assert all(str(i).startswith(f"{exercise_id}-") for i in ids)
        assert not ids & seen
        seen |= {str(i) for i in ids}


def test_the_drawings_match_the_script_that_makes_them() -> None:
    """``scripts/draw_illustrations.py --check`` finds nothing stale (drawings are reproducible)."""
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/draw_illustrations.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unknown_illustration_is_refused() -> None:
    """Asking for a drawing that does not exist names it; a path is not an id."""
    with pytest.raises(LibraryError, match="no_such_exercise"):
        illustration_svg("no_such_exercise")
    with pytest.raises(LibraryError, match="not an exercise id"):
        illustration_svg("../exercises/box_jump")


class TestAnatomy:
    """Knee bent = soleus, knee straight = gastrocnemius (O'Neill, Barry & Watson 2019; the
    article has it reversed)."""

    BENT = ("eccentric_heel_drop_bent", "heavy_slow_calf_raise_seated", "seated_soleus_raise",
            "calf_stretch_bent")  # fmt: skip
    STRAIGHT = ("eccentric_heel_drop_straight", "heavy_slow_calf_raise_standing",
                "leg_press_calf_raise", "calf_stretch_straight", "single_leg_heel_raise")  # fmt: skip

    @pytest.mark.parametrize("exercise_id", BENT)
    def test_bent_knee_entries_name_the_soleus(self, exercise_id: str) -> None:
        exercise = LIBRARY[exercise_id]
        assert exercise.knee == "bent"
        assert "soleus" in exercise.target_tissue.lower()
        assert "gastrocnemius" not in exercise.target_tissue.lower().split("(")[0]

    @pytest.mark.parametrize("exercise_id", STRAIGHT)
    def test_straight_knee_entries_name_the_gastrocnemius(self, exercise_id: str) -> None:
        exercise = LIBRARY[exercise_id]
        assert exercise.knee == "straight"
        assert "gastrocnemius" in exercise.target_tissue.lower()

    def test_the_schema_refuses_a_bent_knee_card_naming_the_gastrocnemius(self) -> None:
        card = LIBRARY["eccentric_heel_drop_bent"].model_dump()
        card["target_tissue"] = "Gastrocnemius"
        with pytest.raises(ValidationError, match="soleus"):
            Exercise.model_validate(card)

    def test_the_schema_refuses_a_straight_knee_card_naming_only_the_soleus(self) -> None:
        card = LIBRARY["eccentric_heel_drop_straight"].model_dump()
        card["target_tissue"] = "Soleus"
        with pytest.raises(ValidationError, match="gastrocnemius"):
            Exercise.model_validate(card)


class TestCardConsistency:
    """The schema keeps a card's parts consistent with each other."""

    def card(self) -> dict[str, object]:
        return LIBRARY["heavy_slow_calf_raise_standing"].model_dump()

    def test_the_illustration_is_named_after_the_id(self) -> None:
        card = {**self.card(), "illustration": "box_jump.svg"}
        with pytest.raises(ValidationError, match=r"heavy_slow_calf_raise_standing\.svg"):
            Exercise.model_validate(card)

    def test_schedule_weeks_follow_on(self) -> None:
        card = self.card()
        schedule = card["schedule"]
        assert isinstance(schedule, list)
        gap = [schedule[0], {**schedule[1], "weeks_from": 3}]
        with pytest.raises(ValidationError, match="without gaps or overlaps"):
            Exercise.model_validate({**card, "schedule": gap})
        backwards = [{**schedule[0], "weeks_from": 2, "weeks_to": 1}]
        with pytest.raises(ValidationError, match="weeks_to must not be before"):
            Exercise.model_validate({**card, "schedule": backwards})


class TestProtocolDosing:
    """The doses match the cited protocols (Alfredson 1998, Beyer 2015, Silbernagel 2020)."""

    def test_alfredson_is_180_repetitions_a_day(self) -> None:
        """3 × 15, twice a day, knee straight and knee bent: 180 a day (Alfredson 1998)."""
        total = 0
        for exercise_id in ("eccentric_heel_drop_straight", "eccentric_heel_drop_bent"):
            dosing = LIBRARY[exercise_id].dosing
            assert dosing.reps is not None
            assert dosing.frequency_per_day is not None
            total += dosing.sets * dosing.reps * dosing.frequency_per_day
        assert total == 180

    @pytest.mark.parametrize(
        ("week", "sets", "reps", "load"),
        [(1, 3, 15, "15RM"), (3, 3, 12, "12RM"), (4, 4, 10, "10RM"), (7, 4, 8, "8RM"),
         (12, 4, 6, "6RM"), (20, 4, 6, "6RM")],
    )  # fmt: skip
    def test_hsr_follows_the_beyer_schedule(
        self, week: int, sets: int, reps: int, load: str
    ) -> None:
        for exercise_id in (
            "heavy_slow_calf_raise_standing",
            "heavy_slow_calf_raise_seated",
            "leg_press_calf_raise",
        ):
            dosing = LIBRARY[exercise_id].dosing_for_week(week)
            assert (dosing.sets, dosing.reps, dosing.load) == (sets, reps, load)
            assert dosing.tempo.startswith("3 s up, 3 s down")
            assert dosing.frequency_per_week == 3

    @given(st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=10))
    def test_hsr_never_gets_lighter_as_weeks_pass(self, week: int, later: int) -> None:
        """Repetitions per set (the RM) never rise from one week to a later one."""
        exercise = LIBRARY["heavy_slow_calf_raise_standing"]
        now, after = exercise.dosing_for_week(week), exercise.dosing_for_week(week + later)
        assert now.reps is not None
        assert after.reps is not None
        assert after.reps <= now.reps

    def test_a_card_without_schedule_keeps_its_dose(self) -> None:
        exercise = LIBRARY["glute_bridge"]
        assert exercise.dosing_for_week(9) == exercise.dosing
        with pytest.raises(ValueError, match="start at 1"):
            exercise.dosing_for_week(0)

    def test_isometric_holds_are_five_by_45_seconds_and_say_evidence_is_mixed(self) -> None:
        exercise = LIBRARY["isometric_calf_hold"]
        assert (exercise.dosing.sets, exercise.dosing.seconds) == (5, 45)
        assert "oneill2019" in exercise.sources
        assert "mixed" in exercise.evidence_note.lower()

    def test_the_insertional_filter_leaves_no_step_edge_work(self) -> None:
        """Leaving out deep dorsiflexion keeps the floor drop and removes every step-edge one."""
        allowed = {i for i, e in LIBRARY.items() if not e.deep_dorsiflexion}
        assert "eccentric_heel_drop_floor" in allowed
        step_edge = {"eccentric_heel_drop_straight", "eccentric_heel_drop_bent",
                     "heavy_slow_calf_raise_standing", "calf_stretch_straight"}  # fmt: skip
        assert not step_edge & allowed


def test_loading_cards_say_how_the_calf_works_and_keep_within_pm1() -> None:
    """Every tendon-loading card names its contraction; no card allows more than 5/10 pain."""
    for exercise in LIBRARY.values():
        assert exercise.pain_limit_nrs <= 5
        if exercise.category == "tendon_loading":
            assert exercise.contraction is not None, exercise.id
    assert LIBRARY["eccentric_heel_drop_floor"].contraction == "eccentric"
    assert LIBRARY["isometric_calf_hold"].contraction == "isometric"
    card = {**LIBRARY["box_jump"].model_dump(), "pain_limit_nrs": 6}
    with pytest.raises(ValidationError, match="pain_limit_nrs"):
        Exercise.model_validate(card)


class TestMalformedCards:
    """A broken card is refused, and the message names the file and the field."""

    def write(self, folder: Path, name: str, text: str) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def real_card(self, exercise_id: str = "glute_bridge") -> str:
        return (CARDS / f"{exercise_id}.toml").read_text(encoding="utf-8")

    def test_a_wrong_type_names_the_nested_field(self, tmp_path: Path) -> None:
        text = self.real_card().replace("sets = 3", 'sets = "three"', 1)
        self.write(tmp_path, "glute_bridge.toml", text)
        with pytest.raises(LibraryError, match=r"glute_bridge\.toml: field 'dosing\.sets'"):
            load_exercises(tmp_path)

    def test_a_missing_field_is_named(self, tmp_path: Path) -> None:
        text = "\n".join(
            line for line in self.real_card().splitlines() if not line.startswith("purpose")
        )
        self.write(tmp_path, "glute_bridge.toml", text)
        with pytest.raises(LibraryError, match="field 'purpose': Field required"):
            load_exercises(tmp_path)

    def test_an_unknown_field_is_refused(self, tmp_path: Path) -> None:
        self.write(tmp_path, "glute_bridge.toml", 'colour = "red"\n' + self.real_card())
        with pytest.raises(LibraryError, match="field 'colour': Extra inputs are not permitted"):
            load_exercises(tmp_path)
        nested = self.real_card() + 'colour = "red"\n'
        self.write(tmp_path, "glute_bridge.toml", nested)
        with pytest.raises(LibraryError, match=r"field 'dosing\.colour'"):
            load_exercises(tmp_path)

    def test_an_unknown_category_and_source_are_refused(self, tmp_path: Path) -> None:
        text = self.real_card().replace('category = "glutes"', 'category = "yoga"')
        text = text.replace('sources = ["house"]', 'sources = ["nobody2099"]')
        self.write(tmp_path, "glute_bridge.toml", text)
        with pytest.raises(LibraryError) as caught:
            load_exercises(tmp_path)
        assert "field 'category'" in str(caught.value)
        assert "nobody2099" in str(caught.value)

    def test_invalid_toml_names_the_file(self, tmp_path: Path) -> None:
        self.write(tmp_path, "broken.toml", 'id = "broken\n')
        with pytest.raises(LibraryError, match=r"broken\.toml: not valid TOML"):
            load_exercises(tmp_path)

    def test_the_id_must_match_the_file_name(self, tmp_path: Path) -> None:
        self.write(tmp_path, "hip_bridge.toml", self.real_card())
        with pytest.raises(LibraryError, match="field 'id' is 'glute_bridge'"):
            load_exercises(tmp_path)

    def test_a_good_copy_loads(self, tmp_path: Path) -> None:
        self.write(tmp_path, "glute_bridge.toml", self.real_card())
        assert load_exercises(tmp_path) == {"glute_bridge": LIBRARY["glute_bridge"]}

    def test_parse_exercise_checks_text_directly(self) -> None:
        assert parse_exercise(self.real_card("box_jump"), "box_jump.toml").id == "box_jump"


class TestDosing:
    """Exactly one amount (reps or seconds) and one frequency (per day or per week)."""

    BASE: ClassVar[dict[str, object]] = {
        "sets": 3,
        "tempo": "slow",
        "load": "body weight",
        "rest_between_sets_s": 60,
    }

    @given(
        st.one_of(st.none(), st.integers(min_value=1, max_value=200)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=3600)),
    )
    def test_it_needs_exactly_one_of_reps_or_seconds(
        self, reps: int | None, seconds: int | None
    ) -> None:
        data = {**self.BASE, "reps": reps, "seconds": seconds, "frequency_per_week": 2}
        if (reps is None) == (seconds is None):
            with pytest.raises(ValidationError, match="exactly one of reps or seconds"):
                Dosing.model_validate(data)
        else:
            summary = Dosing.model_validate(data).summary()
            assert summary.startswith("3 × ")
            assert "2×/week" in summary

    def test_it_needs_exactly_one_frequency(self) -> None:
        with pytest.raises(ValidationError, match="exactly one of frequency"):
            Dosing.model_validate({**self.BASE, "reps": 10})
        both = {**self.BASE, "reps": 10, "frequency_per_week": 3, "frequency_per_day": 1}
        with pytest.raises(ValidationError, match="exactly one of frequency"):
            Dosing.model_validate(both)

    def test_whole_minutes_read_as_minutes(self) -> None:
        assert LIBRARY["walk_run_intervals"].dosing.summary().startswith("10 × 1 min")
