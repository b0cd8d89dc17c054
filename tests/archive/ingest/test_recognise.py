import pytest

from archive.ingest.read import read_source
from archive.ingest.recognise import recognise, recognise_kind

from . import samples
from .conftest import read_text, seed_bytes


def seed_text(prefix):
    return read_source("seed", seed_bytes(prefix), max_bytes=5 * 1024 * 1024).text


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [("000", "white_paper"), ("001", "news_story"), ("004", "ministry_release")],
)
def test_seed_kind_is_recognised(prefix, kind):
    assert recognise_kind(seed_text(prefix))[0] == kind


@pytest.mark.parametrize(
    ("text", "kind", "source_format", "doc_type"),
    [
        (samples.DOD_READOUT, "readout", "readout", "readout"),
        (samples.VIDEO_CALL, "readout", "readout", "readout"),
        (samples.JOINT_COMMUNIQUE, "communique", "joint_statement", "communique"),
        (samples.JOINT_STATEMENT, "joint_statement", "joint_statement", "joint_statement"),
        (samples.KOREAN_RELEASE, "ministry_release", "press_release", "press_release"),
        (samples.CONGRESSIONAL, "congressional_release", "press_release", "press_release"),
        (samples.NEWS_YONHAP, "news_story", "news_story", "news_story"),
        (samples.NUMERIC_DMY, "generic", "generic", "other"),
    ],
)
def test_kind_format_and_type_are_recognised(text, kind, source_format, doc_type):
    layout = recognise(read_text(text))
    assert (layout.kind, layout.format, layout.doc_type) == (kind, source_format, doc_type)


def test_news_story_mentioning_a_joint_statement_in_its_body_stays_a_news_story():
    text = "Allies hold talks\n\nBy Lee Min-ji\n\nSEOUL (Yonhap) -- The ministers issued a Joint Statement later."
    assert recognise_kind(read_text(text))[0] == "news_story"


def test_clean_text_keeps_the_length_of_the_read_text():
    text = seed_text("001")
    assert len(recognise(text).clean) == len(text)


def test_news_story_cruft_is_blanked():
    clean = recognise(seed_text("001")).clean
    assert "Webp" not in clean
    assert "ORGANIZATIONS IN THIS STORY" not in clean
    assert "Official website" not in clean
    assert clean.count("ROK-U.S. defense ministers discuss security issues at Tokyo meeting") == 1


def test_ministry_release_cruft_is_blanked():
    clean = recognise(seed_text("004")).clean
    assert "News Zone" not in clean
    assert "Press Release" not in clean
    assert "Presentation and Follow-on discussion" not in clean
    assert "\nFile\n" not in clean


def test_white_paper_page_header_and_footer_are_blanked():
    layout = recognise(seed_text("000"))
    assert "Page 204" not in layout.clean
    assert "P. 204" not in layout.clean
    assert layout.page[0] == "204"
    assert layout.work[0] == "2020 Defence White Paper"


def test_white_paper_sidebar_interleaved_with_the_body_is_blanked():
    layout = recognise(seed_text("000"))
    sidebars = [layout.clean and seed_text("000")[s:e] for s, e in layout.sidebars]
    assert "ROK–US bilateral security" in sidebars
    assert "The highest level of the" in sidebars
    assert "participated in by the" not in layout.clean
    assert "is contributing to stability, peace, and prosperity in Northeast Asia" in layout.clean
    assert "The highest level of the is contributing" not in layout.clean


def test_generic_site_cruft_lines_are_blanked():
    text = read_text("Title of the story\nShare\nPrint\nCopyright 2024 Ministry\nAll rights reserved.\nBody text here.")
    clean = recognise(text).clean
    assert clean.split() == ["Title", "of", "the", "story", "Body", "text", "here."]


def test_a_wire_story_about_a_white_paper_is_a_news_story():
    text = (
        "Defense white paper labels N. Korea 'enemy' for first time in 6 years\n\n"
        "SEOUL, Feb. 16 (Yonhap) -- South Korea's defense white paper labeled North Korea an enemy.\n"
    )
    assert recognise_kind(text)[0] == "news_story"
    page = "Page 12 - 2022 Defense White Paper\nP. 12\nThe ROK and the US held the 54th SCM.\n2022 Defense White Paper"
    assert recognise_kind(page)[0] == "white_paper"


MENU = "Home\nAbout\nNewsroom\nContact Us\n"


