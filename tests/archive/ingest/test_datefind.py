import datetime as dt

import pytest

from archive.dates import Precision
from archive.ingest.datefind import RELATIVE, find_dates, is_date_line, is_dateline, numeric_order, resolve_relative


def only(text):
    mentions = find_dates(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "written", "iso", "precision"),
    [
        ("On July 28, 2024, the ministers met.", "July 28, 2024", "2024-07-28", Precision.DAY),
        ("On the afternoon of May 31, 2024 (Friday), he met", "May 31, 2024", "2024-05-31", Precision.DAY),
        ("Published 31 May 2024 in Seoul", "31 May 2024", "2024-05-31", Precision.DAY),
        ("on Oct. 14, 2020 at the Pentagon", "Oct. 14, 2020", "2020-10-14", Precision.DAY),
        ("Sept. 3 2021", "Sept. 3 2021", "2021-09-03", Precision.DAY),
        ("the 52nd SCM held in October 2020, the", "October 2020", "2020-10", Precision.MONTH),
        ("2024년 7월 28일 국방부는", "2024년 7월 28일", "2024-07-28", Precision.DAY),
        ("2024년 7월 국방부는", "2024년 7월", "2024-07", Precision.MONTH),
        ("보도일시 2024. 7. 28. 배포", "2024. 7. 28.", "2024-07-28", Precision.DAY),
        ("Date: 2024-07-28", "2024-07-28", "2024-07-28", Precision.DAY),
        ("Date: 2024/07/28", "2024/07/28", "2024-07-28", Precision.DAY),
        ("Friday, May 31, 2024", "Friday, May 31, 2024", "2024-05-31", Precision.DAY),
        ("the 1st of June, 2024", "1st of June, 2024", "2024-06-01", Precision.DAY),
        ("Posted on : Nov.4,2025 17:05 KST", "Nov.4,2025", "2025-11-04", Precision.DAY),
        ("Date  2023.11.17", "2023.11.17", "2023-11-17", Precision.DAY),
        ("Published: 15 Nov. 2024, 17:05", "15 Nov. 2024", "2024-11-15", Precision.DAY),
        ("令和6年6月2日（日）10時20分から", "令和6年6月2日（日）", "2024-06-02", Precision.DAY),
        ("平成元年1月8日", "平成元年1月8日", "1989-01-08", Precision.DAY),
        ("2024年6月2日、防衛大臣は", "2024年6月2日", "2024-06-02", Precision.DAY),
    ],
)
def test_date_forms_are_read_with_their_precision(text, written, iso, precision):
    mention = only(text)
    assert text[mention.start : mention.end] == written
    assert mention.partial().isoformat() == iso
    assert mention.precision == precision


def test_date_without_a_year_says_so():
    mention = only("On Friday, May 31, the senators met.")
    assert not mention.has_year
    assert (mention.month, mention.day) == (5, 31)


def test_a_korean_release_month_and_day_with_its_weekday_is_a_date_without_a_year():
    mention = only("국방부는 9.12.(목) 서울에서")
    assert (mention.has_year, mention.month, mention.day, mention.weekday) == (False, 9, 12, 3)
    assert find_dates("version 9.12. (beta)") == []  # no weekday: not a date


@pytest.mark.parametrize(
    "line, is_date",
    [
        ("작성일 : 2024-09-13", True),
        ("는 2023. 7. 18. 서울에서 개최되어 핵 및 전략기획, 핵·", False),  # a wrapped Korean sentence
        ("On July 28, 2024, the ministers met in Tokyo to discuss the alliance.", False),
        ("Ministers met in Seoul on Wednesday, November 13, 2023", False),  # a deck, not a date line
    ],
)
def test_a_date_line_holds_a_date_and_little_else(line, is_date):
    assert is_date_line(line) is is_date


@pytest.mark.parametrize(
    "line",
    ["Seoul, Republic of Korea, July 28, 2024", "Washington, D.C., April 10, 2025", "NEWS | Oct. 30, 2024"],
)
def test_a_page_s_date_line_may_name_its_place_or_section(line):
    assert is_dateline(line)


@pytest.mark.parametrize(
    "text, published, day",
    [
        ("the ministers met yesterday", "2023-11-13", "2023-11-12"),
        ("they met today", "2023-11-13", "2023-11-13"),
        ("they met on Wednesday", "2024-11-01", "2024-10-30"),
        ("they met on Friday", "2024-11-01", "2024-11-01"),
        ("they met last Friday", "2024-11-01", "2024-10-25"),
    ],
)
def test_days_written_relative_to_the_publication_are_counted_from_it(text, published, day):
    match = RELATIVE.search(text)
    assert resolve_relative(match, dt.date.fromisoformat(published)).isoformat() == day


def test_a_weekday_before_a_written_date_is_not_a_relative_day():
    assert RELATIVE.search("on Friday, May 31, 2024 they met") is None


def test_japanese_date_without_a_year_says_so():
    mention = only("5月27日の打上げ")
    assert (mention.has_year, mention.month, mention.day) == (False, 5, 27)


def test_korean_date_without_a_year_says_so():
    mention = only("국방부는 7월 28일 발표했다")
    assert not mention.has_year


def test_weekday_gives_the_latest_year_it_fits():
    mention = only("On Friday, May 31, the senators met.")
    assert mention.latest_year_with_weekday(today=dt.date(2026, 11, 23)) == 2024


def test_numeric_date_with_day_over_twelve_is_read_day_first():
    assert only("on 28/07/2024").partial().isoformat() == "2024-07-28"


def test_numeric_date_with_second_number_over_twelve_is_read_month_first():
    assert only("on 07/28/2024").partial().isoformat() == "2024-07-28"


def test_ambiguous_numeric_date_follows_the_order_the_source_uses_elsewhere():
    text = "Released 14/10/2020. The meeting on 03/04/2020 was earlier."
    mentions = find_dates(text)
    assert [m.partial().isoformat() for m in mentions] == ["2020-10-14", "2020-04-03"]
    assert mentions[1].ambiguous


def test_ambiguous_numeric_date_in_a_month_first_source_is_month_first():
    assert numeric_order("Released 07/28/2024.") == "mdy"
    assert find_dates("Released 07/28/2024, met 03/04/2024")[1].partial().isoformat() == "2024-03-04"


def test_impossible_dates_are_ignored():
    assert find_dates("February 30, 2024 and 2024-13-01") == []


def test_may_as_a_verb_is_not_a_date():
    assert find_dates("the allies may 5 times meet") == []


def test_dates_are_found_in_reading_order():
    text = "Published 2 June 2024. The ministers met on 1 June 2024 after talks in May 2024."
    assert [m.partial().isoformat() for m in find_dates(text)] == ["2024-06-02", "2024-06-01", "2024-05"]


def test_months_in_capitals_are_read_but_lower_case_verbs_are_not():
    found = find_dates("SEOUL, JULY 28, 2024 — 31 MAY 2024; OCT. 14, 2020. Troops may 5 times march 3 miles.")
    assert [(m.year, m.month, m.day) for m in found] == [(2024, 7, 28), (2024, 5, 31), (2020, 10, 14)]
