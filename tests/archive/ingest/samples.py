# ruff: noqa: E501
"""Source texts written for the tests, in the forms real sources use (not the seeds)."""

DOD_READOUT = """Readout of Secretary of Defense Lloyd J. Austin III's Meeting With Republic of Korea Minister of National Defense Kim Yong-hyun

Oct. 30, 2024

Pentagon Press Secretary Maj. Gen. Pat Ryder provided the following readout:

Secretary of Defense Lloyd J. Austin III hosted Republic of Korea Minister of National Defense Kim Yong-hyun at the Pentagon on Oct. 30, 2024, ahead of the 56th Security Consultative Meeting.

The two leaders discussed the threat posed by the Democratic People's Republic of Korea and reaffirmed the ironclad U.S. commitment to extended deterrence. Secretary Austin noted the progress of the Nuclear Consultative Group since its inaugural meeting in July 2023.
"""

PHONE_READOUT = """Readout of Secretary of Defense Lloyd J. Austin III's Call With Japanese Minister of Defense Minoru Kihara

Aug. 5, 2024

Secretary of Defense Lloyd J. Austin III spoke by phone today with Japanese Minister of Defense Minoru Kihara to discuss regional security.
"""

JOINT_COMMUNIQUE = """56th Security Consultative Meeting Joint Communiqué

November 1, 2024
Washington, D.C.

1. The 56th Republic of Korea (ROK)-United States (U.S.) Security Consultative Meeting (SCM) was held in Washington, D.C., on October 30, 2024. ROK Minister of National Defense Kim Yong-hyun and U.S. Secretary of Defense Lloyd J. Austin III led their respective delegations, which included senior defense and foreign affairs officials.

2. The Minister and the Secretary welcomed the progress of the Nuclear Consultative Group (NCG) and reaffirmed that the 55th SCM held in November 2023 in Seoul set the direction for alliance cooperation.
"""

JOINT_STATEMENT = """Joint Statement on the Trilateral Ministerial Meeting

28 July 2024

Minister of National Defense Shin Won-sik, Secretary of Defense Lloyd J. Austin III and Japanese Minister of Defense Minoru Kihara met in Tokyo on 28 July 2024 for the Trilateral Ministerial Meeting and signed a Memorandum of Cooperation on the Trilateral Security Cooperation Framework.
"""

KOREAN_RELEASE = """보도자료

신원식 국방부 장관, 오스틴 미국 국방장관과 회담

2024년 7월 28일

신원식 국방부 장관은 2024년 7월 28일 도쿄에서 로이드 오스틴 미국 국방장관과 한미 국방장관회담을 개최했다.

양 장관은 북한의 핵·미사일 위협에 대해 논의하고 핵협의그룹(NCG)의 성과를 평가했다.
"""

CONGRESSIONAL = """Sullivan Leads Bipartisan Delegation to Korea, Meets with President Yoon

WASHINGTON, D.C. — U.S. Senator Dan Sullivan (R-Alaska) today announced that he led a bipartisan congressional delegation to the Republic of Korea.

On Friday, May 31, Sen. Sullivan, Sen. Tammy Duckworth (D-Ill.) and Sen. Laphonza Butler (D-Calif.) met with Minister of National Defense Shin Won Sik in Singapore.

"Our alliance with Korea has never been stronger," said Senator Sullivan.
"""

NEWS_YONHAP = """S. Korea, U.S. defense chiefs hold talks in Seoul

By Kim Soo-yeon

SEOUL, Nov. 13 (Yonhap) -- Defense Minister Shin Won-sik and U.S. Secretary of Defense Lloyd Austin held talks in Seoul on Nov. 13, 2023, a day after the 55th SCM.

Shin and Austin agreed to revise the tailored deterrence strategy, the ministry said.

Copyright Yonhap News Agency
"""

NEWS_DAY_FIRST = """Defence chiefs meet at Shangri-La Dialogue

Published: 2 June 2024

SINGAPORE — South Korean Defense Minister Shin Won-sik met Japanese Minister of Defense Minoru Kihara in Singapore on 1 June 2024, on the margins of the Shangri-La Dialogue, the first such talks in five years.

Share
Print
"""