@pytest.mark.parametrize(
    ("text", "kind", "doc_type"),
    [
        (
            # speakers' offices in capitals: a transcript, though a reporter names an outlet in it
            "U.S. Department of Defense\nToggle navigation\nHome > News > Transcripts\n"
            "Secretary Austin and Minister Shin Hold a Joint Press Conference\nNov. 13, 2023\n\n"
            "MINISTER OF NATIONAL DEFENSE SHIN WON-SIK: (Through interpreter) Good afternoon.\n\n"
            "SECRETARY OF DEFENSE LLOYD J. AUSTIN III: Thank you, Minister Shin.\n\n"
            "STAFF: The first question will go to a reporter from Yonhap News Agency.\n",
            "transcript",
            "transcript",
        ),
        (
            # an outlet named in the body is a source, not the page's masthead
            "Korea and U.S. Sign Security of Supply Arrangement\nNovember 17, 2023\n\n"
            + "The arrangement was signed at the Pentagon.\n\n" * 8
            + "The signing was first reported by Yonhap News Agency.\n\nIt takes effect at once.\n",
            "generic",
            "other",
        ),
        (
            "UNCLASSIFIED\nFOR IMMEDIATE RELEASE      November 12, 2023\nJOINT PRESS RELEASE\n"
            "48th ROK-U.S. Military Committee Meeting\n\nThe Chairmen met in Seoul.\n",
            "joint_statement",
            "joint_statement",
        ),
        (
            "The White House\n" + MENU + "Washington Declaration\nApril 26, 2023\n\nThe two Presidents met.\n",
            "joint_statement",
            "joint_statement",
        ),
        (
            "CSIS | Center for Strategic & International Studies\n" + MENU + "Commentary\n"
            "The Washington Declaration: Bringing the Alliance into the Nuclear Age\nPublished April 27, 2023\n\n"
            "On April 26, 2023, President Biden hosted President Yoon.\n",
            "report",
            "report",
        ),
        (
            "United States Forces Korea\n" + MENU + "Newsroom > Press Releases\n"
            "Brunson assumes command of UNC, CFC and USFK\nBy USFK Public Affairs | Dec. 20, 2024\n\n"
            "He took command.\n",
            "ministry_release",
            "press_release",
        ),
        (
            # a menu pushes a member's party tag down to the twelfth line
            "House Armed Services Committee\nChairman Mike Rogers | Ranking Member Adam Smith\n"
            + MENU
            + "Hearings\nSubcommittees\nPress Releases\nRogers Opening Statement at Hearing\n"
            "Washington, D.C., April 10, 2025\nPress Release\n"
            "Washington, D.C. – Chairman Mike Rogers (R-Ala.) delivered the following remarks.\n",
            "congressional_release",
            "press_release",
        ),
    ],
)
def test_kinds_of_pages_under_a_site_menu_are_recognised(text, kind, doc_type):
    layout = recognise(read_text(text))
    assert (layout.kind, layout.doc_type) == (kind, doc_type)


def test_a_sites_list_of_related_stories_is_not_the_text():
    text = read_text(
        "Allies meet\n\nNov. 4, 2025\n\nThe ministers met in Seoul.\n\nRelated stories\n"
        "Lee, Trump agree on nuclear-powered subs at Gyeongju summit\n[Editorial] An OPCON roadmap is not a transfer\n"
        "\nMost viewed articles\n1 Seoul's real estate prices\n"
    )
    clean = recognise(text).clean
    assert "The ministers met in Seoul." in clean
    assert "Gyeongju" not in clean and "OPCON" not in clean and "real estate" not in clean


@pytest.mark.parametrize(
    ("text", "kind", "doc_type"),
    [
        (
            "War.gov\nNews\nReleases\nSpeeches\nRemarks\nSecretary of War Pete Hegseth Delivers Remarks at Camp "
            "Humphreys\nNov. 3, 2025\n\nThank you all.\n",
            "speech",
            "speech",
        ),
        (
            "HEARING TO RECEIVE TESTIMONY\nThursday, April 10, 2025\n\n1          SENATOR SULLIVAN:  Admiral, thank "
            "you.\n2          ADMIRAL PAPARO:  Senator, thank you.\n",
            "transcript",
            "transcript",
        ),
    ],
)
def test_speeches_and_numbered_hearing_transcripts_are_recognised(text, kind, doc_type):
    layout = recognise(read_text(text))
    assert (layout.kind, layout.doc_type) == (kind, doc_type)
