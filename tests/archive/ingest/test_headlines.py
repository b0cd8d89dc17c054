"""Headlines and date lines of web pages and PDF text: under a site's menu, beside bylines and sections,
with labels and markings, in Korean and Japanese."""

import pytest

from .conftest import extract_source, iso

BODY = (
    "\n\nSecretary of Defense Lloyd J. Austin III met Minister of National Defense Shin Won-sik in Seoul on "
    "November 13, 2023.\n"
)


@pytest.mark.parametrize(
    "head, title, published",
    [
        (
            # a site's menu above the headline, which stands over its date
            "The White House\nMenu\nSearch\nAdministration\nPriorities\nBriefing Room\nEspanol\nBriefing Room\n"
            "Statements and Releases\nWashington Declaration\nApril 26, 2023\nStatements and Releases\nShare\n",
            "Washington Declaration",
            "2023-04-26",
        ),
        (
            # a byline beside the date
            "United States Forces Korea\nSkip to main content (Press Enter).\nToggle navigation\nHome\nAbout\n"
            "Leadership\nNewsroom\nContact Us\nSearch USFK:\nNewsroom > Press Releases\nPrint\n"
            "Brunson assumes command of UNC, CFC and USFK\nBy USFK Public Affairs | Dec. 20, 2024\n",
            "Brunson assumes command of UNC, CFC and USFK",
            "2024-12-20",
        ),
        (
            # a section beside the date, with its time
            "The Korea Times\nAll\nOpinion\nEconomy\nBusiness\nLifestyle\nPeople & Events\nSports\nNorth Korea\n"
            "North Korea fires new solid-fuel ICBM Hwasong-19 as allies meet in Washington\n"
            "North Korea | 2024-11-01 17:05\nBy Jung Da-min\n",
            "North Korea fires new solid-fuel ICBM Hwasong-19 as allies meet in Washington",
            "2024-11-01",
        ),
        (
            # "Nov.4,2025" without spaces, posted and modified
            "hankyoreh\nKorean | 日本語 | 中文\nPolitics\nNorth Korea\nEconomy\nSociety\nInternational\nOpinion\n"
            "Home > English Edition > Politics > Defense\n"
            "[News analysis] Hegseth, Ahn agree on OPCON roadmap at 57th SCM\n"
            "Posted on : Nov.4,2025 17:05 KST  Modified on : Nov.4,2025 19:12 KST\nShare\n",
            "[News analysis] Hegseth, Ahn agree on OPCON roadmap at 57th SCM",
            "2025-11-04",
        ),
        (
            # a photo credit and a byline between the headline and its date
            "CSIS | Center for Strategic & International Studies\nAnalysis\nPrograms\nExperts\nEvents\nPodcasts\n"
            "About\nSupport\nSearch\nCommentary\n"
            "The Washington Declaration: Bringing the Alliance into the Nuclear Age\n"
            "Photo: SAUL LOEB/AFP/Getty Images\nCommentary by Victor Cha and Andy Lim\nPublished April 27, 2023\n",
            "The Washington Declaration: Bringing the Alliance into the Nuclear Age",
            "2023-04-27",
        ),
        (
            # a marking, a release line with its date, a label, then the heading
            "UNCLASSIFIED\nFOR IMMEDIATE RELEASE                                              November 12, 2023\n"
            "JOINT PRESS RELEASE\n48th ROK-U.S. Military Committee Meeting\n",
            "48th ROK-U.S. Military Committee Meeting",
            "2023-11-12",
        ),
        (
            # labels in capitals between the headline and the date
            "U.S. Department of State\nDiplomacy in Action\nHome  Policy Issues  Countries & Areas  About\n\n"
            "Joint Statement of the 2021 Republic of Korea – United States Foreign and Defense Ministerial Meeting\n"
            "MEDIA NOTE\nOFFICE OF THE SPOKESPERSON\nMARCH 18, 2021\n",
            "Joint Statement of the 2021 Republic of Korea – United States Foreign and Defense Ministerial Meeting",
            "2021-03-18",
        ),
        (
            # a place before the date
            "House Armed Services Committee\nChairman Mike Rogers | Ranking Member Adam Smith\nHome\nNews\nHearings\n"
            "Subcommittees\nAbout\nPress Releases\n"
            "Rogers Opening Statement at Hearing on U.S. Military Posture in the Indo-Pacific Region\n"
            "Washington, D.C., April 10, 2025\nPress Release\n",
            "Rogers Opening Statement at Hearing on U.S. Military Posture in the Indo-Pacific Region",
            "2025-04-10",
        ),
        (
            # the publisher's name under the headline, above the date
            "Japan-United States-Republic of Korea Trilateral Ministerial Joint Press Statement\n"
            "Ministry of Defense\nJuly 28, 2024\nTokyo, Japan\n",
            "Japan-United States-Republic of Korea Trilateral Ministerial Joint Press Statement",
            "2024-07-28",
        ),
        (
            # a deck: a sentence under the headline, longer than it
            "The Korea Herald\nDefense chiefs talk by phone after launch\n"
            "The ministers of South Korea and the United States condemned the launch and vowed a firm response.\n"
            "Published : Nov. 14, 2023 - 17:05\n",
            "Defense chiefs talk by phone after launch",
            "2023-11-14",
        ),
        (
            # the ministry's name in both languages above the menu
            "대한민국 국방부 Ministry of National Defense\n국방부소개 국방정책 국방소식 정보공개 국민소통\n"
            "HOME > 국방소식 > 보도자료\n보도자료\n제25차 한미통합국방협의체(KIDD) 개최\n작성일 : 2024-09-13\n"
            "담당부서 : 국방정책실 미국정책과\n조회수 : 2,317\n",
            "제25차 한미통합국방협의체(KIDD) 개최",
            "2024-09-13",
        ),
        (
            # a Japanese era date
            "防衛省・自衛隊\nJapan Ministry of Defense\nEnglish\n文字サイズ\n標準\n拡大\nサイトマップ\n"
            "ホーム > 大臣・副大臣・大臣政務官 > 大臣の会談・訪問等 > 日米韓防衛相会談の概要\n日米韓防衛相会談の概要\n"
            "令和6年6月2日\n防衛省\n",
            "日米韓防衛相会談の概要",
            "2024-06-02",
        ),
    ],
)
def test_the_headline_over_a_page_date_line_is_the_title_and_the_date_line_the_publication_date(head, title, published):
    _text, x = extract_source(head + BODY)
    assert (x.title.value, iso(x.date)) == (title, published)
    assert "No publication date is stated; the date of the event is used." not in x.warnings


