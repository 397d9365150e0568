#!/usr/bin/env python3
"""Build the built-in datasets of Khả thi from the sourced figures.

Reads  <SOURCE_DIR>/daklak_sourced_figures.csv (+ daklak_sourced_figures_pass3.csv) and
       <SOURCE_DIR>/vietnam_sourced_figures.csv
Writes <OUT>/daklak/{observations,plans}.csv, <OUT>/vietnam/{observations,plans}.csv,
       <OUT>/datasets.json and copies the cited press article into <OUT>/daklak/.

Usage: python data/build_builtin.py [SOURCE_DIR] [--out OUT]   (python data/build_builtin.py --help)
       SOURCE_DIR defaults to ../shared/data next to the repo, OUT to this folder (data/).

Standard library only. Values are copied as strings, never parsed or recomputed.
The mapping rules and every judgment call are documented in data/README.md.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
# ../shared/data next to the repository (a git worktree one level deeper looks one level up)
DEFAULT_SOURCE_DIR = next((p for p in (Path(__file__).resolve().parents[n] / "shared" / "data"
                                       for n in (2, 3)) if p.is_dir()),
                          Path(__file__).resolve().parents[2] / "shared" / "data")
ARTICLE = "source-article-2022-01-04.vi.txt"

OBS_COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "coverage", "status", "flags",
               "source", "note"]
PLAN_COLUMNS = ["indicator", "year", "kind", "value", "unit", "flags", "source", "note"]
OBS_UNITS = {"billion VND", "trillion VND", "million USD", "billion USD", "% yoy", "% of exports"}
PLAN_UNITS = OBS_UNITS | {"% of plan"}
PLAN_KINDS = {"plan_target", "target_low", "target_high", "target_growth",
              "target_growth_low", "target_growth_high", "pct_of_plan"}
STATUS_OF_KIND = {"actual_final": "final", "actual_estimate": "estimate", "growth_pct": "estimate"}

PROVINCE_MAPPING = {
    "industrial_production_value": "industrial_production_value",
    "industrial_production_value_mining": "industrial_production_value_mining",
    "industrial_production_value_manufacturing": "industrial_production_value_manufacturing",
    "industrial_production_value_electricity_water": "industrial_production_value_electricity_water",
    "iip_total": "industrial_production_index",
    "iip_manufacturing": "iip_manufacturing",
    "iip_electricity_water": "iip_electricity_water",
    "iip_mining": "iip_mining",
    "retail_sales_and_consumer_services": "retail_sales",
    "exports": "exports",
    "exports_coffee": "exports_coffee",
    "imports": "imports",
    "industry_value_added_grdp": "industry_value_added_growth",
}
DAKLAK, PHU_YEN = "Đắk Lắk", "Phú Yên (pre-merger)"
MERGED = "Đắk Lắk (merged with Phú Yên from 1 Jul 2025)"


def _province(name: str, last_year: int | None = None):
    """Row filter: rows of one province (column `province`), up to `last_year`."""
    return lambda r: r.get("province") == name and (last_year is None or int(r["year"]) <= last_year)


_DAKLAK_2022 = (("daklak_sourced_figures.csv", None), ("daklak_sourced_figures_pass3.csv", None),
                # the statistics office's tables (downloaded 2017-2018): nothing after 2021
                ("sourced_figures_pass4.csv", _province(DAKLAK, 2021)))

# dataset -> (family: the prefix of its row rules, ((source file, row filter or None), ...),
#             {source indicator: canonical id})
SOURCES = {
    "daklak": ("daklak", _DAKLAK_2022, PROVINCE_MAPPING),
    "daklak_2025": ("daklak", _DAKLAK_2022[:2] + (
        ("sourced_figures_pass4.csv", _province(DAKLAK)),
        ("outcomes_after_2021.csv", lambda r: r["scope"] == "daklak")), PROVINCE_MAPPING),
    "phuyen": ("phuyen", (("sourced_figures_pass4.csv", _province(PHU_YEN)),), PROVINCE_MAPPING),
    # the merged province's own rows are all targets; its observations are the parts' merged
    "daklak_merged": ("merged", (("sourced_figures_pass4.csv", _province(MERGED)),
                                 ("daklak_after_2021_pass3.csv", None)), PROVINCE_MAPPING),
    "vietnam": ("vietnam", (("vietnam_sourced_figures.csv", None),), {
        "iip_total": "industrial_production_index",
        "iip_manufacturing": "iip_manufacturing",
        "iip_mining": "iip_mining",
        "iip_electricity": "iip_electricity",
        "iip_water_waste": "iip_water_waste",
        "iip_utilities_electricity_gas_water": "iip_utilities_electricity_gas_water",
        "retail_sales_goods_services": "retail_sales",
        "exports_goods": "exports",
        "imports_goods": "imports",
        "industrial_output_value_1994prices": "industrial_output_value_1994prices",
        "industrial_output_value_growth_1994prices": "industrial_output_value_growth_1994prices",
        "industry_value_added_growth": "industry_value_added_growth",
        "manufacturing_value_added_growth": "manufacturing_value_added_growth",
        "trade_deficit_pct_of_exports": "trade_deficit_pct_of_exports",
    }),
}

# A merged province: its parts (built before it) and their names, merged by
# modules.data.merge.merge, the function behind `khathi merge` (the build's one use of the
# app's code, so that the built-in merge and a planner's are the same).
MERGED_FROM = {"daklak_merged": (("daklak_2025", "Đắk Lắk"), ("phuyen", "Phú Yên"))}

# Row-level rules. Key: (dataset, source indicator, unit, year, value); every key must match
# exactly one source row (checked), so a changed source file cannot silently skip a rule.
SPECIAL_INDICATOR = {
    ("daklak", "exports", "million USD", "2013", "982.7"): "exports_customs",
    # the People's Committee report names this measure 'tổng mức lưu chuyển hàng hóa' (total
    # goods circulation), not 'tổng mức bán lẻ' (retail sales): a different indicator
    ("daklak", "retail_sales_and_consumer_services", "% yoy", "2014", "29.8"): "goods_circulation",
    ("daklak", "retail_sales_and_consumer_services", "% of plan", "2014", "100"): "goods_circulation",
}

# Stand-in: Đắk Lắk has no total-index history, so growth of industrial production value at
# constant (or probably constant) prices is ALSO written as industrial_production_index.
STAND_IN_NOTE = ("[khathi] stand-in: growth of industrial production value at constant prices "
                 "(no total-index history for Đắk Lắk)")
STAND_IN_INDEX = {
    ("daklak", "industrial_production_value", "% yoy", "2020", "7.9"),
    ("daklak", "industrial_production_value", "% yoy", "2021", "14.8"),
}

# growth_pct rows whose note itself contains this text are final (revised series).
FINAL_NOTE_MARKERS = ("treat as final",)

# growth_pct rows made final by judgment (the note alone does not say so).
FINAL_BY_JUDGMENT = {
    ("daklak", "industrial_production_value", "% yoy", "2006", "31.4"):
        "growth from the same statistical-yearbook excerpt as the final 2006 level",
    ("vietnam", "exports_goods", "% yoy", "2004", "31.4"):
        "GSO trade book (same table as the final level); the estimate row's note calls +31.4% final",
    ("vietnam", "exports_goods", "% yoy", "2005", "22.5"):
        "GSO trade book, same table as the final level",
    ("vietnam", "exports_goods", "% yoy", "2006", "22.7"):
        "GSO trade book, same table as the final level",
    ("vietnam", "imports_goods", "% yoy", "2004", "26.6"):
        "GSO trade book, same table as the final level",
    ("vietnam", "imports_goods", "% yoy", "2005", "15.0"):
        "GSO trade book, same table as the final level",
    ("vietnam", "imports_goods", "% yoy", "2006", "22.1"):
        "GSO trade book, same table as the final level",
    ("vietnam", "exports_goods", "% yoy", "2015", "7.9"):
        "note says final/customs basis",
    ("vietnam", "exports_goods", "% yoy", "2018", "13.2"):
        "customs annual report, same source as the final level",
    ("vietnam", "imports_goods", "% yoy", "2018", "11.1"):
        "customs annual report, same source as the final level",
    ("vietnam", "exports_goods", "% yoy", "2019", "8.1"):
        "stated June 2020, same source as the final level",
    ("vietnam", "retail_sales_goods_services", "% yoy", "2017", "10.9"):
        "restated Dec 2018 together with the final level",
}

# growth_pct rows of these sources are final: the statistics office's own table, whose
# downloaded vintage (Sep 2018) marks no year of the index preliminary.
GSO_RETAIL = ("https://github.com/choisy/gso/blob/3bf5d68e79781f5e0cef2ea481dd294007483efe/data-raw/"
              "Trade%2C%20Price%20and%20Tourism/Retail%20sales%20of%20goods%20and%20services%20at"
              "%20current%20prices%20by%20province.csv")
GSO_RETAIL_2017 = ("https://github.com/choisy/gso/blob/2b0b897108d673a4e22c30da95998e27f5d137e2/"
                   "data-raw/Trade%2C%20Price%20and%20Tourism/Retail%20sales%20of%20goods%20and"
                   "%20services%20at%20current%20prices%20by%20province%20(*).csv")
GSO_IIP = ("https://github.com/choisy/gso/blob/20ec601e83b90c4cfe42637e3b2d929f962a5dc1/data-raw/"
           "Industry/Index%20of%20Industrial%20production%20by%20province.csv")
FINAL_BY_SOURCE = {GSO_IIP: "the statistics office's table (Sep-2018 download), which marks no "
                            "year of the index preliminary"}

# Same indicator, year, unit and status, different values: the listed row becomes 'alternative'.
ALTERNATIVE = {
    ("daklak", "retail_sales_and_consumer_services", "billion VND", "2014", "48699.9"):
        "earlier vintage of the statistics office's table (Mar-2017 download); kept the "
        "Sep-2018 vintage 48,567.9",
    ("phuyen", "retail_sales_and_consumer_services", "billion VND", "2014", "19937.4"):
        "earlier vintage of the statistics office's table (Mar-2017 download); kept the "
        "Sep-2018 vintage 20,076.3",
    ("daklak", "exports", "% yoy", "2022", "30.32"):
        "provincial year-end summary (baodaklak, 1 Jan 2023); kept +30.4%, published with "
        "the level itself (Department of Industry and Trade, Feb 2023)",
    ("vietnam", "exports_goods", "billion USD", "2002", "16.5"):
        "Ministry of Trade lower bound; kept the GSO figure 16.53",
    ("vietnam", "exports_goods", "billion USD", "2007", "48.4"):
        "GSO year-end release of 31 Dec 2007; kept the later GSO trade-book figure 48.561",
    ("vietnam", "exports_goods", "% yoy", "2007", "21.5"):
        "GSO year-end release of 31 Dec 2007; kept the later GSO trade-book figure 21.9",
    ("vietnam", "exports_goods", "billion USD", "2011", "96.3"):
        "ministry figure; kept the GSO preliminary figure 96.2",
    ("vietnam", "exports_goods", "billion USD", "2013", "132"):
        "ministry estimate of 16 Dec 2013; kept the customs-based figure 132.5",
    ("vietnam", "imports_goods", "billion USD", "2007", "60.8"):
        "GSO year-end release of 31 Dec 2007; kept the later GSO trade-book figure 62.682",
    ("vietnam", "retail_sales_goods_services", "% yoy", "2011", "14.2"):
        "the source notes flag 14.2 as a typo; kept 24.2",
    ("vietnam", "iip_total", "% yoy", "2021", "4.8"):
        "government statement (rounded); kept the GSO year-end figure 4.82",
    ("daklak", "exports", "% yoy", "2014", "20"):
        "People's Committee year-end report (copy) gives +20% for the same 730; kept +12.3%, "
        "published later (Mar 2015) by the source of the level itself",
    ("daklak", "retail_sales_and_consumer_services", "billion VND", "2020", "82650"):
        "Party Congress report of Oct 2020, estimated before the year ended; kept the "
        "Department of Industry and Trade's Dec 2020 estimate 83,500",
}

# --- compiler / coverage --------------------------------------------------------------------
# Levels whose coverage labels differ are never joined into one series (like price bases).
# Đắk Lắk: by source (who compiled the figure, as the source says), then row overrides where the
# sources show that one compiler's count changed. Vietnam: every national total is the one
# national count (GSO and customs publish the same customs-based merchandise trade; the other
# reporters quote GSO/customs), so `national`.
UNSTATED = "unstated"
STATISTICS_OFFICE = "gso"  # the label of the statistics office's tables (the panel's too)
COVERAGE_BY_SOURCE = {
    GSO_RETAIL: STATISTICS_OFFICE, GSO_RETAIL_2017: STATISTICS_OFFICE, GSO_IIP: STATISTICS_OFFICE,
    "https://vccinews.vn/news/45932/ky-vong-dot-pha-tu-linh-vuc-cong-thuong.html": "doit",
    "https://vccinews.com/news/48871/expectations-for-industry-and-trade-breakthroughs.html": "doit",
    "https://www.baodaklak.vn/chinh-tri/202301/but-pha-manh-me-vuon-tam-cao-moi-b222315/":
        "people_committee",
    "https://www.vietnam.vn/ko/huy-dong-von-dau-tu-dat-hon-35-744-ty-dong": STATISTICS_OFFICE,
    "https://www.vccinews.com/prode/23319/.html": "doit_phu_yen",
    "https://baotainguyenmoitruong.vn/print/334559.html": "people_committee_phu_yen",
    "https://nld.com.vn/phu-yen-1-nam-chat-vat-thuc-hien-cac-chi-tieu-196241110164623339.htm":
        "people_committee_phu_yen",
    "https://123docz.net/trich-doan/2057618-he-thong-thuy-loi.htm": "provincial_statistics",
    "https://socongthuong.daklak.gov.vn/vi/news/hoat-dong-nganh-cong-thuong/page-50": "doit",
    ARTICLE: "doit",
    "https://www.vccinews.com/prode/22649/.html": "people_committee",
    "https://www.vccinews.com/prode/31810/.html": "doit_2014",
    "https://timhieuvietnam.vn/tinh-hinh-phat-trien-kinh-te-xa-hoi-tinh-dak-lak-nam-2014":
        "people_committee",
    "https://www.comunicaffe.com/vietnam-dak-lak-exports-earnings-reach-us260-million-first-quarter/":
        "people_committee",
    "https://baogialai.com.vn/channel/1624/202010/dak-lak-phan-dau-xung-dang-la-trung-tam-vung-tay-nguyen-5704452/":
        "party_congress",
    "http://vinanet.vn/xuat-nhap-khau/nam-2013-co-19-tinh-thanh-co-kim-ngach-xuat-khau-tren-1-ti-usd-482742.html":
        "customs",
}
COVERAGE_BY_ROW = {
    ("daklak", "exports", "million USD", "2021", "1136"): (
        "doit_2021_count", "coverage: the 2021 review's count. 174.8% of plan puts the 2021 plan "
        "near 650 and +0.2% puts 2020 near 1,134 on this count; a plan 43% below the year before "
        "is not set on the same count (the 2014 figure was 730, the 2015 orientation target 600, "
        "2013 near 650): not joined with earlier export levels"),
    ("daklak", "exports", "% yoy", "2021", "0.2"): (
        "doit_2021_count", "coverage: growth within the 2021 review's count (see the 2021 level)"),
}
_EXPORTS_2021_COUNT = ("coverage: on the 2021 review's count: {why}; not joined with the export "
                       "levels before 2021")
_VALUE_2021_COUNT = ("coverage: the 2022 level is the 2021 level 13,956 (price basis not stated) "
                     "grown by the reported +23% (13,956 x 1.23 = 17,166), not the 2019-2020 "
                     "count (17,805 in 2020): not joined with the 2019-2020 levels")
COVERAGE_BY_ROW.update({
    ("daklak", "exports", "million USD", "2022", "1500"): (
        "doit_2021_count", _EXPORTS_2021_COUNT.format(why="+30.4% puts 2021 near 1,150 (1,136)")),
    ("daklak", "exports", "% yoy", "2022", "30.4"): (
        "doit_2021_count", "coverage: growth within the 2021 review's count (see the 2022 level)"),
    ("daklak", "exports", "% yoy", "2022", "30.32"): (
        "doit_2021_count", "coverage: growth within the 2021 review's count (see the 2022 level)"),
    ("daklak", "exports", "million USD", "2024", "1650"): (
        "doit_2021_count", _EXPORTS_2021_COUNT.format(
            why="+10.3% puts 2023 near 1,496, and 2022 was 1,500 on that count")),
    ("daklak", "exports", "% yoy", "2024", "10.3"): (
        "doit_2021_count", "coverage: growth within the 2021 review's count (see the 2024 level)"),
    ("daklak", "industrial_production_value", "billion VND", "2022", "17100"): (
        "doit_2021_count", _VALUE_2021_COUNT),
    ("daklak", "industrial_production_value", "% yoy", "2022", "23"): (
        "doit_2021_count", "coverage: growth on the count of the 2021 and 2022 levels"),
})
# Retail sales are the statistics office's statistic (GSO and its provincial office): the
# province's year-end figure, whoever reports it, is the office's estimate of the same
# statistic, so estimates and the office's finals are one series (data/README.md, "Two
# vintages"); a political report's figure stays under its own label.
ONE_STATISTIC = {"retail_sales"}
ONE_STATISTIC_REMARK = ("coverage: retail sales are compiled by the statistics office; a "
                        "province's year-end figure is the office's estimate of the same "
                        "statistic, joined with its finals (the final modelled where both exist)")
NOT_THE_STATISTIC = {"party_congress"}
COVERAGE_REMARK_BY_SOURCE = {
    "https://www.vccinews.com/prode/31810/.html":
        "coverage: 2014 figure attributed to the Department of Industry and Trade, on an earlier "
        "count than its 2021 export figure (see the 2021 level)",
}

# --- flags: how strong a figure is --------------------------------------------------------------
# lower_bound: the source says over/more than; approximate: about/nearly or a round figure;
# secondary_source: read in a third-party copy of the publication; possibly_plan: the figure may
# be a plan restated as an outcome; converted: written in another form than the source printed
# (index - 100, a rescaled unit, another notation), the original form given in the note;
# medium_term (plans): a medium-term orientation target, not that year's annual plan.
FLAG_ORDER = ("lower_bound", "approximate", "secondary_source", "possibly_plan", "converted",
              "medium_term")
SECONDARY_SOURCES = {
    "https://123docz.net/trich-doan/2057618-he-thong-thuy-loi.htm":
        "statistical-yearbook excerpt reproduced in a thesis",
    "https://timhieuvietnam.vn/tinh-hinh-phat-trien-kinh-te-xa-hoi-tinh-dak-lak-nam-2014":
        "People's Committee report read in a copy on timhieuvietnam.vn",
    "https://websiteproxy.net/1337x-proxy/index.php?q=mKaqo9SgYmCssKtkp5ynzJfKX8XQ05GYopzapJ3P2JVoZGpnlZppZWSPnZuoXKjMmcuTw9M":
        "UN Comtrade profile read through a third-party web-proxy copy",
    "https://huggingface.co/datasets/letrinhan/vn-provinces-industry-master":
        "third-party compilation of NSO provincial-panel data",
    "http://patrick.guenin2.free.fr/cantho/vnnews/dashing.htm":
        "AFP item reproduced on a private archive site",
    "https://vietcatholic.net/News/Home/Article/4464": "TTXVN summary reproduced on a news aggregator",
    "http://vietnamtonight.blogspot.com/2008/01/vietnam-economy-grows-nearly-85-pct-in.html":
        "AFP item reproduced on a blog",
    "http://hungnguyen.com/PRNews/news_010103.htm": "AP item reproduced on a personal site",
    "http://www.hanifstrading.com/textile-industry-news/vietnams-2016-exports-seen-rising-8pc-target-2nd-year/":
        "Reuters item reproduced on a trading company's site",
    "http://vn-business.blogspot.com/search/label/cent%20trillion%20billion": "VNS item reprinted on a blog",
    "https://www.vietnam.vn/ko/huy-dong-von-dau-tu-dat-hon-35-744-ty-dong":
        "Korean translation of a Báo Đắk Lắk article on the statistics office's release",
}
_INDEX = "converted: the source gives the index (previous year = 100) {index}; written as growth = index - 100"
_MUSD = "converted: the source gives million USD ({original}); written in billion USD"
FLAGS = {
    # Đắk Lắk
    ("daklak", "iip_manufacturing", "% yoy", "2021", "9"):
        (("approximate",), "the article says 'tăng gần 9%' (nearly 9%)"),
    ("daklak", "exports", "million USD", "2017", "575"):
        (("lower_bound",), "'plus de 575 millions' (more than)"),
    ("daklak", "exports", "million USD", "2014", "730"):
        (("approximate",), "the People's Committee report gives this level as 'khoảng 730' (about)"),
    ("daklak", "imports", "million USD", "2014", "15"):
        (("approximate",), "'khoảng 15 triệu USD' (about)"),
    ("daklak", "exports_coffee", "million USD", "2009", "530"):
        (("lower_bound",), "'more than US$530 million'"),
    ("daklak", "exports_coffee", "million USD", "2013", "600"):
        (("approximate",), "a round figure reported in April 2014 for the year before; final here "
                           "means a full-year figure, not a revised or yearbook one"),
    ("daklak", "industrial_production_value", "billion VND", "2022", "17100"):
        (("lower_bound",), "'hơn 17.100 tỷ' (more than)"),
    ("daklak", "retail_sales_and_consumer_services", "billion VND", "2022", "93000"):
        (("lower_bound",), "'hơn 93.000 tỷ' (more than)"),
    ("daklak", "retail_sales_and_consumer_services", "billion VND", "2023", "101443"):
        (("lower_bound",), "'hơn 101.443 tỷ' (more than)"),
    ("daklak", "exports", "million USD", "2022", "1500"):
        (("approximate",), "'US$1.5 billion', a round figure"),
    ("daklak", "industrial_production_value", "billion VND", "2019", "16500"):
        (("possibly_plan",), "flagged by an audit (issue 15): the figure equals the 2019 plan "
                             "implied by a nine-month report; the source does not say which it is"),
    # Vietnam: qualifiers
    ("vietnam", "exports_goods", "billion USD", "2002", "16.5"): (("lower_bound",), "'trên 16,5' (more than)"),
    ("vietnam", "exports_goods", "% yoy", "2002", "10"): (("approximate",), "'about 10 percent'"),
    ("vietnam", "exports_goods", "billion USD", "2004", "26"): (("lower_bound",), "'over US$26 billion'"),
    ("vietnam", "exports_goods", "billion USD", "2012", "114.63"): (("lower_bound",), "'topped $114.63 billion'"),
    ("vietnam", "exports_goods", "billion USD", "2019", "263.5"): (("approximate",), "'approximately 263.5'"),
    ("vietnam", "exports_goods", "billion USD", "2021", "336.3"): (("lower_bound",), "'hơn 336,3' (more than)"),
    ("vietnam", "imports_goods", "billion USD", "2015", "165"): (("lower_bound",), "'mahigit 165' (more than)"),
    ("vietnam", "imports_goods", "billion USD", "2020", "262.4"): (("lower_bound",), "'over 262.4'"),
    ("vietnam", "iip_mining", "% yoy", "2016", "-6"): (("approximate",), "'around 6 percent'"),
    ("vietnam", "retail_sales_goods_services", "trillion VND", "2011", "2000"):
        (("lower_bound", "converted"), "converted, and a lower bound: the source writes 'over 2 "
                                       "trillion VND (90 billion USD)', a rounded lower bound read "
                                       "as 2,000 trillion (its 'trillion' cannot be literal)"),
    ("vietnam", "retail_sales_goods_services", "trillion VND", "2012", "2324"):
        (("converted",), "the source writes '2.324 trillion'; read as 2,324 trillion VND"),
    ("vietnam", "retail_sales_goods_services", "trillion VND", "2016", "3527.3661"):
        (("converted",), "the Japanese-language source writes the amount in 兆 (10^12) and 億 "
                         "(10^8) units, i.e. 3527兆3661億 đồng; written as 3,527.3661 trillion VND"),
    ("vietnam", "retail_sales_goods_services", "trillion VND", "2017", "3934"): (("lower_bound",), "'surpassed 3,934 trillion'"),
    ("vietnam", "retail_sales_goods_services", "trillion VND", "2018", "4396"): (("approximate",), "'nearly 4,396'"),
    ("vietnam", "retail_sales_goods_services", "trillion VND", "2019", "4940"): (("lower_bound",), "'over 4,940 trillion'"),
    ("vietnam", "retail_sales_goods_services", "trillion VND", "2021", "4800"): (("approximate",), "'nearly VND4,800 trillion'"),
    # Vietnam: values written in another form than the source printed
    ("vietnam", "exports_goods", "% yoy", "2004", "31.4"): (("converted",), _INDEX.format(index="131.4")),
    ("vietnam", "exports_goods", "% yoy", "2005", "22.5"): (("converted",), _INDEX.format(index="122.5")),
    ("vietnam", "exports_goods", "% yoy", "2006", "22.7"): (("converted",), _INDEX.format(index="122.7")),
    ("vietnam", "exports_goods", "% yoy", "2007", "21.9"): (("converted",), _INDEX.format(index="121.9")),
    ("vietnam", "imports_goods", "% yoy", "2004", "26.6"): (("converted",), _INDEX.format(index="126.6")),
    ("vietnam", "imports_goods", "% yoy", "2005", "15.0"): (("converted",), _INDEX.format(index="115.0")),
    ("vietnam", "imports_goods", "% yoy", "2006", "22.1"): (("converted",), _INDEX.format(index="122.1")),
    ("vietnam", "exports_goods", "billion USD", "2004", "26.485"): (("converted",), _MUSD.format(original="26,485")),
    ("vietnam", "exports_goods", "billion USD", "2005", "32.447"): (("converted",), _MUSD.format(original="32,447")),
    ("vietnam", "exports_goods", "billion USD", "2006", "39.826"): (("converted",), _MUSD.format(original="39,826")),
    ("vietnam", "exports_goods", "billion USD", "2007", "48.561"):
        (("converted",), "converted: the trade book's table 1 is in million USD (48,561); written in billion USD"),
    ("vietnam", "imports_goods", "billion USD", "2004", "31.969"): (("converted",), _MUSD.format(original="31,969")),
    ("vietnam", "imports_goods", "billion USD", "2005", "36.761"): (("converted",), _MUSD.format(original="36,761")),
    ("vietnam", "imports_goods", "billion USD", "2006", "44.891"): (("converted",), _MUSD.format(original="44,891")),
    ("vietnam", "imports_goods", "billion USD", "2007", "62.682"):
        (("converted",), "converted: the trade book's table 1 is in million USD (62,682); written in billion USD"),
    ("vietnam", "exports_goods", "billion USD", "2008", "62.685"):
        (("converted",), "converted and rounded: the profile gives 62,685.1 million USD; written as 62.685 billion USD"),
    ("vietnam", "imports_goods", "billion USD", "2008", "80.7"):
        (("converted",), "converted: the profile is in million USD (as its export total 62,685.1); "
                         "the collected figure is 80.7 billion USD and the exact original is not recorded"),
}
# the ten NSO-compilation rows of the national IIP: 'index previous year=100 = 1xx.x; converted'
NSO_COMPILATION = "https://huggingface.co/datasets/letrinhan/vn-provinces-industry-master"
# the statistics office's index by province: 'published index 110.5. CONVERTED to % yoy'
GSO_INDEX_SOURCES = {GSO_IIP}
# plans
PLAN_FLAGS = {
    ("daklak", "exports", "million USD", "2024", "1600"):
        (("lower_bound",), "'plus de 1,6 milliard' (more than)"),
    ("phuyen", "industrial_production_value", "% of plan", "2023", "108"):
        (("approximate",), "'vượt gần 8% kế hoạch' (exceeded the plan by nearly 8%)"),
    ("daklak", "exports", "million USD", "2015", "600"):
        (("medium_term",), "medium-term orientation target set c. 2010, not the annual plan of 2015"),
    ("daklak", "exports", "million USD", "2020", "1000"):
        (("medium_term",), "medium-term orientation target set c. 2010, not the annual plan of 2020"),
}


# Source rows not placed in any file, each with the reason (every key must match one row).
EXCLUDED = {
    ("daklak", "retail_sales_and_consumer_services", "% of plan", "2022", "102.8"):
        "the collector's division 93,000 / 90,500, not a figure the source reports",
    ("daklak", "exports", "% of plan", "2022", "125"):
        "the collector's division 1,500 / 1,200, not a figure the source reports",
    ("merged", "industry_construction_value_added_grdp", "% yoy", "2030", "16.38"):
        "an average yearly growth over 2026-2030 of industry and construction value added, "
        "not a yearly target of an indicator here",
}


def remark(note: str, text: str) -> str:
    """Append a [khathi] remark to a source note."""
    if not text:
        return note
    if not text.startswith("[khathi]"):
        text = "[khathi] " + text
    return f"{note}; {text}" if note else text


NATIONAL_LEVELS_WITH_GROWTH = {"exports_goods", "imports_goods", "retail_sales_goods_services"}


def national_price_basis(indicator: str, unit: str) -> str:
    """The national file has no price-basis column: assigned by rule. A level's reported growth
    gets its level's basis (nominal growth of a current-price value is 'current')."""
    if indicator.startswith("industrial_output_value") and indicator.endswith("_1994prices"):
        return "constant_1994"
    if unit.endswith("VND") or unit.endswith("USD"):
        return "current"
    if unit == "% yoy" and indicator in NATIONAL_LEVELS_WITH_GROWTH:
        return "current"
    return "n/a"


