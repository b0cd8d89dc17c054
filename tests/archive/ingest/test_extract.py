import pytest

from archive.ingest.errors import IngestError
from archive.ingest.extract import extract
from archive.ingest.read import read_source
from archive.ingest.recognise import recognise

from . import samples
from .conftest import builtin_reference, extract_source, iso, read_text, seed_bytes


def run(text, reference=None):
    layout = recognise(text)
    return extract(text, layout, reference or builtin_reference(), name="sample.txt")


def seed(prefix):
    text = read_source("seed", seed_bytes(prefix), max_bytes=5 * 1024 * 1024).text
    return text, run(text)


def test_every_span_points_at_the_value_in_the_read_text():
    text, x = seed("001")
    assert text[slice(*x.title.span)] == x.title.value
    assert text[slice(*x.date.span)] == "July 28, 2024"
    assert text[slice(*x.location.span)] == "Tokyo"
    for person in x.people:
        for span in person.spans:
            assert text[slice(*span)] in person.name
    for org in x.organizations:
        assert text[slice(*org.span)] == org.as_written


def test_news_seed():
    _text, x = seed("001")
    assert x.title.value == "ROK-U.S. defense ministers discuss security issues at Tokyo meeting"
    assert x.doc_type.value == "news_story"
    assert (iso(x.date), iso(x.event_date)) == ("2024-07-28", "2024-07-28")
    assert x.location.value == ("Tokyo", "JP")
    assert [(p.name, p.participant) for p in x.people] == [
        ("Shin Wonsik", True),
        ("Lloyd J. Austin III", True),
        ("Biden", False),
        ("Yoon", False),
    ]
    assert {o.key for o in x.organizations} >= {"unsc", "unc", "asean"}
    assert "No publication date is stated; the date of the event is used." in x.warnings


def test_ministry_release_seed():
    _text, x = seed("004")
    assert x.title.value.startswith("Minister of National Defense Meets with U.S. Senators, Shares Understanding")
    assert x.title.value.endswith("Korean Peninsula…")
    assert "The title is cut short in the source; the full headline is not in the file." in x.warnings
    assert x.publisher.value == "mnd"
    assert iso(x.event_date) == "2024-05-31"
    assert x.location.value == ("Singapore", "SG")
    assert [p.name for p in x.people if p.participant] == [
        "Shin Won Sik",
        "Dan Sullivan",
        "Tammy Duckworth",
        "Laphonza Butler",
    ]
    assert [m.as_written for m in x.meetings] == ["Camp David Summit"]
    assert not x.body.startswith("Minister of National Defense Meets")


def test_white_paper_seed():
    _text, x = seed("000")
    assert x.title.value == "Developing a Mutually Complementary and Robust ROK-US Alliance"
    assert x.doc_type.value == "white_paper"
    assert (iso(x.date), x.date.value.precision) == ("2020", "year")
    assert x.event_date.value is None
    assert x.citation == "2020 Defense White Paper, p. 204"
    assert x.people == []
    assert {o.key for o in x.organizations} == {"mnd", "dod"}
    referenced = [(m.series_key, m.ordinal, m.date.isoformat() if m.date else None) for m in x.meetings]
    assert ("summit", None, "2019-06") in referenced
    assert ("scm", 52, "2020-10") in referenced
    assert "achieve" in x.body
    assert "The highest level of the" not in x.body


def test_readout_at_the_pentagon():
    x = run(read_text(samples.DOD_READOUT))
    assert x.title.value.startswith("Readout of Secretary of Defense Lloyd J. Austin III's Meeting")
    assert (x.doc_type.value, x.publisher.value) == ("readout", "dod")
    assert iso(x.date) == "2024-10-30"
    assert x.location.value == ("Washington, D.C.", "US")
    participants = [p.name for p in x.people if p.participant]
    assert participants == ["Lloyd J. Austin III", "Kim Yong-hyun"]
    assert "Pat Ryder" in [p.name for p in x.people if not p.participant]
    assert x.reported_series is None  # "ahead of the 56th SCM": another meeting
    # "the Nuclear Consultative Group since its inaugural meeting in July 2023": the first NCG meeting
    assert ("ncg", 1, "2023-07") in [(m.series_key, m.ordinal, m.date and m.date.isoformat()) for m in x.meetings]


def test_phone_call_readout_is_a_call():
    x = run(read_text(samples.PHONE_READOUT))
    assert x.meeting_kind == "call"
    assert [p.country for p in x.people] == ["US", "JP"]


def test_video_conference_readout_is_a_video_meeting():
    x = run(read_text(samples.VIDEO_CALL))
    assert x.meeting_kind == "video"
    assert [p.title for p in x.people] == ["Deputy Secretary of Defense", "Vice Minister of National Defense"]


def test_communique_publication_and_meeting_dates_differ():
    x = run(read_text(samples.JOINT_COMMUNIQUE))
    assert x.doc_type.value == "communique"
    assert (iso(x.date), iso(x.event_date)) == ("2024-11-01", "2024-10-30")
    assert x.location.value == ("Washington, D.C.", "US")
    assert (x.reported_series.series_key, x.reported_series.ordinal) == ("scm", 56)
    assert ("scm", 55, "2023-11") in [(m.series_key, m.ordinal, m.date and m.date.isoformat()) for m in x.meetings]


