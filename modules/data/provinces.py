"""The one list of Vietnam's provinces: the 63 (2008 – June 2025), the 6 statistical regions
and the whole country (aggregates, not provinces), the former Hà Tây, and the 34 provinces
of 1 July 2025 with the former provinces each is made of.

Sources:
- the 63 provinces, their English spellings and their regions: the General Statistics
  Office's "by province" tables (`data/gso_provinces/`, rows in the office's order under
  its six regions);
- the 34 provinces: Resolution 202/2025/QH15 of the National Assembly (12 June 2025) on the
  arrangement of provincial-level administrative units, effective 12 June 2025, the new
  provincial governments working from 1 July 2025: 23 provinces formed by merging 52 of the
  63, 11 unchanged (Hà Nội, Huế, Lai Châu, Điện Biên, Sơn La, Lạng Sơn, Quảng Ninh, Thanh
  Hóa, Nghệ An, Hà Tĩnh, Cao Bằng);
- territory changes: the National Assembly's resolution of 6 November 1996 (provinces
  split from 1 January 1997), Resolution 22/2003/QH11 (Đắk Lắk → Đắk Lắk + Đắk Nông, Lai
  Châu → Lai Châu + Điện Biên with Than Uyên district from Lào Cai, Cần Thơ → Cần Thơ city +
  Hậu Giang, from 1 January 2004), Resolution 15/2008/QH12 (Hà Tây, Mê Linh district of
  Vĩnh Phúc and four communes of Hòa Bình's Lương Sơn district into Hà Nội, 1 August 2008).

**The territory rule.** An area id denotes one territory. `Area.first_year` and
`Area.last_year` bound the years its present territory holds: a figure for a year outside
them belongs to another territory and is kept out of the area's series (the reader reports
it), never joined. Boundaries moved between provinces by the resolutions above are tracked;
smaller adjustments (a commune here and there outside these resolutions) are not. A
province's years before its present territory began are kept out even where a table gives
them: a table cannot tell whether they were recompiled for the present territory (the
office's Đắk Lắk 1995–2003 plainly were not: Đắk Nông has no figure before 2003 and Đắk Lắk
1995, 325.9, is out of line with 1996, 1,512.5). The 52 merged provinces end in 2024 (the
merger took effect mid-2025); from 2025 a name of a merged province means the 2025 province
(`dak_lak_2025`, Đắk Lắk + Phú Yên), another territory, another area.

Names match in any spelling a table uses: English (GSO) or Vietnamese, with or without
diacritics (đ = d), any case, stray or doubled spaces, hyphens, "TP."/"Tỉnh"/"city"/
"province" around the name, written together ("Daklak"). A name not on the list (a district,
a made-up area) is an area of its own (kind "other"), never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modules.data.catalogue import name_key

PROVINCE = "province"        # one of the 63 (2008 – June 2025)
REGION = "region"            # one of the 6 statistical regions (an aggregate)
COUNTRY_KIND = "country"     # the whole country (an aggregate)
FORMER = "former"            # a province that no longer exists (Hà Tây, until 2007)
PROVINCE_2025 = "province_2025"  # a province formed on 1 July 2025 by merging several
OTHER = "other"              # a name not on the list: kept as an area of its own
AGGREGATE_KINDS = frozenset({REGION, COUNTRY_KIND})
_PROPER = frozenset({PROVINCE, FORMER})  # named in Vietnamese in both languages
MERGER_YEAR = 2025


@dataclass(frozen=True)
class Area:
    """A province, region, the country or another named area.

    `id` is a stable ascii id (`dak_lak`); `region` the region id of a province ("" for
    others); `formed_from` the ids of the 63 a 2025 province was formed from; `first_year`
    and `last_year` the years its present territory holds (None: open)."""

    id: str
    name_vi: str
    name_en: str
    kind: str = PROVINCE
    region: str = ""
    formed_from: tuple[str, ...] = ()
    first_year: int | None = None
    last_year: int | None = None
    began: str = ""  # why its territory begins at first_year: a code, `territory.<code>` text
    ended: str = ""  # why it ends after last_year (same codes)

    def name(self, lang: str) -> str:
        """The name in `lang`: a province's is its Vietnamese proper name in both languages
        (as the app writes Đắk Lắk); a region's and the country's are translated ("vi";
        anything else gives the English name). `name_en` keeps the office's spelling."""
        return self.name_vi if lang == "vi" or self.kind in _PROPER else self.name_en

    @property
    def is_aggregate(self) -> bool:
        """A region or the whole country: a sum of provinces, never one of them."""
        return self.kind in AGGREGATE_KINDS

    def holds(self, year: int) -> bool:
        """Whether `year` lies within the years of this area's present territory."""
        return (self.first_year is None or year >= self.first_year) and \
            (self.last_year is None or year <= self.last_year)