def daklak_price_basis(basis: str) -> tuple[str, str]:
    """(label, remark): 'unspecified (probably X)' is the collector's reading, not the
    source's words; the label says what the source says and the reading goes to the note."""
    if basis.startswith("unspecified (") and basis.endswith(")"):
        return "unspecified", f"price basis not stated in the source; the collector's reading: {basis[13:-1]}"
    return basis, ""


def read_source(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]
    for line, row in enumerate(rows, start=2):
        row["_where"] = f"{path.name} row {line}"
    return rows


def flags_of(dataset: str, key: tuple, r: dict, used_rules: Counter, table: dict) -> tuple[str, list[str]]:
    """(flags joined by ';' in FLAG_ORDER, remarks) for one source row."""
    found, remarks = set(), []
    if key in table:
        used_rules[("flags",) + key] += 1
        names, why = table[key]
        found.update(names)
        remarks.append(f"{'/'.join(names)}: {why}" if not why.startswith("converted") else why)
    if r["source_url"] in SECONDARY_SOURCES:
        used_rules[("secondary", r["source_url"])] += 1
        found.add("secondary_source")
        remarks.append("secondary_source: " + SECONDARY_SOURCES[r["source_url"]])
    if r["source_url"] in GSO_INDEX_SOURCES:
        index = re.search(r"published index ([0-9.]+)", r["note"])
        if not index:
            raise ValueError(f"{r['_where']}: statistics-office index row without its index")
        found.add("converted")
        remarks.append(_INDEX.format(index=index.group(1)))
    if r["source_url"] == NSO_COMPILATION:
        index = re.search(r"index previous year=100 = ([0-9.]+)", r["note"])
        if not index:
            raise ValueError(f"{r['_where']}: NSO compilation row without its index")
        found.add("converted")
        remarks.append(_INDEX.format(index=index.group(1)))
    unknown = found - set(FLAG_ORDER)
    if unknown:
        raise ValueError(f"{r['_where']}: unknown flags {sorted(unknown)}")
    return ";".join(f for f in FLAG_ORDER if f in found), remarks