def test_joint_statement_with_day_first_dates():
    x = run(read_text(samples.JOINT_STATEMENT))
    assert x.doc_type.value == "joint_statement"
    assert iso(x.event_date) == "2024-07-28"
    assert len([p for p in x.people if p.participant]) == 3
    assert x.reported_series.series_key == "trilateral_ministerial"


def test_korean_press_release():
    x = run(read_text(samples.KOREAN_RELEASE))
    assert x.title.value == "신원식 국방부 장관, 오스틴 미국 국방장관과 회담"
    assert (x.language, x.publisher.value) == ("ko", "mnd")
    assert iso(x.date) == "2024-07-28"
    assert x.location.value == ("Tokyo", "JP")
    assert [(p.name, p.country) for p in x.people] == [("신원식", "KR"), ("오스틴", "US")]
    assert [m.series_key for m in x.meetings] == ["ncg"]


def test_congressional_release_date_without_year_is_warned():
    x = run(read_text(samples.CONGRESSIONAL))
    assert (x.doc_type.value, x.publisher.value) == ("press_release", "senate")
    assert iso(x.event_date) == "2024-05-31"
    assert any("has no year" in w and "weekday" in w for w in x.warnings)
    assert [p.name for p in x.people if p.participant] == [
        "Dan Sullivan",
        "Tammy Duckworth",
        "Laphonza Butler",
        "Shin Won Sik",
    ]


def test_news_dateline_without_year_takes_the_year_from_the_text_with_a_warning():
    x = run(read_text(samples.NEWS_YONHAP))
    assert iso(x.date) == "2023-11-13"
    assert x.publisher.value == "yonhap"
    assert x.location.value == ("Seoul", "KR")
    assert any('"Nov. 13" has no year; 2023 is assumed' in w for w in x.warnings)
    assert x.reported_series is None  # "a day after the 55th SCM"


def test_published_label_gives_the_publication_date():
    x = run(read_text(samples.NEWS_DAY_FIRST))
    assert (iso(x.date), iso(x.event_date)) == ("2024-06-02", "2024-06-01")


def test_numeric_day_first_date():
    x = run(read_text(samples.NUMERIC_DMY))
    assert iso(x.date) == "2020-10-14"
    assert (x.reported_series.series_key, x.reported_series.ordinal) == ("scm", 52)


def test_fuller_headline_replaces_a_truncated_one():
    x = run(read_text(samples.TRUNCATED_WITH_FULL))
    assert x.title.value.endswith("Increasing Strategic Value of Korean Peninsula")
    assert not any("cut short" in w for w in x.warnings)


def test_inaugural_meeting_has_ordinal_one():
    text = read_text(
        "NCG meets\n\nMay 1, 2023\n\nThe inaugural meeting of the Nuclear Consultative Group was held in July 2023."
    )
    x = run(text)
    assert ("ncg", 1, "2023-07") in [(m.series_key, m.ordinal, m.date and m.date.isoformat()) for m in x.meetings]


def test_a_meeting_named_with_its_acronym_in_brackets_keeps_its_date():
    text = read_text(
        "Ministers meet\n\nMay 1, 2024\n\nThey recalled the 52nd Security Consultative Meeting (SCM) held in "
        "October 2020 and the inaugural meeting of the Nuclear Consultative Group (NCG) in July 2023."
    )
    found = [(m.series_key, m.ordinal, m.date and m.date.isoformat()) for m in run(text).meetings]
    assert ("scm", 52, "2020-10") in found
    assert ("ncg", 1, "2023-07") in found


def test_a_meeting_date_on_the_wrapped_next_line_is_taken_but_a_dateline_under_a_headline_is_not():
    wrapped = read_text(
        "Ministers meet\n\nMay 1, 2024\n\nThey recalled the 52nd Security Consultative Meeting\n"
        "(SCM) held in Seoul on October 14, 2020, and its outcomes.\n"
    )
    assert [(m.series_key, m.ordinal, m.date.isoformat()) for m in run(wrapped).meetings] == [("scm", 52, "2020-10-14")]
    dateline = read_text(
        "Allies prepare the 56th Security Consultative Meeting\nOctober 2, 2024\n\n"
        "Minister of National Defense Kim Yong-hyun spoke to the press on October 2, 2024.\n"
    )
    assert [(m.series_key, m.ordinal, m.date) for m in run(dateline).meetings] == [("scm", 56, None)]


def test_themes_are_suggested_from_keywords(db):
    from archive.ingest.reference import load_reference
    from tests.factories import PolicyThemeFactory

    PolicyThemeFactory(slug="extended-deterrence", keywords="extended deterrence\nnuclear umbrella")
    PolicyThemeFactory(slug="cyber", keywords="cyber")
    _text, x = seed("001")
    text = read_source("seed", seed_bytes("001"), max_bytes=5 * 1024 * 1024).text
    x = run(text, load_reference())
    assert [slug for slug, _span in x.themes] == ["extended-deterrence"]
    assert text[slice(*x.themes[0][1])].lower() == "extended deterrence"