NUMERIC_DMY = """Ministers review alliance roadmap

Date: 14/10/2020

On 14/10/2020 Minister of National Defense Suh Wook met Secretary of Defense Mark T. Esper at the Pentagon for the 52nd SCM.
"""

VIDEO_CALL = """Readout of Deputy Secretary of Defense Kathleen Hicks' Video Conference With Vice Minister of National Defense Kim Seon-ho

March 3, 2024

Deputy Secretary of Defense Kathleen Hicks held a video conference with Vice Minister of National Defense Kim Seon-ho on March 3, 2024.
"""

NO_YEAR = """Minister Shin meets U.S. Senators

On Friday, May 31, Minister of National Defense Shin Won Sik met with U.S. Senator Dan Sullivan in Singapore.
"""

NO_DATE = """Minister Shin meets U.S. Senators

Minister of National Defense Shin Won Sik met with U.S. Senator Dan Sullivan in Singapore.
"""

TRUNCATED_WITH_FULL = """Press Release

Minister of National Defense Meets with U.S. Senators, Shares Understanding on Incr...

Minister of National Defense Meets with U.S. Senators, Shares Understanding on Increasing Strategic Value of Korean Peninsula

On May 31, 2024, Minister of National Defense Shin Won Sik met with U.S. Senator Dan Sullivan in Singapore.
"""

ALL = {
    "dod_readout.txt": DOD_READOUT,
    "phone_readout.txt": PHONE_READOUT,
    "joint_communique.txt": JOINT_COMMUNIQUE,
    "joint_statement.txt": JOINT_STATEMENT,
    "korean_release.txt": KOREAN_RELEASE,
    "congressional.txt": CONGRESSIONAL,
    "news_yonhap.txt": NEWS_YONHAP,
    "news_day_first.txt": NEWS_DAY_FIRST,
    "numeric_dmy.txt": NUMERIC_DMY,
    "video_call.txt": VIDEO_CALL,
    "no_year.txt": NO_YEAR,
    "truncated_with_full.txt": TRUNCATED_WITH_FULL,
}

MND_SCM = """Minister Kim holds the 56th SCM with Secretary Austin

Minister of National Defense Kim Yong-hyun held the 56th ROK-U.S. Security Consultative Meeting (SCM) with U.S. Secretary of Defense Lloyd J. Austin III on Oct. 30 (local time) in Washington D.C.

The two sides reviewed the outcomes of the 55th SCM held in Seoul in November 2023.
"""

STATE_READOUT = """Secretary Blinken's Meeting with Republic of Korea Foreign Minister Cho Tae-yul

Office of the Spokesperson
February 21, 2024

Secretary of State Antony J. Blinken met with Republic of Korea Foreign Minister Cho Tae-yul today in Rio de Janeiro. Secretary Blinken and Foreign Minister Cho discussed the DPRK.
"""

WHITE_HOUSE = """Readout of President Biden's Meeting with President Yoon Suk Yeol of the Republic of Korea

June 30, 2022

President Joseph R. Biden, Jr. met today with President Yoon Suk Yeol of the Republic of Korea on the margins of the NATO Summit in Madrid.
"""

HTML_READOUT = """<!DOCTYPE html>
<html><head><title>Readout | U.S. Department of Defense</title><style>p { color: red }</style>
<script>var tracking = "Secretary of Defense Fake Name";</script></head>
<body><nav><a href="/">Home</a> <a href="/News">News</a></nav>
<h1>Readout of Secretary of Defense Lloyd J. Austin III&#39;s Call With Minister Shin</h1>
<p class="date">July 2, 2024</p>
<p>Secretary of Defense Lloyd J. Austin III spoke by phone with Republic&nbsp;of&nbsp;Korea Minister of National Defense Shin Won-sik on July 2, 2024.</p>
<footer>Privacy &amp; Security</footer></body></html>
"""