def build(dataset: str, rows: list[dict], mapping: dict, used_rules: Counter, unmapped: set):
    """Return (observations, plans, excluded); each output row carries '_src' = (index, source
    value); `excluded` lists the indices of the rows left out by EXCLUDED. `dataset` is the
    family of the rows' rules ("daklak", "phuyen", "merged", "vietnam")."""
    obs, plans, excluded = [], [], []
    for i, r in enumerate(rows):
        key = (dataset, r["indicator"], r["unit"], r["year"], r["value"])
        if key in EXCLUDED:
            used_rules[("excluded",) + key] += 1
            excluded.append(i)
            continue
        indicator = SPECIAL_INDICATOR.get(key) or mapping.get(r["indicator"])
        if key in SPECIAL_INDICATOR:
            used_rules[("special",) + key] += 1
        if indicator is None:
            indicator = r["indicator"]
            unmapped.add((dataset, indicator))
        source = ARTICLE if r["source_url"] == ARTICLE else r["source_url"]
        src = (i, r["value"])
        if r["kind"] in STATUS_OF_KIND:
            obs += observation_rows(dataset, key, r, indicator, source, src, used_rules)
        else:
            plans.append(plan_row(dataset, key, r, indicator, source, src, used_rules))
    return obs, plans, excluded


