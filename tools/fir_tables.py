"""The curated tables of ``build_firs.py``: which VATSpy outline feeds which ICAO FIR.

VATSpy draws the sectors VATSIM controllers staff, not FIRs as such: many FIRs are split into
sectors (``XXXX-SUFFIX``), some ACC or TMA areas carry their own ICAO-like id, a few outlines
are virtual groupings of several FIRs, and upper sectors are sometimes drawn over another FIR.
These tables say how each case becomes one outline per ICAO FIR; every entry has its reason.
The membership of ACC areas follows their names in ``VATSpy.dat`` (``"Jinan ACC - Shanghai FIR"``).
"""

from __future__ import annotations

from typing import Final

#: VATSpy features that are not part of any one FIR: virtual VATSIM groupings drawn over
#: several FIRs, or overlays whose area the FIR outlines already cover.
DROPPED: Final = {
    "ADR": "Adria Radar, a VATSIM grouping of the Adriatic FIRs",
    "NAT": "Shanwick & Gander combined, a VATSIM grouping",
    "UKR": "Ukraine combined, a VATSIM grouping of the five Ukrainian FIRs",
    "XVCL": "Mekong, a VATSIM grouping over Ho Chi Minh, Vientiane and Phnom Penh",
    "FASA": "South Africa combined, a VATSIM grouping",
    "EDXX": "Langen Information, a FIS overlay of the three German FIRs",
    "EGVV": "Swanwick Military, an overlay of the London and Scottish FIRs",
    "LTXX": "Ankara Control, a VATSIM grouping of the two Turkish FIRs",
    "LECL": "Valencia sector (below FL245), an overlay across the Barcelona and Madrid FIRs",
}

#: VATSpy outlines (by id, or by the id before ``-``) that belong to a larger ICAO FIR: ACC and
#: TMA areas, oceanic halves of one FIR, and ids VATSIM uses for a FIR under another name.
PARENT: Final = {
    # Incheon FIR: Daegu ACC (replaced by the official outline anyway)
    "RKDA": "RKRR",
    # Japan is one FIR (Fukuoka, RJJJ); Tokyo, Kobe and Fukuoka ACC areas
    "RJTG": "RJJJ", "RJBG": "RJJJ", "RJDG": "RJJJ",
    # China: ACC areas named "... ACC - <X> FIR" in VATSpy.dat
    "ZBAA": "ZBPE", "ZBHH": "ZBPE",
    "ZGGG": "ZGZU", "ZGHA": "ZGZU", "ZGNN": "ZGZU",
    "ZHCC": "ZHWH", "ZHHH": "ZHWH",
    "ZLLL": "ZLHW", "ZLXY": "ZLHW",
    "ZPPP": "ZPKM", "ZUGY": "ZPKM", "ZULS": "ZPKM", "ZUUU": "ZPKM",
    "ZSAM": "ZSHA", "ZSCN": "ZSHA", "ZSJN": "ZSHA", "ZSOF": "ZSHA", "ZSQD": "ZSHA",
    "ZSSS": "ZSHA",
    "ZYHB": "ZYSH", "ZYTL": "ZYSH", "ZYTX": "ZYSH",
    "ZWWW": "ZWUQ", "ZJSY": "ZJSA",
    # India: ACC areas named "... ACC - <X>" of the four FIRs (Guwahati is part of Kolkata)
    "VAAH": "VABF", "VABB": "VABF", "VANP": "VABF",
    "VEBN": "VECF", "VECC": "VECF", "VEGF": "VECF",
    "VIAR": "VIDF", "VIJP": "VIDF", "VILK": "VIDF", "VIUX": "VIDF",
    "VOBG": "VOMF", "VOBL": "VOMF", "VOCI": "VOMF", "VOHS": "VOMF", "VOML": "VOMF",
    "VOMM": "VOMF", "VOTV": "VOMF",
    # Malaysia: Kuching ACC lies in the Kota Kinabalu FIR
    "WBGG": "WBFC",
    # Australia: the Indian Ocean sectors (worked by "Brisbane Radio") lie in the Melbourne FIR
    "YIND": "YMMM", "YINE": "YMMM", "YINS": "YMMM",
    # New Zealand FIR (NZZC): Auckland and Christchurch sectors, Ohakea; Auckland Oceanic
    # (NZZO): Tasman sector, McMurdo, Rarotonga and Faleolo approach areas
    "NZAA": "NZZC", "NZAR": "NZZC", "NZCB": "NZZC", "NZCK": "NZZC", "NZCS": "NZZC",
    "NZCT": "NZZC", "NZOH": "NZZC",
    "NZZT": "NZZO", "NZCM": "NZZO", "NCRG": "NZZO", "NSFA": "NZZO",
    "NTTC": "NTTT", "NFFJ": "NFFF",
    # Americas
    "CZZV": "CZUL",  # Sept-Iles: Montreal below FL280 (Moncton above)
    "MMEX": "MMFR", "MMID": "MMFR", "MMTY": "MMFR", "MMZT": "MMFR",
    "MHCC": "MHTG",  # Central American FIR (COCESNA, "Cenamer")
    "SKCL": "SKED", "SKMD": "SKED",
    "SACO": "SACF", "SAME": "SAMF", "SARE": "SARR", "SAVC": "SAVF", "BAIRES": "SAEF",
    "TTZO": "TTZP",
    # Europe
    "EGTL": "EGTT", "EGTM": "EGTT",
    "EIDW": "EISN",
    "ENBD": "ENOR", "ENOS": "ENOR", "ENSV": "ENOR",
    "ESMM": "ESAA", "ESOS": "ESAA",
    "LECP": "LECB", "LECS": "LECM",
    "LIPP": "LIMM",
    "LSAG": "LSAS", "LSAZ": "LSAS",
    "LGMD": "LGGG",
    "GCCO": "GCCC", "GMAC": "GMMM",
    # Middle East and Africa
    "LLPT": "LLLL", "LLSC": "LLLL",
    "OEJN": "OEJD", "OERD": "OEJD", "OERK": "OEJD",
    "TEH": "OIIX",
    "DGAO": "DGAC", "DNMM": "DNKK", "FAMR": "FAJA", "FQMA": "FQBE", "GOOC": "GOOO",
    "HJJJ": "HSSS",  # Juba below FL245, within the Khartoum FIR
}  # fmt: skip

