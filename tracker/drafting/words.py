"""The words the drafter reads: how English news names countries, offices and outlets.

Country names themselves come from the Country table; these are the other ways reports say them.
"""

# Adjectives of nationality (and the short names news uses) → ISO 3166-1 alpha-2.
DEMONYMS = {
    "American": "US", "U.S.": "US", "US": "US", "United States": "US", "America": "US", "Washington": "US",
    "Argentine": "AR", "Argentinian": "AR", "Australian": "AU", "Austrian": "AT", "Belgian": "BE",
    "Brazilian": "BR", "British": "GB", "Britain": "GB", "UK": "GB", "U.K.": "GB", "Canadian": "CA",
    "Chilean": "CL", "Chinese": "CN", "Colombian": "CO", "Czech": "CZ", "Danish": "DK", "Dutch": "NL",
    "Egyptian": "EG", "Emirati": "AE", "Ethiopian": "ET", "Finnish": "FI", "French": "FR", "German": "DE",
    "Greek": "GR", "Hungarian": "HU", "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ",
    "Irish": "IE", "Israeli": "IL", "Italian": "IT", "Japanese": "JP", "Kenyan": "KE", "Malaysian": "MY",
    "Mexican": "MX", "Mongolian": "MN", "Moroccan": "MA", "Nigerian": "NG", "North Korean": "KP",
    "Norwegian": "NO", "Pakistani": "PK", "Palestinian": "PS", "Peruvian": "PE", "Philippine": "PH",
    "Filipino": "PH", "Polish": "PL", "Portuguese": "PT", "Qatari": "QA", "Romanian": "RO",
    "Russian": "RU", "Saudi": "SA", "Singaporean": "SG", "South African": "ZA", "South Korean": "KR",
    "Korean": "KR", "Spanish": "ES", "Swedish": "SE", "Swiss": "CH", "Taiwanese": "TW", "Thai": "TH",
    "Turkish": "TR", "Ukrainian": "UA", "Vietnamese": "VN", "New Zealand": "NZ", "Kazakh": "KZ",
    "Uzbek": "UZ", "Ghanaian": "GH", "Senegalese": "SN", "Cambodian": "KH", "Laotian": "LA",
    "Bangladeshi": "BD", "Sri Lankan": "LK", "Nepali": "NP", "Jordanian": "JO", "Lebanese": "LB",
    "Syrian": "SY", "Venezuelan": "VE", "Cuban": "CU", "Ecuadorian": "EC", "Uruguayan": "UY",
    "Paraguayan": "PY", "Bolivian": "BO", "Estonian": "EE", "Latvian": "LV", "Lithuanian": "LT",
    "Serbian": "RS", "Croatian": "HR", "Slovak": "SK", "Slovenian": "SI", "Bulgarian": "BG",
    "Georgian": "GE", "Armenian": "AM", "Azerbaijani": "AZ", "Algerian": "DZ", "Tunisian": "TN",
    "Libyan": "LY", "Sudanese": "SD", "Tanzanian": "TZ", "Ugandan": "UG", "Rwandan": "RW",
    "Angolan": "AO", "Mozambican": "MZ", "Zambian": "ZM", "Zimbabwean": "ZW", "Kuwaiti": "KW",
    "Omani": "OM", "Bahraini": "BH", "Yemeni": "YE", "Afghan": "AF", "Burmese": "MM",
}  # fmt: skip

# Names a report gives a country that its ISO short name is not: "South Korea" is in the table already.
COUNTRY_NAMES = {
    "Korea": "KR", "Republic of Korea": "KR", "North Korea": "KP", "Russia": "RU", "Vietnam": "VN",
    "Iran": "IR", "Syria": "SY", "Taiwan": "TW", "Laos": "LA", "Bolivia": "BO", "Venezuela": "VE",
    "Tanzania": "TZ", "Moldova": "MD", "Turkey": "TR", "Türkiye": "TR", "Czechia": "CZ",
    "the Netherlands": "NL", "the Philippines": "PH", "the United States": "US", "the United Kingdom": "GB",
    "the UAE": "AE", "the United Arab Emirates": "AE", "Brunei": "BN", "Palestine": "PS",
}  # fmt: skip

# Offices as news writes them before a name ("Prime Minister Sanae Takaichi"); longest first so that
# "Vice President" is not read as "President".
OFFICE_TITLES = sorted(
    [
        "Prime Minister", "President", "Vice President", "Vice-President", "Chancellor", "Premier",
        "Foreign Minister", "Defence Minister", "Defense Minister", "Finance Minister", "Trade Minister",
        "Foreign Secretary", "Secretary of State", "Secretary-General", "Secretary General", "King", "Queen",
        "Emperor", "Crown Prince", "Emir", "Sultan", "Supreme Leader", "Chief Executive", "Minister",
        "Deputy Prime Minister", "National Security Adviser", "Ambassador", "Envoy", "Special Envoy", "Pope",
    ],
    key=len,
    reverse=True,
)  # fmt: skip