def observation_rows(dataset: str, key: tuple, r: dict, indicator: str, source: str,
                     src: tuple, used_rules: Counter) -> list[dict]:
    """The observation row of source row `r` (a figure), and its stand-in copy if STAND_IN_INDEX
    names it."""
    unit = r["unit"]
    if unit not in OBS_UNITS:
        raise ValueError(f"{r['_where']}: unit {unit!r} not allowed in observations")
    status, note = observation_status(key, r, used_rules)
    if dataset != "vietnam":
        price_basis, coverage, note = province_basis_and_coverage(key, r, indicator, note,
                                                                  used_rules)
    else:
        price_basis, coverage = national_price_basis(r["indicator"], unit), "national"
    flags, remarks = flags_of(dataset, key, r, used_rules, FLAGS)
    for text in remarks:
        note = remark(note, text)
    out = dict(indicator=indicator, year=r["year"], value=r["value"], unit=unit,
               price_basis=price_basis, coverage=coverage, status=status, flags=flags,
               source=source, note=note, _src=src)
    if key not in STAND_IN_INDEX:
        return [out]
    used_rules[("stand_in",) + key] += 1
    copy_note = r["note"]
    for text in [why for why in [daklak_price_basis(r["price_basis"])[1]] if why] + remarks:
        copy_note = remark(copy_note, text)
    return [out, dict(out, indicator="industrial_production_index",
                      note=remark(copy_note, STAND_IN_NOTE), _src=src, _copy=True)]