def test_the_archives_themes_are_suggested_for_a_korean_text(db):
    import json
    from pathlib import Path

    from archive.ingest.reference import load_reference
    from tests.factories import PolicyThemeFactory

    themes = json.loads((Path(__file__).resolve().parents[3] / "fixtures/reference/themes.json").read_text())
    for slug, theme in themes.items():
        PolicyThemeFactory(slug=slug, keywords="\n".join(theme["keywords"]))
    x = run(
        read_text(
            "국방부\n제25차 한미통합국방협의체(KIDD) 개최\n작성일 : 2024-09-13\n\n"
            "양측은 확장억제 강화와 전시작전통제권 전환, 한미일 안보협력프레임워크에 따른 협력을 논의하였다.\n"
        ),
        load_reference(),
    )
    assert {"extended-deterrence", "opcon-transition", "trilateral-security-cooperation"} <= {
        slug for slug, _span in x.themes
    }


def test_file_without_a_date_is_refused():
    with pytest.raises(IngestError, match="sample.txt: no date found"):
        run(read_text(samples.NO_DATE))


def test_file_without_a_title_is_refused():
    with pytest.raises(IngestError, match="sample.txt: no title found"):
        run(read_text("Press Release\n\nJuly 28, 2024\n"))


def test_ministry_release_holding_a_numbered_meeting_reports_it():
    x = run(read_text(samples.MND_SCM))
    assert (x.reported_series.series_key, x.reported_series.ordinal) == ("scm", 56)
    assert [p.name for p in x.people if p.participant] == ["Kim Yong-hyun", "Lloyd J. Austin III"]
    # The only year nearby is that of the previous meeting: the guess is said out loud, not made silently.
    assert iso(x.event_date) == "2023-10-30"
    assert any('"Oct. 30" has no year; 2023 is assumed from the text.' in w for w in x.warnings)
    assert x.location.value == ("Washington, D.C.", "US")


def test_state_department_readout_finds_the_foreign_minister_and_the_office_line_date():
    x = run(read_text(samples.STATE_READOUT))
    assert iso(x.date) == "2024-02-21"
    cho = next(p for p in x.people if p.name == "Cho Tae-yul")
    assert (cho.title, cho.country, cho.organization, cho.participant) == ("Foreign Minister", "KR", "mofa", True)
    assert next(p for p in x.people if p.name == "Antony J. Blinken").organization == "dos"


def test_white_house_readout_keeps_the_junior_suffix():
    x = run(read_text(samples.WHITE_HOUSE))
    assert {p.name for p in x.people if p.participant} == {"Joseph R. Biden, Jr.", "Yoon Suk Yeol"}
    assert {o.key for o in x.organizations} == {"nato"}


def test_section_labels_above_the_headline_are_not_the_title():
    text = read_text(
        "Statements\n\nReadout\n\nSecretary Austin's Call With Minister Shin\n\nJuly 2, 2024\n\n"
        "Secretary of Defense Lloyd J. Austin III spoke with Minister of National Defense Shin Won-sik."
    )
    assert run(text).title.value == "Secretary Austin's Call With Minister Shin"


@pytest.mark.parametrize(
    "body, published",
    [
        # a date in another paragraph is another event (an earlier summit), not this meeting's
        (
            "Minister of National Defense Shin Won-sik met Secretary of Defense Lloyd J. Austin III in Seoul.\n\n"
            "The two sides recalled the summit held in Washington in April 2023.",
            "July 28, 2024",
        ),
    ],
)
def test_a_meeting_without_its_own_date_takes_the_publication_date_with_a_warning(body, published):
    x = run(read_text(f"Austin and Shin talk\n\n{published}\n\n{body}\n"))
    assert x.event_date.value == x.date.value and x.date.value is not None
    assert "The meeting's own date is not stated; the publication date is used." in x.warnings


@pytest.mark.parametrize(
    "body, published, event",
    [
        (
            "Secretary of Defense Lloyd J. Austin III spoke today with Minister of National Defense Shin Won-sik.",
            "July 2, 2024",
            "2024-07-02",
        ),
        (
            "Minister of National Defense Shin Won-sik met Secretary of Defense Lloyd J. Austin III yesterday.",
            "July 2, 2024",
            "2024-07-01",
        ),
        # the latest Wednesday before a Friday's story
        (
            "Minister of National Defense Kim Yong-hyun met Secretary of Defense Lloyd J. Austin III on Wednesday.",
            "Friday, November 1, 2024",
            "2024-10-30",
        ),
        # the day itself when the story is of that weekday
        (
            "Minister of National Defense Ahn Gyu-back met Secretary of Defense Pete Hegseth on Tuesday.",
            "Tuesday, November 4, 2025",
            "2025-11-04",
        ),
    ],
)
def test_a_meeting_day_written_relative_to_the_story_is_counted_from_the_publication_date(body, published, event):
    x = run(read_text(f"Defense chiefs talk\n\n{published}\n\n{body}\n"))
    assert iso(x.event_date) == event
    assert any("is counted from the publication date" in warning for warning in x.warnings)