COUNTRY = Area("vietnam", "Cả nước", "Whole country", COUNTRY_KIND)

REGIONS = (
    Area("red_river_delta", "Đồng bằng sông Hồng", "Red River Delta", REGION),
    Area("northern_midlands_mountains", "Trung du và miền núi phía Bắc",
         "Northern midlands and mountain areas", REGION),
    Area("north_central_coast", "Bắc Trung Bộ và duyên hải miền Trung",
         "North Central and Central coastal areas", REGION),
    Area("central_highlands", "Tây Nguyên", "Central Highlands", REGION),
    Area("south_east", "Đông Nam Bộ", "South East", REGION),
    Area("mekong_delta", "Đồng bằng sông Cửu Long", "Mekong River Delta", REGION),
)

# why a territory begins or ends (the text of each: `territory.<code>` in the locale files)
_SPLIT_1997 = "split_1997"    # split from a larger province on 1 Jan 1997 (NA, 6 Nov 1996)
_SPLIT_2004 = "split_2004"    # Resolution 22/2003/QH11, from 1 Jan 2004
_HANOI_2008 = "hanoi_2008"    # Resolution 15/2008/QH12, from 1 Aug 2008
_MERGED_CODE = "merged_2025"  # Resolution 202/2025/QH15, from 1 July 2025
_FORMED_2025 = "formed_2025"