def observation_status(key: tuple, r: dict, used_rules: Counter) -> tuple[str, str]:
    """(status, note) of an observation: its kind's status, made final or alternative by the
    rules (each adds its remark to the note)."""
    kind, note = r["kind"], r["note"]
    status = STATUS_OF_KIND[kind]
    if kind == "growth_pct" and any(m in note for m in FINAL_NOTE_MARKERS):
        status = "final"
    if kind == "growth_pct" and r["source_url"] in FINAL_BY_SOURCE:
        used_rules[("final", r["source_url"])] += 1
        status = "final"
        note = remark(note, "status final by judgment: " + FINAL_BY_SOURCE[r["source_url"]])
    if key in FINAL_BY_JUDGMENT:
        used_rules[("final",) + key] += 1
        status = "final"
        note = remark(note, "status final by judgment: " + FINAL_BY_JUDGMENT[key])
    if key in ALTERNATIVE:
        used_rules[("alternative",) + key] += 1
        status = "alternative"
        note = remark(note, "alternative: " + ALTERNATIVE[key])
    return status, note


def province_basis_and_coverage(key: tuple, r: dict, indicator: str, note: str,
                                used_rules: Counter) -> tuple[str, str, str]:
    """(price basis, coverage, note) of a province's observation, by the source and row rules."""
    price_basis, why = daklak_price_basis(r["price_basis"])
    note = remark(note, why)
    coverage = COVERAGE_BY_SOURCE.get(r["source_url"], UNSTATED)
    if r["source_url"] in COVERAGE_BY_SOURCE:
        used_rules[("coverage", r["source_url"])] += 1
    if key in COVERAGE_BY_ROW:
        used_rules[("coverage",) + key] += 1
        coverage, why = COVERAGE_BY_ROW[key]
        note = remark(note, why)
    elif indicator in ONE_STATISTIC and coverage not in NOT_THE_STATISTIC:
        if coverage != STATISTICS_OFFICE:
            note = remark(note, ONE_STATISTIC_REMARK + f" (the source: {coverage})")
        coverage = STATISTICS_OFFICE
    elif r["source_url"] in COVERAGE_REMARK_BY_SOURCE:
        note = remark(note, COVERAGE_REMARK_BY_SOURCE[r["source_url"]])
    return price_basis, coverage, note


