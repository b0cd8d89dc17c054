import pytest

from archive.ingest.people import find_people, mark_participants


def people(text):
    found = find_people(text)
    mark_participants(text, found)
    return {p.name: p for p in found}


def test_office_before_name_gives_title_country_and_organization():
    shin = people("On July 28, 2024, Minister of National Defense Shin Wonsik met reporters.")["Shin Wonsik"]
    assert (shin.title, shin.country, shin.organization) == ("Minister of National Defense", "KR", "mnd")
    assert shin.as_written == "Minister of National Defense Shin Wonsik"


def test_generational_suffix_is_kept_in_the_name():
    found = people("Secretary of Defense Lloyd J. Austin III met in Tokyo.")
    assert list(found) == ["Lloyd J. Austin III"]
    assert found["Lloyd J. Austin III"].country == "US"


def test_name_then_comma_then_office_is_found():
    found = people("Lloyd J. Austin III, U.S. Secretary of Defense, spoke with the press.")
    assert found["Lloyd J. Austin III"].title == "Secretary of Defense"


def test_plural_office_before_a_dash_list_gives_each_person():
    text = "He met three U.S. Senators—Dan Sullivan, Tammy Duckworth, and Laphonza Butler—in Singapore."
    found = people(text)
    assert list(found) == ["Dan Sullivan", "Tammy Duckworth", "Laphonza Butler"]
    assert {p.title for p in found.values()} == {"Senator"}
    assert {p.country for p in found.values()} == {"US"}
    assert found["Tammy Duckworth"].spans == [(text.index("Tammy"), text.index("Tammy") + len("Tammy Duckworth"))]


def test_party_and_state_after_a_name_are_dropped():
    found = people("U.S. Senator Dan Sullivan (R-Alaska) met the minister.")
    assert list(found) == ["Dan Sullivan"]


def test_surname_after_office_folds_into_the_full_name_seen_before():
    text = "Minister of National Defense Shin Won Sik met him. Later Minister Shin said more."
    found = people(text)
    assert list(found) == ["Shin Won Sik"]
    assert len(found["Shin Won Sik"].spans) == 2


def test_surname_alone_is_kept_as_a_surname_only_mention():
    found = people("They recalled that President Yoon said so.")
    assert found["Yoon"].surname_only
    assert found["Yoon"].as_written == "President Yoon"


def test_headline_verbs_do_not_become_names():
    assert people("Minister of National Defense Meets with U.S. Senators") == {}


def test_month_abbreviation_after_a_name_is_not_part_of_it():
    assert list(people("Minister of National Defense Kim Yong-hyun Oct. 30 meeting")) == ["Kim Yong-hyun"]


def test_country_adjective_overrides_the_office_default():
    found = people("Japanese Minister of Defense Minoru Kihara and Chinese Defense Minister Dong Jun met.")
    assert (found["Minoru Kihara"].country, found["Minoru Kihara"].organization) == ("JP", "jmod")
    assert found["Dong Jun"].country == "CN"


def test_people_in_the_meeting_sentence_are_participants_and_others_only_mentioned():
    text = (
        "On July 28, 2024, Minister of National Defense Shin Wonsik and Secretary of Defense Lloyd J. Austin III "
        "met in Tokyo. They recalled that President Biden and President Yoon Suk Yeol had agreed."
    )
    found = people(text)
    assert found["Shin Wonsik"].participant and found["Lloyd J. Austin III"].participant
    assert not found["Biden"].participant and not found["Yoon Suk Yeol"].participant


def test_people_named_inside_a_quotation_are_not_participants():
    text = 'Minister Kim Yong-hyun met the press: "as President Joe Biden met us, we agreed."'
    found = people(text)
    assert not found["Joe Biden"].participant


def test_hangul_name_before_its_office_is_found():
    found = people("신원식 국방부 장관은 도쿄에서 오스틴 미국 국방장관과 회담했다.")
    assert found["신원식"].country == "KR"
    assert (found["오스틴"].country, found["오스틴"].organization) == ("US", "dod")
    assert found["신원식"].participant and found["오스틴"].participant


def test_a_hangul_name_takes_the_country_a_later_mention_gives():
    # The headline names the U.S. secretary by his office alone; the body says whose.
    text = "오스틴 장관 방한\n\n신원식 국방부 장관은 도쿄에서 오스틴 미국 국방장관과 회담했다."
    found = people(text)
    austin = found["오스틴"]
    assert (austin.country, austin.organization, austin.title) == ("US", "dod", "국방장관")
    assert austin.surname_only  # proposed to the editor, not created as a new Korean official
    assert austin.spans == [(0, 3), (28, 31)]
    assert (found["신원식"].country, found["신원식"].surname_only) == ("KR", False)


def test_a_hangul_name_no_mention_gives_a_country_is_korean():
    found = people("윤석열 대통령은 오늘 담화를 발표했다.")
    assert (found["윤석열"].country, found["윤석열"].surname_only) == ("KR", False)