# (id, Vietnamese, English as the statistics office spells it, first year of the territory,
#  why), by region in the office's order
_PROVINCES = {
    "red_river_delta": [
        ("ha_noi", "Hà Nội", "Ha Noi", 2008, _HANOI_2008),
        ("vinh_phuc", "Vĩnh Phúc", "Vinh Phuc", 2008, _HANOI_2008),
        ("bac_ninh", "Bắc Ninh", "Bac Ninh", 1997, _SPLIT_1997),
        ("quang_ninh", "Quảng Ninh", "Quang Ninh", None, ""),
        ("hai_duong", "Hải Dương", "Hai Duong", 1997, _SPLIT_1997),
        ("hai_phong", "Hải Phòng", "Hai Phong", None, ""),
        ("hung_yen", "Hưng Yên", "Hung Yen", 1997, _SPLIT_1997),
        ("thai_binh", "Thái Bình", "Thai Binh", None, ""),
        ("ha_nam", "Hà Nam", "Ha Nam", 1997, _SPLIT_1997),
        ("nam_dinh", "Nam Định", "Nam Dinh", 1997, _SPLIT_1997),
        ("ninh_binh", "Ninh Bình", "Ninh Binh", None, ""),
    ],
    "northern_midlands_mountains": [
        ("ha_giang", "Hà Giang", "Ha Giang", None, ""),
        ("cao_bang", "Cao Bằng", "Cao Bang", None, ""),
        ("bac_kan", "Bắc Kạn", "Bac Kan", 1997, _SPLIT_1997),
        ("tuyen_quang", "Tuyên Quang", "Tuyen Quang", None, ""),
        ("lao_cai", "Lào Cai", "Lao Cai", 2004, _SPLIT_2004),
        ("yen_bai", "Yên Bái", "Yen Bai", None, ""),
        ("thai_nguyen", "Thái Nguyên", "Thai Nguyen", 1997, _SPLIT_1997),
        ("lang_son", "Lạng Sơn", "Lang Son", None, ""),
        ("bac_giang", "Bắc Giang", "Bac Giang", 1997, _SPLIT_1997),
        ("phu_tho", "Phú Thọ", "Phu Tho", 1997, _SPLIT_1997),
        ("dien_bien", "Điện Biên", "Dien Bien", 2004, _SPLIT_2004),
        ("lai_chau", "Lai Châu", "Lai Chau", 2004, _SPLIT_2004),
        ("son_la", "Sơn La", "Son La", None, ""),
        ("hoa_binh", "Hòa Bình", "Hoa Binh", 2008, _HANOI_2008),
    ],
    "north_central_coast": [
        ("thanh_hoa", "Thanh Hóa", "Thanh Hoa", None, ""),
        ("nghe_an", "Nghệ An", "Nghe An", None, ""),
        ("ha_tinh", "Hà Tĩnh", "Ha Tinh", None, ""),
        ("quang_binh", "Quảng Bình", "Quang Binh", None, ""),
        ("quang_tri", "Quảng Trị", "Quang Tri", None, ""),
        ("thua_thien_hue", "Thừa Thiên Huế", "Thua Thien-Hue", None, ""),
        ("da_nang", "Đà Nẵng", "Da Nang", 1997, _SPLIT_1997),
        ("quang_nam", "Quảng Nam", "Quang Nam", 1997, _SPLIT_1997),
        ("quang_ngai", "Quảng Ngãi", "Quang Ngai", None, ""),
        ("binh_dinh", "Bình Định", "Binh Dinh", None, ""),
        ("phu_yen", "Phú Yên", "Phu Yen", None, ""),
        ("khanh_hoa", "Khánh Hòa", "Khanh Hoa", None, ""),
        ("ninh_thuan", "Ninh Thuận", "Ninh Thuan", None, ""),
        ("binh_thuan", "Bình Thuận", "Binh Thuan", None, ""),
    ],
    "central_highlands": [
        ("kon_tum", "Kon Tum", "Kon Tum", None, ""),
        ("gia_lai", "Gia Lai", "Gia Lai", None, ""),
        ("dak_lak", "Đắk Lắk", "Dak Lak", 2004, _SPLIT_2004),
        ("dak_nong", "Đắk Nông", "Dak Nong", 2004, _SPLIT_2004),
        ("lam_dong", "Lâm Đồng", "Lam Dong", None, ""),
    ],
    "south_east": [
        ("binh_phuoc", "Bình Phước", "Binh Phuoc", 1997, _SPLIT_1997),
        ("tay_ninh", "Tây Ninh", "Tay Ninh", None, ""),
        ("binh_duong", "Bình Dương", "Binh Duong", 1997, _SPLIT_1997),
        ("dong_nai", "Đồng Nai", "Dong Nai", None, ""),
        ("ba_ria_vung_tau", "Bà Rịa - Vũng Tàu", "Ba Ria - Vung Tau", None, ""),
        ("ho_chi_minh", "TP. Hồ Chí Minh", "Ho Chi Minh city", None, ""),
    ],
    "mekong_delta": [
        ("long_an", "Long An", "Long An", None, ""),
        ("tien_giang", "Tiền Giang", "Tien Giang", None, ""),
        ("ben_tre", "Bến Tre", "Ben Tre", None, ""),
        ("tra_vinh", "Trà Vinh", "Tra Vinh", None, ""),
        ("vinh_long", "Vĩnh Long", "Vinh Long", None, ""),
        ("dong_thap", "Đồng Tháp", "Dong Thap", None, ""),
        ("an_giang", "An Giang", "An Giang", None, ""),
        ("kien_giang", "Kiên Giang", "Kien Giang", None, ""),
        ("can_tho", "Cần Thơ", "Can Tho", 2004, _SPLIT_2004),
        ("hau_giang", "Hậu Giang", "Hau Giang", 2004, _SPLIT_2004),
        ("soc_trang", "Sóc Trăng", "Soc Trang", None, ""),
        ("bac_lieu", "Bạc Liêu", "Bac Lieu", 1997, _SPLIT_1997),
        ("ca_mau", "Cà Mau", "Ca Mau", 1997, _SPLIT_1997),
    ],
}