def test_a_korean_white_paper_page_has_its_section_heading_for_title_and_its_work_year_for_date():
    text, x = extract_source(
        "212   2024 국방백서\n제6장  한미동맹 발전과 국방교류협력 확대\n\n제1절  한미동맹의 지속 발전\n\n"
        "1. 일체형 확장억제 체제 구축\n"
        "  한미 양국은 2023년 한미동맹 70주년을 맞아 북한의 핵·미사일 위협에 압도적으로 대응할 수 있는\n"
        "일체형 확장억제 체제를 구축하였다. 2024. 10. 30. 워싱턴에서 개최된 제56차 SCM에서는 김용현\n"
        "국방부장관과 오스틴 장관이 지침의 이행을 평가하였다.\n"
    )
    assert x.doc_type.value == "white_paper"
    assert x.title.value == "한미동맹의 지속 발전"
    assert text[x.title.span[0] : x.title.span[1]] == "한미동맹의 지속 발전"
    assert (str(x.date.value), x.citation) == ("2024", "2024 국방백서")  # not the body's 2024. 10. 30.


@pytest.mark.parametrize(
    "header, publisher",
    [
        ("The White House\nMenu\nSearch\n", "white_house"),
        ("U.S. Department of State\nDiplomacy in Action\n", "dos"),
        ("United States Forces Korea\nSkip to main content (Press Enter).\n", "usfk"),
        ("House Armed Services Committee\nChairman Mike Rogers | Ranking Member Adam Smith\n", "hasc"),
        ("대한민국 국방부 Ministry of National Defense\n본문 바로가기\n", "mnd"),
        ("防衛省・自衛隊\nJapan Ministry of Defense\nEnglish\n", "jmod"),
        ("CSIS | Center for Strategic & International Studies\nAnalysis\n", "csis"),
        ("Defense Acquisition Program Administration\nDAPA\nKOREAN | ENGLISH\nPress Release\n", "dapa"),
        ("hankyoreh\nKorean | 日本語 | 中文\n", "Hankyoreh"),  # an outlet the reference does not hold: by name
        ("U.S. Department of Defense\nToggle navigation\n", "dod"),
    ],
)
def test_the_body_a_page_header_names_is_the_publisher(header, publisher):
    text, x = extract_source(header + "Allies agree on the next steps\nNovember 17, 2023" + BODY)
    assert x.publisher.value == publisher
    assert text[x.publisher.span[0] : x.publisher.span[1]].strip()


def test_a_pdf_page_s_running_header_gives_its_title_and_date():
    _text, x = extract_source(
        "                                                    UNCLASSIFIED\n"
        "Joint Communiqué of the 57th ROK-U.S. Security Consultative Meeting          November 4, 2025, Seoul\n\n"
        "ing nuclear, conventional, missile defense, and advanced non-nuclear capabilities.\n\n"
        "7. The Minister and the Secretary strongly condemned the DPRK's launches.\n"
    )
    assert (x.title.value, iso(x.date)) == (
        "Joint Communiqué of the 57th ROK-U.S. Security Consultative Meeting",
        "2025-11-04",
    )