@pytest.mark.parametrize(
    "text, meetings",
    [
        # relative days after the meeting, or opening the sentence that reports it
        (
            "Allies meet\n\nNov. 13, 2023\n\nThe Chairmen held the 48th Military Committee Meeting yesterday. "
            "On Monday, Gen. Kim and Gen. Brown held the 49th Military Committee Meeting.",
            [("mcm", 48, "2023-11-12"), ("mcm", 49, "2023-11-13")],
        ),
        # an opening date with its year
        (
            "Allies meet\n\nNov. 14, 2023\n\nOn November 13, 2023, the ministers held the 55th SCM in Seoul.",
            [("scm", 55, "2023-11-13")],
        ),
        # Korean: the date, where it was held, then the meeting; a date without a year takes the publication's
        (
            "국방부 보도자료\n작성일 : 2024-09-13\n\n양측은 지난 6월 10일 워싱턴에서 개최된 제3차 핵협의그룹 "
            "회의 결과를 평가하였다. 2023. 11. 13. 서울에서 개최된 제55차 한미안보협의회의에서 합의하였다.",
            [("ncg", 3, "2024-06-10"), ("scm", 55, "2023-11-13")],
        ),
        # the headline names the meeting and the date line under it is the page's, not the meeting's
        (
            "국방부\n제25차 한미통합국방협의체(KIDD) 개최\n작성일 : 2024-09-13\n\n국방부는 회의를 개최하였다.",
            [("kidd", 25, None)],
        ),
        # a date in another sentence opening is not taken by a meeting the sentence does not report
        (
            "Allies meet\n\nNov. 14, 2023\n\nOn November 13, 2023, the NCG was mentioned in a speech.",
            [("ncg", None, None)],
        ),
    ],
)
def test_meeting_dates_written_around_the_meeting(text, meetings):
    x = run(read_text(text))
    assert [(m.series_key, m.ordinal, m.date and m.date.isoformat()) for m in x.meetings] == meetings


@pytest.mark.parametrize(
    "sentence, meetings",
    [
        # the ordinal before "meeting of the", the series' country words after it
        (
            "ahead of the fourth meeting of the Korea-U.S. Nuclear Consultative Group (NCG) in Washington.",
            [("ncg", 4)],
        ),
        # "the first ... in five years" is not the first of the series; the name written "Ministerial"
        (
            'for the fifth ROK-U.S. Foreign and Defense Ministerial Meeting ("2+2"). This was the first 2+2 in five '
            "years.",
            [("two_plus_two", 5)],
        ),
        ("the Nuclear Consultative Group, which held its first meeting in July, met.", [("ncg", 1)]),
        ('their "2+2" talks, the 2+2 meeting, the sixth of its kind, ended.', [("two_plus_two", 6)]),
        # a vice-ministers' "2+2 forum" is the EDSCG, not the ministers' meeting
        ("The EDSCG is a vice-ministerial 2+2 forum that discusses deterrence.", [("edscg", None)]),
    ],
)
def test_meeting_ordinals_as_sources_write_them(sentence, meetings):
    x = run(read_text(f"Allies meet\n\nNov. 14, 2024\n\nThe ministers spoke {sentence}\n"))
    assert [(m.series_key, m.ordinal) for m in x.meetings] == meetings


def test_a_korean_release_body_after_its_attachment_list_is_read():
    x = run(
        read_text(
            "국방부\n제25차 한미통합국방협의체(KIDD) 개최\n작성일 : 2024-09-13\n담당부서 : 국방정책실\n첨부파일\n"
            "[보도자료] 제25차 한미통합국방협의체(KIDD) 개최 결과.hwp\n\n"
            "□ 국방부는 9.12.(목)~13.(금) 양일간 서울 국방부 청사에서 제25차 한미통합국방협의체(KIDD)를 개최하였다.\n\n"
            " ㅇ 이번 회의에는 우리측 조창래 국방정책실장과 미측 캐러 애버크롬비(Cara Abercrombie) 국방부 정책부차관 "
            "대행이 수석대표로 참석하였다.\n"
        )
    )
    assert "국방부는" in x.body and ".hwp" not in x.body
    assert (iso(x.event_date), x.location.value) == ("2024-09-12", ("Seoul", "KR"))
    assert [(m.series_key, m.ordinal, m.date.isoformat()) for m in x.meetings] == [("kidd", 25, "2024-09-12")]
    assert {p.name: p.participant for p in x.people} == {"조창래": True, "Cara Abercrombie": True}


def test_html_page_is_read_as_its_visible_text():
    text = read_source("page.html", samples.HTML_READOUT.encode(), max_bytes=10**6)
    assert "Read as an HTML page: tags, scripts and navigation removed." in text.warnings
    assert "tracking" not in text.text and "<p" not in text.text
    x = run(text.text)
    assert x.title.value == "Readout of Secretary of Defense Lloyd J. Austin III's Call With Minister Shin"
    assert iso(x.event_date) == "2024-07-02"
    assert [(p.name, p.participant) for p in x.people] == [("Lloyd J. Austin III", True), ("Shin Won-sik", True)]
    assert x.meeting_kind == "call"


def test_a_wrapped_body_line_that_starts_with_a_date_is_not_the_publication_date():
    text = read_text(
        "Page 45 - 2022 Defense White Paper\nP. 45\n3 Strengthening the ROK-US Alliance\n"
        "The leaders of the two countries met in Seoul and, on\n"
        "May 21, 2022, the Presidents of the two countries held a summit and reaffirmed the alliance.\n"
        "2022 Defense White Paper"
    )
    x = run(text)
    assert iso(x.date) == "2022"
    dated = read_text("Ministers meet\n\nFriday, May 31, 2024\n\nThe ministers met in Singapore on May 31, 2024.")
    assert iso(run(dated).date) == "2024-05-31"


def test_a_national_security_council_is_not_the_un_security_council():
    from archive.ingest.mentions import extract_organizations

    reference = builtin_reference()
    assert extract_organizations("The National Security Council met in Washington.", reference) == []
    found = extract_organizations("North Korea defied the Security Council again.", reference)
    assert [(o.key, o.as_written) for o in found] == [("unsc", "the Security Council")]