# Resolution 202/2025/QH15: the 23 merged provinces (the first part gives the name; the new
# provincial governments from 1 July 2025). The 11 others are unchanged.
_MERGED_2025 = {
    "tuyen_quang": ("tuyen_quang", "ha_giang"),
    "lao_cai": ("lao_cai", "yen_bai"),
    "thai_nguyen": ("thai_nguyen", "bac_kan"),
    "phu_tho": ("phu_tho", "vinh_phuc", "hoa_binh"),
    "bac_ninh": ("bac_ninh", "bac_giang"),
    "hung_yen": ("hung_yen", "thai_binh"),
    "hai_phong": ("hai_phong", "hai_duong"),
    "ninh_binh": ("ninh_binh", "ha_nam", "nam_dinh"),
    "quang_tri": ("quang_tri", "quang_binh"),
    "da_nang": ("da_nang", "quang_nam"),
    "quang_ngai": ("quang_ngai", "kon_tum"),
    "gia_lai": ("gia_lai", "binh_dinh"),
    "khanh_hoa": ("khanh_hoa", "ninh_thuan"),
    "lam_dong": ("lam_dong", "dak_nong", "binh_thuan"),
    "dak_lak": ("dak_lak", "phu_yen"),
    "ho_chi_minh": ("ho_chi_minh", "binh_duong", "ba_ria_vung_tau"),
    "dong_nai": ("dong_nai", "binh_phuoc"),
    "tay_ninh": ("tay_ninh", "long_an"),
    "can_tho": ("can_tho", "soc_trang", "hau_giang"),
    "vinh_long": ("vinh_long", "ben_tre", "tra_vinh"),
    "dong_thap": ("dong_thap", "tien_giang"),
    "ca_mau": ("ca_mau", "bac_lieu"),
    "an_giang": ("an_giang", "kien_giang"),
}
_MERGED_PARTS = {part for parts in _MERGED_2025.values() for part in parts}


def _province(region: str, entry) -> Area:
    pid, vi, en, first, note = entry
    merged = pid in _MERGED_PARTS
    return Area(pid, vi, en, PROVINCE, region, first_year=first,
                last_year=MERGER_YEAR - 1 if merged else None, began=note,
                ended=_MERGED_CODE if merged else "")


PROVINCES = tuple(_province(region, entry) for region, entries in _PROVINCES.items()
                  for entry in entries)
HA_TAY = Area("ha_tay", "Hà Tây", "Ha Tay", FORMER, "red_river_delta", last_year=2007,
              ended=_HANOI_2008)
_BY_ID_63 = {p.id: p for p in PROVINCES}


def _province_2025(pid: str) -> Area:
    first = _BY_ID_63[pid]
    parts = _MERGED_2025[pid]
    names_vi = ", ".join(_BY_ID_63[p].name_vi for p in parts[1:])
    return Area(f"{pid}_2025", f"{first.name_vi} (từ 1/7/2025, gồm cả {names_vi})",
                f"{first.name_vi} (from 1 July 2025, with {names_vi})", PROVINCE_2025,
                first_year=MERGER_YEAR, formed_from=parts, began=_FORMED_2025)


_NEW = {pid: _province_2025(pid) for pid in _MERGED_2025}
# the 34, in the order of the 63 (a merged province where its first part stood)
PROVINCES_2025 = tuple(_NEW.get(p.id, p) for p in PROVINCES
                       if p.id in _NEW or p.id not in _MERGED_PARTS)
_ALL = {a.id: a for a in (COUNTRY, *REGIONS, *PROVINCES, HA_TAY, *_NEW.values())}

