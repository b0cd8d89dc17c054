import pytest

from archive.ingest.errors import IngestError
from archive.ingest.read import decode_bytes, mend_hyphens, normalise_text, read_source

MB5 = 5 * 1024 * 1024
KOREAN = "신원식 국방부 장관은 2024년 7월 28일 도쿄에서 오스틴 장관과 회담했다."


def read(data, name="a.txt"):
    return read_source(name, data, max_bytes=MB5)


def test_utf8_is_read_as_utf8():
    assert decode_bytes("Minister Shin — 장관".encode()) == ("Minister Shin — 장관", "utf-8")


def test_utf8_byte_order_mark_is_dropped():
    assert decode_bytes(b"\xef\xbb\xbfTitle") == ("Title", "utf-8-sig")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_byte_order_mark_is_read(encoding):
    text, _found = decode_bytes(KOREAN.encode(encoding))
    assert text.lstrip("\ufeff") == KOREAN


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_korean_legacy_encodings_are_read(encoding):
    text, found = decode_bytes(KOREAN.encode(encoding))
    assert text == KOREAN
    assert found in ("cp949", "euc-kr")


def test_windows_1252_curly_quotes_are_read():
    text, found = decode_bytes("The Minister said \u201cironclad\u201d support.".encode("cp1252"))
    assert found == "cp1252"
    assert "\u201cironclad\u201d" in text


def test_utf8_text_with_a_stray_byte_is_refused_rather_than_read_as_windows_1252():
    data = "Shin\u2013Austin talks reaffirm \u2018ironclad\u2019 alliance\n".encode() + b"\x85 and more."
    with pytest.raises(ValueError, match=r"UTF-8 text damaged by bytes that are not UTF-8 \(the first at byte 53\)"):
        decode_bytes(data)
    with pytest.raises(IngestError, match=r"^talks\.txt: it is UTF-8 text damaged"):
        read_source("talks.txt", data, max_bytes=5 * 1024 * 1024)


def test_windows_1252_accented_letters_and_dashes_are_still_read():
    text, found = decode_bytes("Caf\u00e9 cr\u00e8me, na\u00efve \u2013 \u201cquotes\u201d".encode("cp1252"))
    assert (text, found) == ("Caf\u00e9 cr\u00e8me, na\u00efve \u2013 \u201cquotes\u201d", "cp1252")


def test_read_reports_a_legacy_encoding_as_a_warning():
    assert read(KOREAN.encode("cp949")).warnings == ["Read as euc-kr."]


def test_text_is_put_in_nfc():
    decomposed = "Cafe\u0301 Seoul"
    assert normalise_text(decomposed) == "Café Seoul"


def test_non_breaking_and_odd_spaces_become_plain_spaces():
    assert normalise_text("Shin\u00a0Won\u202fSik\u3000met") == "Shin Won Sik met"


def test_invisible_marks_and_windows_line_ends_are_removed():
    assert normalise_text("co\u00adop\u200beration\r\nnext") == "cooperation\nnext"


def test_word_broken_across_lines_is_mended_and_keeps_its_line_break_after_it():
    assert mend_hyphens("cooperation to achi-\neve peace") == "cooperation to achieve\npeace"


def test_word_broken_inside_a_line_is_mended():
    assert mend_hyphens("the need for cooperation to achi-eve peace") == "the need for cooperation to achieve peace"


def test_broken_word_seen_whole_elsewhere_is_mended():
    assert mend_hyphens("deter-\nrence and deterrence") == "deterrence\nand deterrence"


@pytest.mark.parametrize(
    "text",
    [
        "a future-oriented manner",
        "a science-and-technology alliance",
        "co-sustainment opportunities",
        "advanced non-nuclear capabilities",
        "Russian-DPRK military cooperation",
        "the ROK-U.S. Alliance",
        "a long-range missile",
        "follow-up talks",
    ],
)
def test_real_hyphenated_words_are_kept(text):
    assert mend_hyphens(text) == text