def test_a_site_header_is_not_the_headline_and_a_title_bar_gives_the_fuller_headline_without_its_site():
    text = read_text(
        "U.S. Department of Defense\n\nAustin, Kim Reaffirm Alliance...\n\nOct. 30, 2024\n\n"
        "Secretary of Defense Lloyd J. Austin III hosted Minister of National Defense Kim Yong-hyun on Oct. 30, 2024.\n"
        "\nAustin, Kim Reaffirm Alliance for Peace | Official website\n"
    )
    assert run(text).title.value == "Austin, Kim Reaffirm Alliance for Peace"  # from the title bar, without its site
    header = read_text("Ministry of National Defense\n\nMinisters discuss deterrence\n\nJuly 28, 2024\n\nThey met.\n")
    assert run(header).title.value == "Ministers discuss deterrence"


def test_a_text_with_single_line_breaks_still_has_its_participants_and_meeting_date():
    text = read_text(
        "Defense chiefs meet in Seoul\nJuly 28, 2024\nMinister of National Defense Shin Won-sik met Secretary of "
        "Defense Lloyd J. Austin III in Seoul on July 27, 2024.\nThey discussed extended deterrence.\n"
    )
    x = run(text)
    assert [(p.name, p.participant) for p in x.people] == [("Shin Won-sik", True), ("Lloyd J. Austin III", True)]
    assert (iso(x.date), iso(x.event_date)) == ("2024-07-28", "2024-07-27")


def test_the_first_body_sentence_is_not_taken_for_the_fuller_form_of_a_cut_headline():
    text = read_text(
        "News Zone\n\nPress Release\n\nMinister of National Defense Shin Won Sik...\n\n"
        "Minister of National Defense Shin Won Sik met with a delegation of three U.S. Senators in Singapore on "
        "May 31, 2024 to exchange views on the security situation on the Korean Peninsula and beyond.\n"
    )
    x = run(text)
    assert x.title.value == "Minister of National Defense Shin Won Sik…"  # a short name part is kept
    assert "The title is cut short in the source; the full headline is not in the file." in x.warnings


@pytest.mark.parametrize(
    ("cut", "title"),
    [
        (
            "Ministers Agree on Strategic Value of Korean Peninsula fo...",
            "Ministers Agree on Strategic Value of Korean Peninsula…",
        ),
        ("Ministers Discuss Deterrence With the...", "Ministers Discuss Deterrence With…"),
        ("Defense Ministers Discuss the NCG...", "Defense Ministers Discuss the NCG…"),
        (
            "Minister Shin Meets U.S. Secretary of Defense in the ROK…",
            "Minister Shin Meets U.S. Secretary of Defense in the ROK…",
        ),
    ],
)
def test_a_cut_headline_drops_a_cut_off_word_but_keeps_names_and_acronyms(cut, title):
    x = run(read_text(f"Press Release\n\n{cut}\n\nJuly 28, 2024\n\nThe ministers met in Seoul on July 28, 2024.\n"))
    assert x.title.value == title


def test_a_communique_of_a_numbered_meeting_reports_that_meeting():
    text = read_text(
        "Joint Communiqué of the 56th Security Consultative Meeting\n\nOctober 30, 2024\n\n"
        "Minister of National Defense Kim Yong-hyun met Secretary of Defense Lloyd J. Austin III in "
        "Washington, D.C., on October 30, 2024.\n"
    )
    reported = run(text).reported_series
    assert (reported.series_key, reported.ordinal) == ("scm", 56)
    ahead = read_text(
        "Ministers meet\n\nOctober 29, 2024\n\nMinister of National Defense Kim Yong-hyun met Secretary of "
        "Defense Lloyd J. Austin III in Washington on October 29, 2024, ahead of the 56th SCM.\n"
    )
    assert run(ahead).reported_series is None


@pytest.mark.parametrize(
    "text, keys",
    [
        (
            "SEOUL, Nov. 1 (Yonhap) -- North Korea fired a missile, the Joint Chiefs of Staff (JCS) said.",
            ["yonhap", "rok_jcs"],
        ),
        ("합동참모본부는 이날 북한이 탄도미사일을 발사했다고 밝혔다.", ["rok_jcs"]),
        ("Secretary Austin met the Joint Chiefs of Staff at the Pentagon.", ["us_jcs", "dod"]),
        (
            "The Pentagon said. ROK Chairman of the Joint Chiefs of Staff Adm. Kim Myung-soo attended.",
            ["dod", "rok_jcs"],
        ),
        (
            "Korea Herald\nThe ROK JCS and the U.S. Joint Chiefs of Staff met.",
            ["rok_jcs", "us_jcs"],
        ),
    ],
)
def test_each_countrys_joint_chiefs_of_staff_is_told_apart_by_the_country_written_or_the_texts_side(text, keys):
    from archive.ingest.mentions import extract_organizations

    assert [o.key for o in extract_organizations(text, builtin_reference())] == keys


def test_a_defense_ministry_of_another_country_is_not_koreas():
    from archive.ingest.mentions import extract_organizations

    reference = builtin_reference()

    def found(text):
        return [o.key for o in extract_organizations(text, reference)]

    assert found("The Chinese Defense Ministry protested.") == []
    assert found("The Japanese Defense Ministry agreed.") == ["jmod"]
    assert found("The Defense Ministry said.") == ["mnd"]
    assert found("The U.S. Defense Department said.") == ["dod"]


