"""Countries under their other names in news: short forms, demonyms and the capitals that stand
for their governments ("Russian forces", "Moscow said", "the U.S." all name a country).

Stance targets use it both ways: ``--target Russia`` is found in "Russian forces shelled ...", and
a quote's own "Chinese" becomes the target "China", so that an archive's stance toward a country
adds up under one name. Washington, London and Paris are left out: in US news they name a state,
a person or a city as often as a government.
"""

from __future__ import annotations

# canonical name -> the other names of the country (case as written; matching folds case)
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "United States": ("U.S.", "US", "USA", "U.S.A.", "America", "American", "Americans"),
    "United Kingdom": ("U.K.", "UK", "Britain", "Great Britain", "British", "Briton", "Britons"),
    "Russia": ("Russian", "Russians", "Moscow", "Kremlin", "Russian Federation"),
    "China": ("Chinese", "Beijing", "People's Republic of China", "PRC"),
    "North Korea": ("North Korean", "North Koreans", "Pyongyang", "DPRK"),
    "South Korea": ("South Korean", "South Koreans", "Seoul"),
    "Japan": ("Japanese", "Tokyo"),
    "Ukraine": ("Ukrainian", "Ukrainians", "Kyiv", "Kiev"),
    "Iran": ("Iranian", "Iranians", "Tehran"),
    "Iraq": ("Iraqi", "Iraqis", "Baghdad"),
    "Israel": ("Israeli", "Israelis"),
    "Syria": ("Syrian", "Syrians", "Damascus"),
    "Turkey": ("Turkish", "Turks", "Ankara", "Türkiye"),
    "Germany": ("German", "Germans", "Berlin"),
    "France": ("French",),
    "Italy": ("Italian", "Italians"),
    "Spain": ("Spanish",),
    "Poland": ("Polish", "Poles", "Warsaw"),
    "India": ("Indian", "Indians", "New Delhi"),
    "Pakistan": ("Pakistani", "Pakistanis", "Islamabad"),
    "Afghanistan": ("Afghan", "Afghans", "Kabul"),
    "Saudi Arabia": ("Saudi", "Saudis", "Riyadh"),
    "Egypt": ("Egyptian", "Egyptians", "Cairo"),
    "Mexico": ("Mexican", "Mexicans"),
    "Canada": ("Canadian", "Canadians", "Ottawa"),
    "Brazil": ("Brazilian", "Brazilians", "Brasilia"),
    "Cuba": ("Cuban", "Cubans", "Havana"),
    "Venezuela": ("Venezuelan", "Venezuelans", "Caracas"),
    "Taiwan": ("Taiwanese", "Taipei"),
    "Vietnam": ("Vietnamese", "Hanoi"),
    "Philippines": ("Filipino", "Filipinos", "Philippine", "Manila"),
    "Greece": ("Greek", "Greeks", "Athens"),
    "Belarus": ("Belarusian", "Belarusians", "Minsk"),
    "Libya": ("Libyan", "Libyans", "Tripoli"),
    "Yemen": ("Yemeni", "Yemenis"),
    "Qatar": ("Qatari", "Doha"),
    "Lebanon": ("Lebanese", "Beirut"),
    "Palestine": ("Palestinian", "Palestinians"),
    "Sweden": ("Swedish", "Swedes", "Stockholm"),
    "Norway": ("Norwegian", "Norwegians", "Oslo"),
    "Denmark": ("Danish", "Danes", "Copenhagen"),
    "Netherlands": ("Dutch", "The Hague"),
    "Switzerland": ("Swiss",),
    "Hungary": ("Hungarian", "Hungarians", "Budapest"),
    "Serbia": ("Serbian", "Serbs", "Belgrade"),
    "Nigeria": ("Nigerian", "Nigerians", "Abuja"),
    "South Africa": ("South African", "South Africans", "Pretoria"),
    "Australia": ("Australian", "Australians", "Canberra"),
}

_CANONICAL: dict[str, str] = {}
for _name, _aliases in COUNTRY_ALIASES.items():
    for _alias in (_name, *_aliases):
        _CANONICAL[_alias.casefold()] = _name


def country_of(name: str) -> str | None:
    """The canonical country a name stands for ("Russian", "Moscow", "the U.S." -> ...), or None."""
    key = " ".join(name.split()).casefold()
    if key.startswith("the "):
        key = key[4:]
    return _CANONICAL.get(key)


def country_names(name: str) -> list[str]:
    """Every name of the country ``name`` stands for, the canonical one first; [] if none."""
    country = country_of(name)
    if country is None:
        return []
    return [country, *COUNTRY_ALIASES[country]]