def plan_row(dataset: str, key: tuple, r: dict, indicator: str, source: str, src: tuple,
             used_rules: Counter) -> dict:
    """The plans row of source row `r` (a target or a "% of plan" outcome)."""
    kind, unit, note = r["kind"], r["unit"], r["note"]
    if kind == "target":  # the pass-4 files' word for a plan target
        kind = "plan_target"
    if kind == "plan_target" and unit == "% yoy":
        kind = "target_growth"
    if kind not in PLAN_KINDS:
        raise ValueError(f"{r['_where']}: unknown kind {r['kind']!r}")
    if unit not in PLAN_UNITS:
        raise ValueError(f"{r['_where']}: unit {unit!r} not allowed in plans")
    if dataset != "vietnam" and r["price_basis"] not in ("", "n/a"):
        price_basis, why = daklak_price_basis(r["price_basis"])
        note = remark(note, "price_basis: " + price_basis + (f" ({why})" if why else ""))
    flags, remarks = flags_of(dataset, key, r, used_rules, PLAN_FLAGS)
    for text in remarks:
        note = remark(note, text)
    return dict(indicator=indicator, year=r["year"], kind=kind, value=r["value"],
                unit=unit, flags=flags, source=source, note=note, _src=src)


def check_duplicates(dataset: str, obs: list[dict]) -> None:
    """At most one final and one estimate per (indicator, year, unit); no unexplained twins."""
    groups = defaultdict(list)
    for o in obs:
        groups[(o["indicator"], o["year"], o["unit"], o["status"])].append(o)
    for (ind, year, unit, status), members in groups.items():
        if status != "alternative" and len(members) > 1:
            vals = ", ".join(f"{m['value']} ({m['source']})" for m in members)
            raise SystemExit(f"unresolved duplicate in {dataset}: {ind} {year} {unit} {status}: {vals}")


def sort_key(row: dict):
    return (row["indicator"], int(row["year"]), row["_src"][0] if "_src" in row else 0)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow([row[c] for c in columns])


def year_ranges(years) -> str:
    ys = sorted({int(y) for y in years})
    parts, start = [], None
    for j, y in enumerate(ys):
        if start is None:
            start = y
        if j + 1 == len(ys) or ys[j + 1] != y + 1:
            parts.append(str(start) if start == y else f"{start}–{y}")
            start = None
    return ", ".join(parts)


def summary(dataset: str, obs: list[dict], plans: list[dict]) -> list[str]:
    lines = [f"### {dataset}", "", "| indicator | unit, price basis, coverage | final | estimate | alternative |",
             "|---|---|---|---|---|"]
    by = defaultdict(lambda: defaultdict(list))
    for o in obs:
        by[(o["indicator"], o["unit"], o["price_basis"], o["coverage"])][o["status"]].append(o["year"])
    for (ind, unit, pb, coverage), st in sorted(by.items()):
        u = (unit if pb == "n/a" else f"{unit}, {pb}") + f", {coverage}"
        cells = [year_ranges(st[s]) or "–" for s in ("final", "estimate", "alternative")]
        lines.append(f"| {ind} | {u} | " + " | ".join(cells) + " |")
    lines += ["", "| indicator (plans) | kind: years |", "|---|---|"]
    byp = defaultdict(lambda: defaultdict(list))
    for p in plans:
        byp[p["indicator"]][p["kind"]].append(p["year"])
    for ind, kinds in sorted(byp.items()):
        lines.append(f"| {ind} | " + "; ".join(f"{k}: {year_ranges(v)}" for k, v in sorted(kinds.items())) + " |")
    flagged = [o for o in obs if o["flags"] and not o.get("_copy")] + [p for p in plans if p["flags"]]
    lines += ["", "| flagged figure | year | value | unit | flags |", "|---|---|---|---|---|"]
    lines += [f"| {o['indicator']}{' (plan)' if 'kind' in o else ''} | {o['year']} | {o['value']} | "
              f"{o['unit']} | {o['flags'].replace(';', ', ')} |" for o in flagged]
    return lines + [""]