def test_the_second_of_a_pair_of_countries_is_not_the_next_names():
    found = people("신원식 장관은 오늘 한·미 신원식 장관 명의의 성명을 냈다.")
    assert (found["신원식"].country, found["신원식"].surname_only) == ("KR", False)
    assert people("신원식 국방부 장관과 미 오스틴 장관이 회담했다.")["오스틴"].country == "US"


def test_korean_surname_gives_korea_when_the_office_does_not():
    assert people("President Yoon Suk Yeol met the press.")["Yoon Suk Yeol"].country == "KR"


def test_military_rank_is_an_office():
    found = people("Gen. Paul LaCamera, commander, attended.")
    assert list(found) == ["Paul LaCamera"]


def test_text_without_a_meeting_has_no_participants():
    found = people("Secretary of Defense Lloyd J. Austin III wrote an article.")
    assert not found["Lloyd J. Austin III"].participant


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Chairman of the Joint Chiefs of Staff Gen. Kim Myung-soo met the press.", "Kim Myung-soo"),
        ("USFK Commander Gen. Paul LaCamera spoke.", "Paul LaCamera"),
        ("Commander of U.S. Forces Korea General Paul LaCamera spoke.", "Paul LaCamera"),
        ("Chief of Naval Operations Adm. Lisa Franchetti arrived.", "Lisa Franchetti"),
    ],
)
def test_a_rank_between_the_office_and_the_name_is_not_taken_for_the_name(text, expected):
    assert [person.name for person in find_people(text)] == [expected]


def test_an_abbreviated_plural_office_names_everyone_listed():
    found = find_people("Sens. Jack Reed and Roger Wicker visited Seoul.")
    assert [(person.name, person.country) for person in found] == [("Jack Reed", "US"), ("Roger Wicker", "US")]
    found = find_people("Rep. Joe Wilson (R-S.C.) and Sens. Jack Reed and Roger Wicker visited Seoul.")
    assert [person.name for person in found] == ["Joe Wilson", "Jack Reed", "Roger Wicker"]


def test_korean_compound_offices_are_not_taken_for_names():
    found = find_people("김선호 국방부 차관은 주한미군 사령관과 만났다. 패페로 주한미군 사령관은 말했다.")
    assert [(p.name, p.title, p.country) for p in found] == [
        ("김선호", "국방부 차관", "KR"),
        ("패페로", "주한미군 사령관", "US"),
    ]


def test_officials_of_other_countries_keep_their_country_and_no_korean_or_japanese_ministry():
    from archive.ingest.reconcile import display_name

    found = find_people(
        "Indonesian Minister of Defense Prabowo Subianto met Vietnamese Defense Minister Phan Van Giang "
        "and New Zealand Defence Minister Judith Collins."
    )
    assert [(p.name, p.country, p.organization) for p in found] == [
        ("Prabowo Subianto", "ID", ""),
        ("Phan Van Giang", "VN", ""),
        ("Judith Collins", "NZ", ""),
    ]
    assert display_name("Phan Van Giang", "VN") == "Phan Van Giang"


def test_the_day_of_a_korean_date_ending_the_line_before_is_not_a_country():
    found = find_people("2024년 9월 5일\n김선호 국방부 차관은 미국 측과 만났다.")
    assert [(p.name, p.country, p.organization) for p in found] == [("김선호", "KR", "mnd")]


@pytest.mark.parametrize(
    ("text", "name", "country", "surname_only"),
    [
        ("신원식 국방부 장관은 서울에서 오스틴 미국 국방장관과 회담을 개최했다.", "오스틴", "US", True),
        (
            "신원식 국방부 장관은 오스틴 미국 국방장관과 회담했다. 오스틴 장관은 확장억제를 강조했다.",
            "오스틴",
            "US",
            True,
        ),
        ("신원식 국방부 장관은 서울에서 오스틴 미국 국방장관과 회담을 개최했다.", "신원식", "KR", False),
    ],
)
def test_a_foreign_official_named_in_hangul_by_one_word_is_named_by_the_surname(text, name, country, surname_only):
    # 오스틴 is Austin's surname; a Korean name (신원식) is whole in one word
    found = people(text)[name]
    assert (found.country, found.surname_only) == (country, surname_only)