#: (upper, lower): where VATSpy draws a FIR's upper sectors over another FIR, the layer (which
#: has no vertical limits) gives the shared area to the FIR that starts at the surface.
#: The lower one is a VATSpy outline id (a FIR, or one sector of it).
SURFACE_FIR: Final = {
    ("BIRD", "BGGL"): "Nuuk (Sondrestrom) FIR below FL195, under Reykjavik's upper sectors",
    ("LFEE", "LFFF-LOW"): "Paris lower sectors, under the Reims upper sectors",
}

#: An oceanic VATSpy feature that carries a domestic id: New York Oceanic is its own FIR.
OCEANIC_FIR: Final = {"KZNY": "KZWY"}

#: FIR names where the one VATSpy.dat gives is a facility's or VATSIM's.
NAMES: Final = {
    "RKRR": "Incheon", "RJJJ": "Fukuoka", "NZZC": "New Zealand", "NZZO": "Auckland Oceanic",
    "YMMM": "Melbourne", "YBBB": "Brisbane", "ENOR": "Polaris", "ENOB": "Bodø Oceanic",
    "ESAA": "Sweden", "EISN": "Shannon", "HLLL": "Tripoli", "USSV": "Yekaterinburg",
    "ULLL": "Saint Petersburg", "MHTG": "Central American", "KZWY": "New York Oceanic",
    "PAZA": "Anchorage", "OMAE": "Emirates", "MMFR": "Mexico",
    "SKED": "Bogotá", "HSSS": "Khartoum", "KZAK": "Oakland Oceanic", "DGAC": "Accra",
    "GOOO": "Dakar", "GCCC": "Canarias", "TTZP": "Piarco", "EGTT": "London", "EGPX": "Scottish",
    "LSAS": "Switzerland", "OEJD": "Jeddah", "OIIX": "Tehran", "LLLL": "Tel Aviv",
    "GMMM": "Casablanca", "DNKK": "Kano", "FQBE": "Beira", "NTTT": "Tahiti", "NFFF": "Nadi",
    "VABF": "Mumbai", "VECF": "Kolkata", "VIDF": "Delhi", "VOMF": "Chennai",
    "WBFC": "Kota Kinabalu", "ZKKP": "Pyongyang", "SBAO": "Atlantico", "SBAZ": "Amazonica",
    "SBBS": "Brasilia",
    "SBCW": "Curitiba", "SBRE": "Recife", "FAJA": "Johannesburg", "FACA": "Cape Town",
    "LRBB": "Bucuresti", "CZQX": "Gander Domestic", "SPIM": "Lima",
}  # fmt: skip