DATASETS = {
    "daklak": {"name_vi": "Đắk Lắk (số liệu đến tháng 1/2022)",
               "name_en": "Đắk Lắk (data as of January 2022)", "region": "province",
               "as_of": "2022-01-04", "default_target_year": 2022, "reference": "vietnam",
               "area": "dak_lak"},
    "daklak_2025": {"name_vi": "Đắk Lắk trước sáp nhập (số liệu đến tháng 1/2025)",
                    "name_en": "Đắk Lắk before the merger (data as of January 2025)",
                    "region": "province", "as_of": "2025-01-31", "default_target_year": 2025,
                    "reference": "vietnam"},
    "phuyen": {"name_vi": "Phú Yên trước sáp nhập (số liệu đến tháng 11/2024)",
               "name_en": "Phú Yên before the merger (data as of November 2024)",
               "region": "province", "as_of": "2024-11-30", "default_target_year": 2025,
               "reference": "vietnam"},
    "daklak_merged": {"name_vi": "Đắk Lắk từ 1/7/2025 (gồm cả Phú Yên cũ)",
                      "name_en": "Đắk Lắk, from 1 July 2025 (with former Phú Yên)",
                      "region": "province", "as_of": "2026-01-05", "default_target_year": 2026,
                      "reference": "vietnam", "merged_from": ["daklak_2025", "phuyen"]},
    "vietnam": {"name_vi": "Việt Nam (toàn quốc)", "name_en": "Vietnam (national)",
                "region": "country", "as_of": "2022-04-30", "default_target_year": 2022,
                "reference": None, "area": "vietnam"},
}


# --- the provincial panel: the statistics office's tables, copied byte for byte -------------
# Read by the app's one reader (modules/data/reader.py) as a user's download would be; what
# each figure is (unit, price basis, compiler, source) is stated here, since the tables do not.
GSO_FOLDER = "gso_provinces"
GSO_SOURCE = ("General Statistics Office of Vietnam (GSO), table “{title}”, as published on "
              "gso.gov.vn and downloaded on 21 Sep 2018 by the R package gso (GitHub choisy/gso, "
              "commit 50040d2c4b4f8b8a92f6e236c3a7ebd15fc6a058, data-raw/gso_21092018.zip, "
              "folder gso_06082019/)")
GSO_TABLES = {
    "Retail sales of goods and services at current prices by province.csv": {
        "indicator": "retail_sales", "unit": "billion VND", "price_basis": "current",
        "coverage": "gso", "rows": 71, "years": (1995, 2016)},
    "Index of Industrial production by province.csv": {
        "indicator": "industrial_production_index", "unit": "", "price_basis": "n/a",
        "coverage": "gso", "rows": 70, "years": (2012, 2016)},
}
PANEL = {"vietnam_provinces": {
    "kind": "panel",
    "name_vi": "Các tỉnh, thành phố (Tổng cục Thống kê, 63 tỉnh, 6 vùng, cả nước)",
    "name_en": "Vietnam's provinces (General Statistics Office: 63 provinces, 6 regions, country)",
    "region": "provinces", "as_of": "2018-09-21",
    "note": "Retail sales 1995–2016 (2016 preliminary) and the industrial production index "
            "(previous year = 100) 2012–2016 by province; read by the app's reader, the territory "
            "rule of modules/data/provinces.py applied (nothing joined across a change of "
            "territory)",
    "files": [{"path": f"{GSO_FOLDER}/{name}", "indicator": meta["indicator"], "unit": meta["unit"],
               "price_basis": meta["price_basis"], "coverage": meta["coverage"],
               "source": GSO_SOURCE.format(title=name.removesuffix(".csv"))}
              for name, meta in GSO_TABLES.items()],
}}


def copy_gso_tables(source_dir: Path, out: Path) -> list[str]:
    """Copy the statistics office's tables byte for byte into <out>/gso_provinces/ and check
    each: a title line, a header of years, the expected rows, `..` or a number in every cell."""
    folder = out / GSO_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, meta in GSO_TABLES.items():
        data = (source_dir / GSO_FOLDER / name).read_bytes()
        (folder / name).write_bytes(data)
        assert (folder / name).read_bytes() == data, name
        rows = [r for r in csv.reader(data.decode("utf-8-sig").splitlines(), delimiter=";") if r]
        header, body = rows[1], rows[2:]
        years = [int(re.sub(r"\D", "", y)) for y in header[1:]]
        assert rows[0][0].lower().find("by province") > 0, name
        assert (years[0], years[-1]) == meta["years"] and len(body) == meta["rows"], name
        for row in body:
            assert len(row) == len(header), (name, row[0])
            assert all(c == ".." or re.fullmatch(r"\d+\.\d+", c) for c in row[1:]), (name, row)
        lines.append(f"{GSO_FOLDER}/{name}: {len(body)} rows (provinces, regions, country), "
                     f"{years[0]}–{years[-1]}, copied byte for byte")
    (folder / "README.md").write_text(GSO_README.format(source=GSO_SOURCE.format(
        title="…")), encoding="utf-8")
    return lines


GSO_README = """# The statistics office's tables by province (written by data/build_builtin.py)

Copied byte for byte from `../shared/data/gso_provinces/` (the build checks each copy, its title
line, its header of years and that every cell is a number or `..`). Source: {source}.

| file | what |
|---|---|
| `Retail sales of goods and services at current prices by province.csv` | retail sales of goods and consumer services, billion VND, current prices, 63 provinces, Hà Tây (until 2007), 6 regions and the whole country, 1995–2016 ("Prel. 2016" is preliminary: status estimate) |
| `Index of Industrial production by province.csv` | the industrial production index by province, previous year = 100 (read as growth in %), 2012–2016; the regions have no figure (`..`) |

As published: UTF-8 with a byte-order mark, CRLF, `;`-separated, a title line naming the
indicator, `..` for no figure (a gap, never a value). The unit, price basis and compiler are not
in the files; `data/datasets.json` (entry `vietnam_provinces`) states them.

Read by the app's one reader (`modules/data/reader.py`, `modules/data/dataset.py: load_areas`),
with the province list and the territory rule of `modules/data/provinces.py`: a series never
runs across a change of territory. Đắk Lắk before 2004 covers Đắk Nông too (Đắk Nông has no
figure before 2003; Đắk Lắk's 1995, 325.9, is out of line with 1996, 1,512.5): Đắk Lắk's series
starts in 2004. Hà Tây has no figure from 2008 and is never joined to Hà Nội, whose series
starts in 2008. The other changes of territory (1997, 2004, 2008) are listed in that module.
"""