@pytest.mark.parametrize(
    ("sentence", "place", "written"),
    [
        # the first place named after "in", "at" or "to"; one named otherwise is passed over
        ("Tokyo officials said the ministers met in Seoul on May 2.", ("Seoul", "KR"), "Seoul"),
        ("The ministers met at the Pentagon, then flew to Tokyo.", ("Washington, D.C.", "US"), "the Pentagon"),
        ("The ministers met in Washington, D.C. and Seoul.", ("Washington, D.C.", "US"), "Washington, D.C."),
        ("In talks in Singapore, the ministers met.", ("Singapore", "SG"), "Singapore"),
        # a Korean place needs no preposition
        ("양 장관은 서울에서 회담을 개최했다.", ("Seoul", "KR"), "서울"),
    ],
)
def test_the_place_is_the_first_one_the_meeting_sentence_puts_it_in(sentence, place, written):
    from archive.ingest.extract import extract_place

    text = f"Header\n\n{sentence}\n"
    start = text.index(sentence)
    found = extract_place(text, (start, start + len(sentence)))
    assert found.value == place
    assert text[slice(*found.span)] == written


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("The ministers met in Seoul — “a strong alliance”, they said. Communiqué follows.", "en"),
        ("The ministers (국방부 장관) met in Seoul to discuss extended deterrence and more.", "en"),
        ("국방부 장관은 서울에서 미국 국방장관과 회담을 개최했다. NCG", "ko"),
    ],
)
def test_the_language_is_korean_only_when_hangul_makes_up_much_of_the_letters(body, language):
    x = run(f"Ministers meet in Seoul\n\nJuly 28, 2024\n\n{body}\n")
    assert x.language == language


HEADLINE = "Austin, Kim Reaffirm Alliance Ahead of SCM"


@pytest.mark.parametrize(
    "above",
    [
        "Skip to main content (Press Enter).\nHome | News | Releases | Spotlights | Contact",  # skip link, menu
        "U.S. Department of Defense > News > Releases",  # a breadcrumb
        "Korea Herald > National > Defense",
        "국방부 | 알림마당 | 보도자료\n본문 바로가기 주메뉴 바로가기",  # a Korean breadcrumb and skip links
        "Senator Tammy Duckworth\nHome  About  Issues  Newsroom  Services  Contact\nNewsroom > Press Releases",
        "Yonhap News Agency\nNATIONAL | POLITICS | NORTH KOREA | ECONOMY",  # an outlet's name, its sections
    ],
)
def test_navigation_site_names_and_skip_links_above_the_headline_are_not_the_title(above):
    text = read_text(
        f"{above}\n{HEADLINE}\nOct. 30, 2024\n\n"
        "Secretary of Defense Lloyd J. Austin III hosted Minister of National Defense Kim Yong-hyun on Oct. 30, 2024."
    )
    assert run(text).title.value == HEADLINE


def test_a_title_bar_with_a_single_separator_still_gives_its_headline():
    text = read_text(f"{HEADLINE}...\n\nOct. 30, 2024\n\nThey met.\n\n{HEADLINE} in Washington | Official website\n")
    assert run(text).title.value == f"{HEADLINE} in Washington"


def test_a_white_paper_page_title_skips_its_running_header_and_page_number_and_drops_the_section_label():
    text = read_text(
        "2022 Defense White Paper                                   Chapter 6\n180\n"
        "Section 2  Developing the ROK–US Alliance into a Global Compre-\nhensive Strategic Alliance\n"
        "The ROK and the US held the 54th Security Consultative Meet-\ning (SCM) in Washington, D.C. on November 3, "
        "2022, where Minis-\nter of National Defense Lee Jong-sup and US Secretary of Defense Lloyd J. Austin III "
        "reaffirmed the commitment.\n180  2022 Defense White Paper\n"
    )
    x = run(text)
    assert x.doc_type.value == "white_paper"
    assert x.title.value == "Developing the ROK–US Alliance into a Global Comprehensive Strategic Alliance"
    assert [(m.series_key, m.ordinal) for m in x.meetings][:1] == [("scm", 54)]
    assert ("Lee Jong-sup", True) in [(p.name, p.participant) for p in x.people]


WHITE_PAPER_PAGE = (
    "2022 Defense White Paper                                   Chapter 6\n180\n"
    "Section 2  Developing the ROK–US Alliance into a Global Compre-\nhensive Strategic Alliance\n"
    "The ROK and the US held the 54th Security Consultative Meet-\n"
    "ing (SCM) in Washington, D.C. on November 3, 2022, where Minis-\n"
    "ter of National Defense Lee Jong-sup and US Secretary of Defense\n"
    "Lloyd J. Austin III reaffirmed the commitment to strength-\n"
    "en extended deterrence. The two ministers also agreed to expand\n"
    "the scale of combined exercises and to reinvigorate the Extended\n"
    "Deterrence Strategy and Consultation Group (EDSCG), which was re-\n"
    "convened in September 2022 for the first time in four years.\n"
    "  Ministry of National Defense\n"
    "  Korea Integrated Defense Dialogue  The KIDD is a vice-ministerial\n"
    "  consultative body established in 2011.\n"
    "In addition, the two countries held the 21st KIDD in Seoul in Sep-\n"
    "tember 2022 and discussed the ROK–US Integrated Defense Dialogue\n"
    "agenda, including the co-sustainment of the combined defense pos-\n"
    "ture and future-oriented alliance cooperation.\n"
    "180  2022 Defense White Paper\n"
)


