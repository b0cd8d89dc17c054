"""Countries as ISO 3166-1 alpha-2 codes, with the names the archive prints."""

from django.db import models


class Country(models.TextChoices):
    KR = "KR", "Republic of Korea"
    US = "US", "United States"
    KP = "KP", "Democratic People's Republic of Korea"
    JP = "JP", "Japan"
    CN = "CN", "China"
    RU = "RU", "Russia"
    TW = "TW", "Taiwan"
    AU = "AU", "Australia"
    NZ = "NZ", "New Zealand"
    CA = "CA", "Canada"
    GB = "GB", "United Kingdom"
    FR = "FR", "France"
    DE = "DE", "Germany"
    IT = "IT", "Italy"
    NL = "NL", "Netherlands"
    BE = "BE", "Belgium"
    PL = "PL", "Poland"
    UA = "UA", "Ukraine"
    SE = "SE", "Sweden"
    FI = "FI", "Finland"
    NO = "NO", "Norway"
    DK = "DK", "Denmark"
    TR = "TR", "Türkiye"
    IL = "IL", "Israel"
    SA = "SA", "Saudi Arabia"
    AE = "AE", "United Arab Emirates"
    IN = "IN", "India"
    PK = "PK", "Pakistan"
    SG = "SG", "Singapore"
    PH = "PH", "Philippines"
    VN = "VN", "Viet Nam"
    TH = "TH", "Thailand"
    ID = "ID", "Indonesia"
    MY = "MY", "Malaysia"
    MN = "MN", "Mongolia"
    BR = "BR", "Brazil"
    MX = "MX", "Mexico"
    ZA = "ZA", "South Africa"
    EG = "EG", "Egypt"
    CH = "CH", "Switzerland"
    AT = "AT", "Austria"
    ES = "ES", "Spain"
    CO = "CO", "Colombia"
    XX = "XX", "International"


def country_field(**kwargs):
    kwargs.setdefault("blank", True)
    return models.CharField(
        "country",
        max_length=2,
        choices=Country.choices,
        help_text=kwargs.pop("help_text", "The country, as an ISO 3166 two-letter code."),
        **kwargs,
    )