@pytest.mark.parametrize(
    "head, title",
    [
        # a label before the headline on its line
        (
            "Title : North Korea launches several short-range ballistic missiles\n2025.05.08\n",
            "North Korea launches several short-range ballistic missiles",
        ),
        # a byline between the headline's deck and the date line
        (
            "The Korea Herald\nNational\nPolitics\nSocial Affairs\nForeign Affairs\nDefense\nNorth Korea\nScience\n"
            "Diplomatic Circuit\nSports\nWorld\nOpinion\nK-pop\nNational > Defense\n"
            "S. Korea, US revise tailored deterrence strategy\n"
            "Defense chiefs vow 'end of Kim regime' in case of nuclear attack at 55th SCM in Seoul\n"
            "By Ji Da-gyum\nPublished : Nov. 14, 2023 - 15:31\n",
            "S. Korea, US revise tailored deterrence strategy",
        ),
        # a site's controls and the ministry's name with its country
        (
            "U.S. Department of Defense\nToggle navigation\nSearch Defense.gov\nSearch\nNEWS | Oct. 30, 2024\n"
            "Austin, South Korean Counterpart Say North Korean Troops Threaten Both Europe, Indo-Pacific\n"
            "By Jim Garamone, DOD News |\n",
            "Austin, South Korean Counterpart Say North Korean Troops Threaten Both Europe, Indo-Pacific",
        ),
        (
            "Ministry of Foreign Affairs, Republic of Korea\nPress Releases\n"
            "Outcome of the 3rd Meeting of the Extended Deterrence Strategy and Consultation Group\nDate\n2022-09-17\n"
            "Hits\n3051\n",
            "Outcome of the 3rd Meeting of the Extended Deterrence Strategy and Consultation Group",
        ),
        # a menu's "More" is not the head of a list of other stories
        (
            "Reuters\nMy News\nWorld\nBusiness\nMore\nAsia Pacific\n"
            "South Korea's new defence minister, Hegseth agree in first call\nBy Hyonhee Shin\n4 min read\n"
            "Sept 10, 2025\n",
            "South Korea's new defence minister, Hegseth agree in first call",
        ),
        # a headline over its shorter deck, or over its place line, over the date
        (
            "South Korea and US hold nuclear talks in Washington\nThird NCG meeting focuses on integration\n"
            "June 11, 2024\n",
            "South Korea and US hold nuclear talks in Washington",
        ),
        (
            "Joint Statement on the Nuclear Consultative Group\nSeoul, Republic of Korea\nJune 10, 2024\n",
            "Joint Statement on the Nuclear Consultative Group",
        ),
        # a Korean dateline written against its label
        (
            "연합뉴스\n정치\n북한\n정치 > 국방·북한\n안규백 국방장관, 브런슨 주한미군사령관 첫 접견\n"
            "송고2025-07-28 17:21\n",
            "안규백 국방장관, 브런슨 주한미군사령관 첫 접견",
        ),
    ],
)
def test_headlines_under_more_kinds_of_page_furniture(head, title):
    _text, x = extract_source(head + BODY)
    assert x.title.value == title


def test_the_ministry_of_foreign_affairs_with_its_country_is_the_publisher():
    _text, x = extract_source("Ministry of Foreign Affairs, Republic of Korea\nTalks held\nSeptember 17, 2022" + BODY)
    assert x.publisher.value == "mofa"


def test_a_report_is_dated_by_its_copyright_year():
    _text, x = extract_source(
        "Research Report\n\nMaking the Nuclear Consultative Group Work\n\n© 2024 RAND Corporation\n\n"
        "On April 26, 2023, President Joe Biden hosted President Yoon Suk Yeol.\n"
    )
    assert (x.doc_type.value, str(x.date.value)) == ("report", "2024")


def test_a_photo_caption_s_date_is_not_the_event_date():
    _text, x = extract_source(
        "US, South Korea kick off Ulchi Freedom Shield\nSTARS AND STRIPES • August 18, 2025\n\n"
        "Soldiers fire a mortar at Rodriguez Live Fire Complex, South Korea, March 12, 2025. (Pfc. Kim/U.S. Army)\n\n"
        "The exercise began on Monday, Aug. 18, 2025, the command said.\n"
    )
    assert iso(x.date) == "2025-08-18"
    assert iso(x.event_date) == "2025-08-18"


def test_a_text_whose_dates_have_no_year_is_refused_naming_the_date():
    from archive.ingest.errors import IngestError

    with pytest.raises(IngestError, match='no date with a year: the text writes "Sept 10"'):
        extract_source("Allies agree\n\nSEOUL, Sept 10 (Reuters) - The ministers agreed on Tuesday to talk.\n")