@pytest.mark.parametrize(
    "text, name, title, country, organization",
    [
        # a comma and a rank between the office and the name
        (
            "Minister Eom signed it with the U.S. Under Secretary of Defense for Acquisition and Sustainment, "
            "Dr. William A. LaPlante, at the Pentagon.",
            "William A. LaPlante",
            "Under Secretary of Defense for Acquisition and Sustainment",
            "US",
            "dod",
        ),
        # an acting office, before the name or after it
        (
            "Hegseth spoke with Acting Defense Minister Kim Seon-ho.",
            "Kim Seon-ho",
            "Acting Defense Minister",
            "KR",
            "mnd",
        ),
        (
            "our witnesses: Mr. John Noh, Acting Assistant Secretary of Defense for Indo-Pacific Security Affairs.",
            "John Noh",
            "Acting Assistant Secretary of Defense for Indo-Pacific Security Affairs",
            "US",
            "dod",
        ),
        ("I yield to Ranking Member Adam Smith for his remarks.", "Adam Smith", "Ranking Member", "US", "congress"),
        ("It came as U.S. President-elect Donald Trump named his team.", "Donald Trump", "President-elect", "US", ""),
        (
            "Democratic Party leader Lee Jae-myung called for talks.",
            "Lee Jae-myung",
            "Democratic Party leader",
            "KR",
            "",
        ),
        # each country's Joint Chiefs of Staff, by the country the office or the person gives
        (
            "The Chairman of the Republic of Korea Joint Chiefs of Staff, General Kim Seung-kyum, met them.",
            "Kim Seung-kyum",
            "Chairman of the Republic of Korea Joint Chiefs of Staff",
            "KR",
            "rok_jcs",
        ),
        (
            "the Chairman of the U.S. Joint Chiefs of Staff, General Charles Q. Brown, Jr., convened it.",
            "Charles Q. Brown, Jr.",
            "Chairman of the U.S. Joint Chiefs of Staff",
            "US",
            "us_jcs",
        ),
        (
            "On Monday, Gen. Jin Yong-sung, chairman of the Joint Chiefs of Staff, met Gen. Dan Caine.",
            "Jin Yong-sung",
            "chairman of the Joint Chiefs of Staff",
            "KR",
            "rok_jcs",
        ),
        ("김명수 합참의장은 이날 회의를 주재했다.", "김명수", "합참의장", "KR", "rok_jcs"),
        # Korean offices, and a foreign name in two Hangul words with its Latin spelling
        ("우리측 조창래 국방정책실장과 미측 인사가 참석했다.", "조창래", "국방정책실장", "KR", "mnd"),
        (
            "co-chaired by Deputy Minister for National Defense Policy Cho Chang-rae and Vipin Narang.",
            "Cho Chang-rae",
            "Deputy Minister for National Defense Policy",
            "KR",
            "mnd",
        ),
        (
            "U.S. Chargé d'Affaires ad interim Joseph Yun met him.",
            "Joseph Yun",
            "Chargé d'Affaires ad interim",
            "US",
            "",
        ),
        ("Secretary of War Pete Hegseth spoke.", "Pete Hegseth", "Secretary of War", "US", "dod"),
        (
            "미측 캐러 애버크롬비(Cara Abercrombie) 국방부 정책부차관 대행이 참석했다.",
            "Cara Abercrombie",
            "국방부 정책부차관 대행",
            "US",
            "",
        ),
    ],
)
def test_offices_written_in_more_ways_give_the_person(text, name, title, country, organization):
    person = people(text)[name]
    assert (person.title, person.country, person.organization) == (title, country, organization)


@pytest.mark.parametrize(
    "text, name",
    [
        # a second reading of a name that starts with an office: "Foreign Minister Cho Tae-yul, Defense Minister"
        (
            "Foreign Minister Cho Tae-yul, Defense Minister Kim Yong-hyun, Secretary of State Antony Blinken met.",
            "Foreign",
        ),
        ("Minister of National Defense Shin Won-sik Hold a Joint Press Conference in Seoul", "Shin Won-sik Hold"),
        ("Office of the Inspector General\nArchives\n", "Archives"),
        ("Chairman Rogers Statements\nWitness Testimony: Adm. Paparo (PDF)\n", "Rogers Statements Witness Testimony"),
        ("미측에서는 국방부 정책부차관 대행이 참석했다.", "대행이"),  # "acting" and its particle
    ],
)
def test_words_that_are_not_names_are_not_people(text, name):
    assert name not in people(text)


def test_people_named_in_the_sentence_after_the_meeting_as_also_attending_are_participants():
    found = people(
        "The Chairmen convened the 48th Military Committee Meeting on November 12, 2023 in Seoul, said Chairman of "
        "the Joint Chiefs of Staff Gen. Kim Seung-kyum. Also attending were the Commander of the United States "
        "Indo-Pacific Command, Admiral John C. Aquilino. The Chairmen then met Ambassador Philip Goldberg."
    )
    assert found["Kim Seung-kyum"].participant and found["John C. Aquilino"].participant
    assert found["John C. Aquilino"].organization == "indopacom"
    assert not found["Philip Goldberg"].participant


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Last week in Gyeongju, President Trump met President Lee Jae-myung.", "Gyeongju"),
        ("GENERAL BRUNSON:  No, Senator. We have not.", "No"),
        ("first meeting between the Vice Minister of Foreign Affairs Cho Hyun-dong and Vice Minister", "Vice"),
        ("양국 국방장관은 회담을 가졌다.", "양국"),
        ("취임 직후 주한미군사령관을 만났다. 첫 문민 국방장관인 그는", "직후"),
    ],
)
def test_places_answers_and_common_korean_words_are_not_people(text, absent):
    assert absent not in people(text)


def test_a_secretary_named_by_surname_alone_is_found_and_a_blank_line_ends_a_name():
    found = people(
        "Minister Kim holds the 56th SCM with Secretary Austin\n\n"
        "Minister of National Defense Kim Yong-hyun held the 56th SCM with Secretary Hegseth."
    )
    assert found["Kim Yong-hyun"].title == "Minister of National Defense"
    assert found["Austin"].surname_only and found["Hegseth"].surname_only