# other spellings planners and tables use (the names above and their ascii forms match too)
_ALIASES = {
    "vietnam": ("whole country", "cả nước", "toàn quốc", "viet nam", "vietnam", "total",
                "tổng số", "tổng", "national"),
    "north_central_coast": ("Northern Central area and Central coastal area",
                            "Bắc Trung Bộ và Duyên hải miền Trung",
                            "North Central Coast and South Central Coast"),
    "northern_midlands_mountains": ("Northern midlands and mountainous areas",
                                    "Trung du miền núi phía Bắc", "Northern mountains"),
    "mekong_delta": ("Mekong Delta", "Đồng bằng sông Cửu Long", "ĐBSCL"),
    "red_river_delta": ("Đồng bằng sông Hồng", "ĐBSH"),
    "south_east": ("Southeast", "Đông Nam Bộ"),
    "central_highlands": ("Tây Nguyên",),
    "ho_chi_minh": ("Hồ Chí Minh", "Thành phố Hồ Chí Minh", "HCMC", "Sài Gòn", "Saigon",
                    "TPHCM", "TP HCM", "HCM"),
    "thua_thien_hue": ("Huế", "Thừa Thiên - Huế", "Thừa Thiên-Huế"),
    "ba_ria_vung_tau": ("Bà Rịa Vũng Tàu", "Bà Rịa-Vũng Tàu", "BR-VT", "BRVT"),
    "dak_lak": ("Đắc Lắc", "Darlac", "Đắk Lăk", "Đăk Lăk", "Đắc Lắk"),
    "dak_nong": ("Đắc Nông", "Đăk Nông"),
    "kon_tum": ("Kontum",),
    "ha_noi": ("Hanoi",),
}
_PREFIX = re.compile(r"^(?:thanh pho truc thuoc trung uong|thanh pho|tinh|tp|city of|"
                     r"province of)\s+")
_SUFFIX = re.compile(r"\s+(?:city|province|municipality|tinh|thanh pho)$")


def _key(text: str) -> str:
    key = name_key(text)
    for _ in range(2):
        key = _SUFFIX.sub("", _PREFIX.sub("", key))
    return key.replace(" ", "")


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for item in (COUNTRY, *REGIONS, *PROVINCES, HA_TAY):
        for text in (item.id.replace("_", " "), item.name_vi, item.name_en,
                     *_ALIASES.get(item.id, ())):
            found = table.setdefault(_key(text), item.id)
            assert found == item.id, (text, found, item.id)  # two areas, one spelling
    return table


_NAMES = _table()


def area(area_id: str) -> Area:
    """The area with this id (a province of either generation, a region, the country, Hà
    Tây); KeyError for an unknown id."""
    return _ALL[area_id]


def lookup(area_id: str) -> Area:
    """The area with this id; for an id not on the list (an area named in a file), an
    Area of kind "other" named by it."""
    return _ALL.get(area_id) or Area(area_id, area_id, area_id, OTHER)


def match_area(name: str, year: int | None = None) -> tuple[Area, bool]:
    """(the area a name means, whether the text differs from its Vietnamese name).

    `year` (of a figure) picks the generation: from 2025 a name of a merged province means
    the province of 1 July 2025 (`Đắk Lắk`, 2026 -> `dak_lak_2025`). A name not on the list
    gives Area(kind="other") whose id is the name as written, spaces squeezed ("Buôn Ma
    Thuột"); an empty name gives ValueError."""
    text = " ".join(str(name).split())
    key = _key(text)
    if not key:
        raise ValueError("an area needs a name")
    found = _NAMES.get(key)
    if found is None:
        return Area(text, text, text, OTHER), False
    result = _ALL[found]
    if year is not None and year >= MERGER_YEAR and found in _NEW:
        result = _NEW[found]
    return result, text != result.name_vi


def province_2025_of(province_id: str) -> Area:
    """The province of 1 July 2025 that one of the 63 belongs to (itself when unchanged);
    KeyError for an id that is not one of the 63."""
    _BY_ID_63[province_id]  # KeyError for anything else
    for pid, parts in _MERGED_2025.items():
        if province_id in parts:
            return _NEW[pid]
    return _BY_ID_63[province_id]


def formed_from(area_id: str) -> tuple[str, ...]:
    """The ids of the 63 an area of 1 July 2025 is made of ((id,) when unchanged)."""
    found = _ALL[area_id]
    return found.formed_from or (found.id,)


def territory_years(area_id: str) -> tuple[int | None, int | None]:
    """(first, last) year of the area's present territory; None where open."""
    found = _ALL[area_id]
    return found.first_year, found.last_year


def provinces_of(region_id: str) -> tuple[Area, ...]:
    """The provinces (of the 63) of one region, in the statistics office's order."""
    return tuple(p for p in PROVINCES if p.region == region_id)


def area_name(area_id: str, lang: str) -> str:
    """The name of an area id in `lang`; an id not on the list is itself the name (an area
    of kind "other" is named as its file wrote it)."""
    found = _ALL.get(area_id)
    return found.name(lang) if found else area_id
