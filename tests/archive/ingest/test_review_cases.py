"""Inputs on which an earlier form of this session's extraction rules went wrong: each must stay right."""

import pytest

from archive.ingest.people import find_people, mark_participants

from .conftest import extract_source, iso, read_text

BODY = "\n\nMinister of National Defense Shin Won-sik met Secretary of Defense Lloyd J. Austin III in Seoul.\n"


def people(text):
    found = find_people(text)
    mark_participants(text, found)
    return {p.name: p for p in found}


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("After a meeting with the President, Defense Minister Shin Won-sik told reporters.", "Shin Won-sik", None),
        ("before the President, Japanese Prime Minister Fumio Kishida said.", "Fumio Kishida", None),
        ("In a letter to the Chairman, Democrats urged a vote.", None, "Democrats"),
    ],
)
def test_a_comma_after_an_office_does_not_take_in_the_next_words(text, present, absent):
    found = people(text)
    assert present is None or present in found
    assert absent is None or absent not in found


@pytest.mark.parametrize(
    "headline",
    ["Pentagon, Seoul agree to expand drills", "UN, U.S. condemn the launch", "합참·주한미군 연합훈련 실시"],
)
def test_a_headline_naming_bodies_is_not_the_publisher(headline):
    _text, x = extract_source(f"{headline}\nNovember 17, 2023\n\nSEOUL, Nov. 17 (Yonhap) -- They met.\n")
    assert x.publisher.value == "yonhap"


@pytest.mark.parametrize(
    "published, sentence, day",
    [
        # a sentence about what is to come: the next Friday
        (
            "Thursday, November 14, 2024",
            "Minister of National Defense Kim Yong-hyun will meet Secretary of Defense Lloyd J. Austin III on Friday.",
            "2024-11-15",
        ),
        # a future word after the weekday does not make it the next one
        (
            "Friday, November 15, 2024",
            'Defense Minister Kim Yong-hyun met lawmakers on Thursday and said the exercise "will not be shaken".',
            "2024-11-14",
        ),
    ],
)
def test_a_weekday_is_the_next_one_only_after_a_future_word(published, sentence, day):
    _text, x = extract_source(f"Ministers meet\n\n{published}\n\n{sentence}\n")
    assert iso(x.event_date) == day


def test_a_sentence_s_opening_date_is_not_given_to_a_meeting_it_looks_back_on():
    _text, x = extract_source(
        "Ministers meet\n\nNovember 18, 2024\n\nOn November 18, 2024, the two ministers met in Seoul and reviewed "
        "the outcomes of the 55th Security Consultative Meeting.\n"
    )
    assert [(m.series_key, m.ordinal, m.date) for m in x.meetings] == [("scm", 55, None)]


@pytest.mark.parametrize(
    "text, date",
    [
        ("2023년 3월 국방부는 제55차 한미안보협의회의를 2023년 11월 13일 서울에서 개최한다고 밝혔다.", "2023-11-13"),
        ("2022년 11월 북한의 도발 이후 제55차 한미안보협의회의가 열렸다.", None),
    ],
)
def test_a_korean_date_before_a_meeting_is_its_own_only_with_where_it_was_held(text, date):
    _text, x = extract_source(f"국방부\n회의 개최\n작성일 : 2024-09-13\n\n{text}\n")
    assert [(m.series_key, m.ordinal, m.date and m.date.isoformat()) for m in x.meetings] == [("scm", 55, date)]


def test_theme_keywords_after_an_office_in_an_ordinary_sentence_still_count(db):
    from archive.ingest.reference import load_reference
    from tests.factories import PolicyThemeFactory

    PolicyThemeFactory(slug="extended-deterrence", keywords="extended deterrence")
    PolicyThemeFactory(slug="usfk-cost-sharing", keywords="USFK\nU.S. Forces Korea\ncost sharing")
    _text, x = extract_source(
        "Allies meet\nNovember 14, 2023\n\nThe head of the U.S. delegation said the allies would strengthen "
        "extended deterrence. Gen. Paul LaCamera, commander of U.S. Forces Korea, attended.\n",
        reference=load_reference(),
    )
    assert [slug for slug, _span in x.themes] == ["extended-deterrence"]  # not USFK: it is his office


def test_a_deck_with_a_date_does_not_beat_the_date_line():
    _text, x = extract_source(
        "Defense chiefs agree on deterrence\nMinisters met in Seoul on Wednesday, November 13, 2023\n"
        "Posted: November 14, 2023\n\nMinister of National Defense Shin Won-sik met Secretary of Defense Lloyd J. "
        "Austin III in Seoul on November 13, 2023.\n"
    )
    assert (iso(x.date), iso(x.event_date)) == ("2023-11-14", "2023-11-13")


def test_an_empty_related_heading_does_not_blank_the_body_after_it():
    from archive.ingest.recognise import recognise

    clean = recognise(
        read_text("Allies meet\n\nNov. 4, 2025\n\nRelated Articles\n\nAustin called it ironclad.\n")
    ).clean
    assert "Austin called it ironclad." in clean


def test_a_chairman_of_the_joint_chiefs_of_unknown_country_is_the_texts_sides():
    _text, x = extract_source(
        "Readout of the Secretary's Meeting\nMarch 3, 2025\n\n"
        "Chairman of the Joint Chiefs of Staff Gen. Dan Caine met Secretary of Defense Pete Hegseth at the Pentagon.\n"
    )
    caine = {p.name: p for p in x.people}["Dan Caine"]
    assert caine.organization == "us_jcs"


def test_a_white_paper_heading_broken_with_a_hyphen_and_its_label_span():
    text, x = extract_source(
        "2022 Defense White Paper                                   Chapter 6\n180\n"
        "Section 2  Strengthening the Combined Defense Pos-\nture of the Alliance\n"
        "The ROK and the US held the 54th Security Consultative Meeting in Washington, D.C. on November 3, 2022, "
        "where the ministers reaffirmed the commitment to strengthen extended deterrence against threats.\n"
    )
    assert x.title.value == "Strengthening the Combined Defense Posture of the Alliance"
    assert text[x.title.span[0] : x.title.span[0] + 13] == "Strengthening"


def test_a_first_meeting_since_the_body_s_launch_keeps_its_ordinal():
    x = extract_source(
        "Allies meet\n\nJuly 18, 2023\n\nThe allies held the first meeting of the Nuclear Consultative Group since "
        "its launch in April.\n"
    )[1]
    assert [(m.series_key, m.ordinal) for m in x.meetings] == [("ncg", 1)]


def test_a_breadcrumb_ending_in_the_headline_is_not_the_title():
    _text, x = extract_source(
        "News & Events\nHome | News & Events | Press Releases | Chargé d'Affaires Yun Meets Acting Minister Kim\n"
        "Chargé d'Affaires Yun Meets Acting Minister Kim\nBy U.S. Embassy Seoul | 13 February, 2025 | Topics: News\n"
        + BODY
    )
    assert x.title.value == "Chargé d'Affaires Yun Meets Acting Minister Kim"


def test_a_report_s_authors_in_capitals_are_not_its_title():
    _text, x = extract_source(
        "Research Report\n\nDANIEL K. PARK, MEGAN L. WRIGHT, SEO JI-HOON\n\n"
        "Making the Nuclear Consultative Group Work\n\n© 2024 RAND Corporation\n\nThe NCG met in July 2023.\n"
    )
    assert x.title.value == "Making the Nuclear Consultative Group Work"