def test_mending_words_broken_at_line_ends_does_not_make_a_white_paper_body_line_read_as_a_sidebar():
    # Joining "Minis-" with its line's tail once made that line far longer than the column, and the
    # sidebar rule then blanked the start of the next line: "Lloyd J." was lost and "Austin III" left.
    text, x = extract_source(WHITE_PAPER_PAGE)
    assert x.title.value == "Developing the ROK–US Alliance into a Global Comprehensive Strategic Alliance"
    people = {p.name: p for p in x.people}
    assert set(people) == {"Lee Jong-sup", "Lloyd J. Austin III"}
    austin = people["Lloyd J. Austin III"]
    assert (austin.title, austin.country) == ("Secretary of Defense", "US")
    body = " ".join(x.body.split())
    assert "Lloyd J. Austin III reaffirmed the commitment to strengthen extended deterrence." in body
    assert [(m.series_key, m.ordinal, str(m.date)) for m in x.meetings if m.ordinal] == [
        ("scm", 54, "3 November 2022"),
        ("kidd", 21, "September 2022"),
    ]


def test_a_headline_broken_with_a_hyphen_at_a_line_end_goes_on_to_the_next_line():
    text, x = extract_source(
        "Allies Reaffirm Extended Deterrence Commit-\nment Before the 56th SCM\n\nOctober 2, 2024\n\n"
        "Minister of National Defense Kim Yong-hyun met the press on October 2, 2024."
    )
    assert x.title.value == "Allies Reaffirm Extended Deterrence Commitment Before the 56th SCM"
    written = text[x.title.span[0] : x.title.span[1]]
    assert written == "Allies Reaffirm Extended Deterrence Commitment\nBefore the 56th SCM"


def test_a_defense_secretary_is_the_us_secretary_of_defense():
    text = read_text(
        "Defense chiefs talk by phone\n\nMay 31, 2024\n\n"
        "Defense Minister Shin Won-sik and U.S. Defense Secretary Lloyd Austin spoke by phone on May 30, 2024."
    )
    people = {p.name: p for p in run(text).people}
    austin = people["Lloyd Austin"]  # as written: the reference of this test does not hold him
    assert (austin.title, austin.country, austin.participant) == ("Defense Secretary", "US", True)
    assert people["Shin Won-sik"].participant


def test_a_communique_heading_on_two_lines_is_one_title():
    text = read_text(
        "Joint Communiqué\nThe 56th Security Consultative Meeting\nNovember 4, 2024, Washington, D.C.\n\n"
        "1. The 56th SCM was held in Washington, D.C., on October 30, 2024."
    )
    assert run(text).title.value == "Joint Communiqué: The 56th Security Consultative Meeting"
    alone = read_text("Joint Communiqué\n\nJuly 28, 2024\n\nThe ministers met in Tokyo on July 28, 2024.")
    assert run(alone).title.value == "Joint Communiqué"  # a date, not a heading, comes next


def test_the_end_of_an_office_or_a_menu_is_not_taken_for_a_name():
    text = read_text(
        "Ministers meet in Washington\n\nOctober 30, 2024\n\n"
        "Before the SCM, the Chairman of the U.S. Joint Chiefs of Staff, General Charles Q. Brown, Jr., and the "
        "Chairman of the ROK Joint Chiefs of Staff, General Kim Myung-soo, held the 49th Military Committee Meeting."
    )
    assert "Staff" not in [p.name for p in run(text).people]
    menu = read_text(
        "Senator Tammy Duckworth\nHome  About  Issues  Newsroom  Services  Contact\n\nDelegation visits Seoul\n\n"
        "April 16, 2024\n\nSenator Tammy Duckworth met Minister of National Defense Shin Won-sik in Seoul."
    )
    assert [p.name for p in run(menu).people if "Duckworth" in p.name] == ["Tammy Duckworth"]


def meetings_of(text):
    return [(m.series_key, m.ordinal, m.date and m.date.isoformat()) for m in run(read_text(text)).meetings]


def test_one_meeting_named_twice_is_one_mention_with_its_date():
    found = meetings_of(
        "The 56th SCM in Washington\n\nNovember 4, 2024\n\n"
        "The 56th SCM was held on October 30, 2024. The NCG reported to the 56th SCM. The NCG met for the fourth "
        "time, and the fourth NCG meeting was held on December 6, 2024."
    )
    assert found.count(("scm", 56, "2024-10-30")) == 1 and [f for f in found if f[0] == "scm"] == [
        ("scm", 56, "2024-10-30")
    ]
    assert ("ncg", None, None) not in found  # the bare "NCG" when one of its meetings is named


def test_a_date_after_before_the_scm_is_another_events():
    found = meetings_of(
        "Military chiefs meet\n\nOctober 29, 2024\n\n"
        "Before the SCM, on October 29, 2024, the chairmen held the 49th Military Committee Meeting (MCM)."
    )
    assert ("scm", None, "2024-10-29") not in found