def test_compound_broken_at_a_line_end_keeps_its_hyphen():
    assert mend_hyphens("a future-\noriented manner") == "a future-oriented\nmanner"


def test_capitalised_compound_broken_at_a_line_end_keeps_its_hyphen():
    assert mend_hyphens("the ROK-\nUS alliance") == "the ROK-US\nalliance"


def test_empty_file_is_refused_naming_the_file():
    with pytest.raises(IngestError, match=r"^empty\.txt: the file is empty$"):
        read(b"", name="empty.txt")


def test_blank_file_is_refused():
    with pytest.raises(IngestError, match="holds no text"):
        read(b"  \n\t\n", name="blank.txt")


def test_binary_file_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20
    with pytest.raises(IngestError, match=r"^image\.png: it is a binary file, not text$"):
        read(png, name="image.png")


def test_file_over_the_limit_is_refused_with_its_size():
    with pytest.raises(IngestError, match=r"big\.txt: the file is 11 bytes, over the limit of 10 bytes"):
        read_source("big.txt", b"x" * 11, max_bytes=10)


def test_undecodable_bytes_are_refused():
    garbage = bytes(range(0x80, 0x100)) * 4
    with pytest.raises(IngestError, match=r"^bad\.txt: its bytes are not text in an encoding the reader knows"):
        read(garbage, name="bad.txt")


def test_read_is_deterministic_so_spans_can_be_recomputed():
    data = "Title\n\nOn July 28, 2024,\u00a0the Minister met.".encode()
    assert read(data).text == read(data).text


def test_real_compounds_broken_across_lines_keep_their_hyphen():
    text = (
        "submarine-\nlaunched missiles, arms-\ncontrol talks, an in-\nperson meeting, people-\nto-people ties, "
        "face-\nto-face talks, "
        "achi-\neve peace, coopera-\ntion, in-\ncluding"
    )
    assert mend_hyphens(text) == (
        "submarine-launched\nmissiles, arms-control\ntalks, an in-person\nmeeting, people-to-people ties, "
        "face-to-face talks, "
        "achieve\npeace, cooperation,\nincluding"
    )


def test_words_broken_at_a_line_end_are_joined_even_when_a_half_is_a_word():
    text = "the spokes-\nperson said it is al-\nready dis-\narmed"
    assert mend_hyphens(text) == "the spokesperson\nsaid it is already\ndisarmed"


def test_windows_1252_with_an_accented_capital_before_a_quote_is_still_read():
    for text in (
        "\u201cCONSEIL DE S\u00c9CURIT\u00c9\u201d",
        "Der Minister sagte, die Stra\u00dfe sei \u201egro\u00df\u201c genug.",
    ):
        assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


@pytest.mark.parametrize(
    "broken, mended",
    [
        ("where Minis-\nter of National Defense", "where Minister\nof National Defense"),  # a word's ending
        ("the 54th Security Consultative Meet-\ning (SCM)", "the 54th Security Consultative Meeting\n(SCM)"),
        ("held in Sep-\ntember 2022", "held in September\n2022"),  # a month
        ("a Global Compre-\nhensive Strategic Alliance", "a Global Comprehensive\nStrategic Alliance"),
        ("Minister Shin Won-\nsik met", "Minister Shin Won-sik\nmet"),  # a name's parts keep their hyphen
        ("Kim Yong-\nhyun and Kim Seon-\nho", "Kim Yong-hyun\nand Kim Seon-ho"),
        ("the Indo-\nPacific region", "the Indo-Pacific\nregion"),
        ("the Wonsik file and Won-\nsik", "the Wonsik file and Wonsik"),  # written whole elsewhere
    ],
)
def test_a_capitalised_word_broken_at_a_line_end_is_joined_unless_it_is_a_name_or_a_compound(broken, mended):
    assert mend_hyphens(broken) == mended