def merged(out: Path, parts: tuple) -> tuple[list[dict], tuple]:
    """(observation rows, account) of a merged province from its parts' built files."""
    sys.path.insert(0, str(DATA_DIR.parent))  # the repository root: modules/
    from decimal import Decimal

    import pandas as pd

    from modules.data.dataset import Dataset
    from modules.data.merge import merge
    from modules.data.reader import read_canonical

    datasets = [Dataset(part, read_canonical(out / part / "observations.csv"),
                        pd.read_csv(out / part / "plans.csv", dtype={"note": str}))
                for part, _ in parts]
    result = merge(datasets, [name for _, name in parts])
    rows = []
    for r in result.observations.fillna("").to_dict(orient="records"):
        value = format(Decimal(repr(float(r["value"]))).normalize(), "f")
        rows.append({**{c: str(r[c]) for c in OBS_COLUMNS}, "value": value,
                     "year": str(int(r["year"]))})
    return rows, result.account


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_builtin.py",
        description="Build the built-in datasets (observations.csv, plans.csv, datasets.json and "
                    "the cited article) from the sourced figures. Values are copied as strings, "
                    "never recomputed; the rules are documented in data/README.md.")
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE_DIR,
                        help=f"folder with the sourced-figure CSVs (default: {DEFAULT_SOURCE_DIR})")
    parser.add_argument("--out", type=Path, default=DATA_DIR,
                        help=f"folder to write into (default: {DATA_DIR})")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    missing = [name for _, files, _ in SOURCES.values() for name in [f for f, _ in files] + [ARTICLE]
               if not (args.source / name).is_file()]
    missing += [f"{GSO_FOLDER}/{name}" for name in GSO_TABLES
                if not (args.source / GSO_FOLDER / name).is_file()]
    if missing:
        parser.error(f"source folder {args.source} lacks: {', '.join(sorted(set(missing)))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    source_dir, out = args.source.resolve(), args.out.resolve()
    say = (lambda *a: None) if args.quiet else print
    used_rules, unmapped, report, cites_article = Counter(), set(), [], []
    total_in = total_out = 0
    for dataset, (family, files, mapping) in SOURCES.items():
        rows, obs, plans, excluded = build_dataset(dataset, family, files, mapping, source_dir,
                                                   out, used_rules, unmapped)
        copies = sum(1 for o in obs if o.get("_copy"))
        sums = sum(1 for o in obs if "_src" not in o)
        filenames = [name for name, _ in files]
        say(f"{dataset}: {len(rows)} source rows in ({' + '.join(filenames)}) -> observations.csv "
            f"{len(obs)} rows " + (f"(sums of {' + '.join(p for p, _ in MERGED_FROM[dataset])}), "
                                   if dataset in MERGED_FROM else
                                   f"({len(obs) - copies} source + {copies} stand-in copies), ") +
            f"plans.csv {len(plans)} rows" + (f", {len(excluded)} excluded" if excluded else ""))
        total_in += len(rows)
        total_out += len(obs) - copies - sums + len(plans) + len(excluded)
        report += summary(dataset, obs, plans)
        if any(row["source"] == ARTICLE for row in obs + plans):
            cites_article.append(dataset)

    for dataset in cites_article:  # rows that cite the press article name this file
        shutil.copyfile(source_dir / ARTICLE, out / dataset / ARTICLE)
    for line in copy_gso_tables(source_dir, out):
        say(line)
    (out / "datasets.json").write_text(json.dumps({**DATASETS, **PANEL}, ensure_ascii=False,
                                                  indent=2) + "\n", encoding="utf-8")
    check_rules_used(used_rules)
    say(f"total: {total_in} source rows in, {total_out} placed or excluded (each exactly once); "
        "values identical")
    if unmapped:
        say("source indicators not in the mapping (kept under their own name):", sorted(unmapped))
    say()
    say("\n".join(report))
    return 0


def build_dataset(dataset: str, family: str, files: list, mapping: dict, source_dir: Path,
                  out: Path, used_rules: Counter, unmapped: set):
    """Build one dataset's observations.csv and plans.csv (and a merged province's account)
    into <out>/<dataset>/, checked (check_written); returns (source rows, observations, plans,
    excluded) as `build` does. Adds the rules its rows matched to `used_rules`."""
    rows = [row for name, keep in files for row in read_source(source_dir / name)
            if keep is None or keep(row)]
    mine = Counter()  # the rules this dataset's rows matched
    obs, plans, excluded = build(family, rows, mapping, mine, unmapped)
    if dataset in MERGED_FROM:
        if obs:
            raise SystemExit(f"{dataset}: a merged province's observations are its parts'")
        obs, account = merged(out, MERGED_FROM[dataset])
    twice = [rule for rule, n in mine.items() if n > 1 and len(rule) > 2]  # row rules
    if twice:
        raise SystemExit(f"{dataset}: row rules that matched more than one row: {twice}")
    used_rules.update(mine.keys())
    check_duplicates(dataset, obs)
    obs.sort(key=sort_key)
    plans.sort(key=sort_key)
    out_dir = out / dataset
    write_csv(out_dir / "observations.csv", OBS_COLUMNS, obs)
    write_csv(out_dir / "plans.csv", PLAN_COLUMNS, plans)
    check_written(dataset, out_dir, rows, obs, plans, excluded)
    if dataset in MERGED_FROM:
        from modules.data.merge import ACCOUNT_FILE, write_account
        write_account(account, out_dir / ACCOUNT_FILE)
    return rows, obs, plans, excluded


def check_written(dataset: str, out_dir: Path, rows: list[dict], obs: list[dict],
                  plans: list[dict], excluded: list[int]) -> None:
    """Every source row lands exactly once (stand-in copies aside), values unchanged, in the
    files as written."""
    primary = (Counter(o["_src"][0] for o in obs if "_src" in o and not o.get("_copy"))
               + Counter(p["_src"][0] for p in plans) + Counter(excluded))
    assert sorted(primary) == list(range(len(rows))) and set(primary.values()) == {1}, dataset
    for name, built in (("observations.csv", obs), ("plans.csv", plans)):
        with (out_dir / name).open(encoding="utf-8", newline="") as f:
            written = list(csv.DictReader(f))
        assert len(written) == len(built), name
        for w, b in zip(written, built):
            if "_src" not in b:  # a sum of the parts' figures (its note says which)
                continue
            assert w["value"].strip() == rows[b["_src"][0]]["value"].strip() == b["_src"][1], (name, w)


def check_rules_used(used_rules: Counter) -> None:
    """Every row-level rule must have matched exactly one source row of each dataset that reads
    it (checked by build_dataset) and some dataset's; every source rule one or more rows."""
    rules = ([("special",) + k for k in SPECIAL_INDICATOR] + [("stand_in",) + k for k in STAND_IN_INDEX]
             + [("excluded",) + k for k in EXCLUDED] + [("final", url) for url in FINAL_BY_SOURCE]
             + [("final",) + k for k in FINAL_BY_JUDGMENT] + [("alternative",) + k for k in ALTERNATIVE]
             + [("flags",) + k for k in FLAGS] + [("flags",) + k for k in PLAN_FLAGS]
             + [("coverage",) + k for k in COVERAGE_BY_ROW])
    bad = [r for r in rules if not used_rules[r]]
    bad += [url for url in list(SECONDARY_SOURCES) + list(COVERAGE_BY_SOURCE)
            if not (used_rules[("secondary", url)] or used_rules[("coverage", url)])]
    if bad:
        raise SystemExit(f"rules that did not match (exactly one row, or any row for a source): {bad}")

if __name__ == "__main__":
    sys.exit(main())