def test_the_founding_of_a_body_is_not_one_of_its_meetings():
    found = meetings_of(
        "Allies to hold NCG talks\n\nNovember 4, 2024\n\n"
        "The allies launched the NCG in April 2023 under the Washington Declaration. The fourth NCG meeting will "
        "be held in December 2024."
    )
    assert ("ncg", None, "2023-04") not in found
    assert ("ncg", 4, "2024-12") in found


@pytest.mark.parametrize(
    "written, name, title",
    [
        (
            "U.S. Principal Deputy Assistant Secretary of Defense for Space Policy Vipin Narang",
            "Vipin Narang",
            "Principal Deputy Assistant Secretary of Defense for Space Policy",
        ),
        ("Under Secretary of Defense for Policy Colin Kahl", "Colin Kahl", "Under Secretary of Defense for Policy"),
        (
            "Assistant Secretary of Defense for Indo-Pacific Security Affairs Ely Ratner",
            "Ely Ratner",
            "Assistant Secretary of Defense for Indo-Pacific Security Affairs",
        ),
    ],
)
def test_the_field_of_a_defense_office_ends_before_the_name(written, name, title):
    text = read_text(
        f"NCG meets in Washington\n\nDecember 9, 2024\n\nThe meeting was co-chaired by Vice Minister of National "
        f"Defense Kim Seon-ho and {written} on December 6, 2024."
    )
    people = {p.name: p.title for p in run(text).people}
    assert people.get(name) == title


def test_a_hangul_name_spelled_in_latin_letters_in_brackets_is_that_person_everywhere():
    text = read_text(
        "신원식 국방부장관, 오스틴 미국 국방장관과 한미 국방장관회담 개최\n등록일 2024년 6월 3일\n\n"
        "신원식 국방부장관은 6월 2일(일) 싱가포르에서 로이드 오스틴(Lloyd J. Austin III) 미국 국방장관과 "
        "한미 국방장관회담을 가졌다.\n"
    )
    people = [(p.name, p.country, p.surname_only) for p in run(text).people]
    assert ("Lloyd J. Austin III", "US", False) in people
    assert not [name for name, _country, _surname in people if name == "오스틴"]  # the headline's mention is him


@pytest.mark.parametrize(
    "sentence",
    [
        "They met United States Forces Korea (USFK) Commander Gen. Paul LaCamera in Seoul on April 15, 2024.",
        "Gen. Paul LaCamera, commander of U.S. Forces Korea, met them in Seoul on April 15, 2024.",
    ],
)
def test_the_usfk_commander_is_found_with_his_command_however_it_is_written(sentence):
    people = {p.name: p for p in run(read_text(f"Delegation visits Seoul\n\nApril 16, 2024\n\n{sentence}")).people}
    commander = people["Paul LaCamera"]
    assert (commander.organization, commander.country) == ("usfk", "US")


def test_a_news_story_names_its_outlet_as_publisher_from_its_breadcrumb():
    text = read_text(
        "Korea Herald > National > Defense\nDefense chiefs talk by phone after N. Korean missile launch\n"
        "Posted : Friday, May 31, 2024\n\nDefense Minister Shin Won-sik and U.S. Defense Secretary Lloyd Austin spoke "
        "by phone on Thursday, May 30, the ministry said.\n\nBy Choi Si-young (siyoungchoi@heraldcorp.com)\n"
    )
    x = run(text)
    assert x.doc_type.value == "news_story"
    assert x.publisher.value == "Korea Herald"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "They reviewed the Nuclear Consultative Group since its inaugural meeting in July 2023.",
            ("ncg", 1, "2023-07"),
        ),
        (
            "They praised the Korea-U.S. Integrated Defense Dialogue (KIDD), the 25th of which was held in "
            "September 2024.",
            ("kidd", 25, "2024-09"),
        ),
    ],
)
def test_an_ordinal_written_after_the_series_names_that_meeting(sentence, expected):
    assert expected in meetings_of(f"Alliance review\n\nNovember 4, 2024\n\n{sentence}")


def test_the_speakers_of_a_transcript_are_its_participants_and_only_they():
    x = run(
        read_text(
            "Transcript\nSecretary Austin and Minister Shin Hold a Joint Press Conference in Seoul\nNov. 13, 2023\n\n"
            "MINISTER OF NATIONAL DEFENSE SHIN WON-SIK: Good afternoon. Today, Secretary of Defense Lloyd J. Austin "
            "III and I held the 55th SCM here in Seoul. Yesterday, Chairman of the Joint Chiefs of Staff Gen. Kim "
            "Seung-kyum held the 48th Military Committee Meeting with General Brown.\n\n"
            "SECRETARY OF DEFENSE LLOYD J. AUSTIN III: Thank you, Minister of National Defense Shin Won-sik.\n"
        )
    )
    assert x.doc_type.value == "transcript"
    assert {p.name: p.participant for p in x.people} == {
        "Lloyd J. Austin III": True,
        "Shin Won-sik": True,
        "Kim Seung-kyum": False,
        "Brown": False,
    }


def test_a_korean_meeting_name_broken_across_a_pdf_line_is_found():
    x = run(
        read_text(
            "2024 국방백서\n제1절  한미동맹의 지속 발전\n\n"
            "  2023. 11. 13. 서울에서 개최된 제55차 한미안보협의회\n의(SCM)에서 양국 장관은 "
            "맞춤형 억제전략에 서명하였다.\n"
        )
    )
    assert [(m.series_key, m.ordinal, m.date.isoformat()) for m in x.meetings] == [("scm", 55, "2023-11-13")]