# What kind of office a title is, for a person proposed as new (tracker.models.Office.Kind values).
OFFICE_KINDS = {
    "President": "head_of_state", "King": "head_of_state", "Queen": "head_of_state", "Emperor": "head_of_state",
    "Emir": "head_of_state", "Sultan": "head_of_state", "Supreme Leader": "head_of_state", "Pope": "head_of_state",
    "Prime Minister": "head_of_government", "Chancellor": "head_of_government", "Premier": "head_of_government",
    "Ambassador": "envoy", "Envoy": "envoy", "Special Envoy": "envoy",
}  # fmt: skip

# Outlets: the name news uses, and the web domains that publish as it.
OUTLETS = {
    "Reuters": ["reuters.com"], "Associated Press": ["apnews.com"], "AP": [], "AFP": ["afp.com"],
    "Agence France-Presse": [], "Bloomberg": ["bloomberg.com"], "BBC": ["bbc.com", "bbc.co.uk"],
    "CNN": ["cnn.com"], "Al Jazeera": ["aljazeera.com"], "The Guardian": ["theguardian.com"],
    "The New York Times": ["nytimes.com"], "The Washington Post": ["washingtonpost.com"],
    "Financial Times": ["ft.com"], "The Wall Street Journal": ["wsj.com"], "The Economist": ["economist.com"],
    "NHK": ["nhk.or.jp"], "Kyodo News": ["kyodonews.net"], "Kyodo": [], "Nikkei": ["nikkei.com", "asia.nikkei.com"],
    "The Japan Times": ["japantimes.co.jp"], "Asahi Shimbun": ["asahi.com"], "Yomiuri Shimbun": ["yomiuri.co.jp"],
    "Yonhap News Agency": ["yna.co.kr", "en.yna.co.kr"], "Yonhap": [], "The Korea Herald": ["koreaherald.com"],
    "The Korea Times": ["koreatimes.co.kr"], "JoongAng Daily": ["joongang.co.kr"], "KBS": ["kbs.co.kr"],
    "Xinhua": ["xinhuanet.com", "news.cn"], "Global Times": ["globaltimes.cn"], "CGTN": ["cgtn.com"],
    "South China Morning Post": ["scmp.com"], "TASS": ["tass.com"], "RIA Novosti": ["ria.ru"],
    "Deutsche Welle": ["dw.com"], "DW": [], "France 24": ["france24.com"], "Le Monde": ["lemonde.fr"],
    "The Hindu": ["thehindu.com"], "Times of India": ["timesofindia.indiatimes.com"],
    "Press Trust of India": ["ptinews.com"], "ANI": ["aninews.in"], "Dawn": ["dawn.com"],
    "The Straits Times": ["straitstimes.com"], "Bernama": ["bernama.com"], "Antara": ["antaranews.com"],
    "VnExpress": ["vnexpress.net"], "Philippine Daily Inquirer": ["inquirer.net"], "ABC": ["abc.net.au"],
    "Clarín": ["clarin.com"], "La Nación": ["lanacion.com.ar"], "Folha de S.Paulo": ["folha.uol.com.br"],
    "El País": ["elpais.com"], "Anadolu Agency": ["aa.com.tr"], "Kyiv Independent": ["kyivindependent.com"],
    "Politico": ["politico.com", "politico.eu"], "Axios": ["axios.com"], "EFE": ["efe.com"],
    "Nation Africa": ["nation.africa"], "Daily Maverick": ["dailymaverick.co.za"], "Arab News": ["arabnews.com"],
}  # fmt: skip

# Words that describe an unnamed speaker ("analysts told Reuters"): the description kept for the quote.
UNNAMED_SPEAKERS = (
    r"(?:(?:a|an|the|one|two|three|several|some|many|other)\s+)?(?:(?:senior|foreign|western|european|"
    r"government|ministry|military|u\.s\.|\w+ese|\w+an|\w+ish|unnamed|anonymous|regional|local|political|"
    r"security|trade|diplomatic)\s+){0,3}"
    r"(?:analysts?|officials?|diplomats?|observers|experts?|sources?|spokes(?:man|woman|person)|aides?|"
    r"economists?|critics|residents?|people|participants|negotiators?|lawmakers?|insiders?|commentators?|"
    r"researchers?|scholars?|a person|someone)"
)
