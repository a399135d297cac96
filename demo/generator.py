"""The demo history behind ``manage.py demo``: thirty years of Hai Phong's zones.

The product is judged against the Authority's review of the first half of 2020, so the demo
must reproduce every figure of that review exactly (SPEC, "Demo data") while still reading like
a real register: investors from Japan, Korea, China…, mostly manufacturing, growth over the
years, seasonal months, capital raised and (sometimes) cut, projects that close.

It is built in two steps so both hold. ``generate`` draws the register freely from one seeded
``random.Random`` (same seed, same history) and then sets amounts by construction: the capital
of each constrained period is split in proportion to the drawn amounts, and the free amounts
are scaled so the cumulative capital lands on the source's figure, the last rounding cents
going to one large project. ``check`` recomputes every rule and figure from the result, so a
change that breaks one fails at generation, not on the dashboard. ``load`` writes the result.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test.utils import override_settings
from django_countries import countries
from simple_history.utils import bulk_create_with_history

from budget.models import BudgetPlan, Remittance, Unit
from demo.operations import OperationsDemo, generate_operations, load_operations
from hpkkt.roles import LEADERSHIP_GROUP, STAFF_GROUP
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    Project,
    Sector,
    ShareAcquisition,
    Zone,
)
from operations.models import OperationsReport, OperationsTarget

D = Decimal
FIRST_YEAR, LAST_YEAR = 1995, 2025
DEFAULT_SEED = 2020
FDI, DI = "FDI", "DI"

# -- the figures of the source (SPEC, "Demo data") ---------------------------------------------


@dataclass(frozen=True)
class Window:
    """A period whose attracted capital (and possibly counts) the source fixes."""

    kind: str
    start: dt.date
    end: dt.date
    attracted: Decimal
    new_projects: int | None = None
    adjusted_projects: int | None = None

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


H1_2019 = (dt.date(2019, 1, 1), dt.date(2019, 6, 30))
H1_2020 = (dt.date(2020, 1, 1), dt.date(2020, 6, 30))
REPORT_DAY = H1_2020[1]

WINDOWS = (
    Window(FDI, *H1_2020, attracted=D("693600000"), new_projects=19, adjusted_projects=14),
    Window(FDI, *H1_2019, attracted=D("488500000")),
    Window(DI, *H1_2020, attracted=D("506500000000"), new_projects=3, adjusted_projects=2),
)
#: Valid projects and their capital at 30/6/2020 ("lũy kế").
CUMULATIVE = {
    FDI: (383, D("15441200000")),
    DI: (164, D("145164900000000")),
}
FDI_TARGET_2020 = D("1500000000")
#: FDI targets set as a range ("từ 1,8 đến 2,3 tỷ USD" in 2024, SPEC "Targets as ranges").
FDI_TARGET_RANGES = {
    2024: (D("1800000000"), D("2300000000")),
    2025: (D("2000000000"), D("2500000000")),
}
#: 2020 budget plan and first-half remittances of each unit, VND.
BUDGET_2020 = {
    "bql": (D("910500000"), D("468000000")),
    "ttdvvl": (D("934600000"), D("218700000")),
}

# -- how the register looks --------------------------------------------------------------------

#: Smallest amount step: 10,000 USD for FDI, 0.1 billion VND for DI, 100,000 VND for budget.
STEP = {FDI: D("10000"), DI: D("100000000")}
BUDGET_STEP = D("100000")

#: Relative number of new registrations per month: Tết slows January and February, the
#: year-end rush fills December.
MONTH_WEIGHTS = (0.6, 0.5, 1.0, 1.0, 1.0, 1.1, 0.9, 1.0, 1.0, 1.1, 1.2, 1.5)

#: Relative number of new projects per year, 1995–2019, and fixed-ish counts afterwards
#: (2020 is "second half only": the first half is the source's).
NEW_WEIGHTS = {
    FDI: (4, 6, 9, 5, 4, 6, 7, 8, 10, 11, 13, 15, 20, 18, 12, 15, 16, 15, 17, 21, 24, 29, 33, 36,
          40),
    DI: (1, 1, 2, 2, 1, 2, 3, 3, 4, 5, 5, 7, 9, 10, 8, 8, 8, 7, 7, 8, 9, 10, 11, 12, 12),
}  # fmt: skip
LATER_COUNTS = {
    FDI: {2020: 24, 2021: 41, 2022: 47, 2023: 55, 2024: 58, 2025: 62},
    DI: {2020: 5, 2021: 9, 2022: 11, 2023: 12, 2024: 13, 2025: 14},
}
#: Projects terminated on or before 31/12/2019 (none closes in the first half of 2020, as in
#: the source) and between July 2020 and 2025.
TERMINATED_BEFORE = {FDI: (52, 64), DI: (12, 18)}
TERMINATED_AFTER = {FDI: (14, 20), DI: (3, 6)}
#: Yearly rate of capital increases and reductions per live project.
RATE_UP = {FDI: 0.075, DI: 0.06}
RATE_DOWN = {FDI: 0.012, DI: 0.01}

#: Year each zone started taking projects (zones an administrator adds later open in 2000).
ZONE_OPENED = {
    "nomura-hai-phong": 1995,
    "dinh-vu": 1997,
    "do-son": 1997,
    "nam-cau-kien": 2007,
    "trang-due": 2007,
    "dinh-vu-cat-hai": 2008,
    "nam-dinh-vu-1": 2009,
    "vsip-hai-phong": 2010,
    "mp-dinh-vu": 2014,
    "an-duong": 2018,
    "nam-dinh-vu-2": 2019,
    "nam-trang-cat": 2019,
    "ben-rung": 2021,
    "tien-thanh": 2021,
    "giang-bien-2": 2022,
}
ZONE_WEIGHTS = {
    "nomura-hai-phong": 3,
    "dinh-vu": 5,
    "do-son": 2,
    "nam-cau-kien": 3,
    "trang-due": 4,
    "dinh-vu-cat-hai": 2,
    "nam-dinh-vu-1": 3,
    "vsip-hai-phong": 5,
    "mp-dinh-vu": 2,
    "an-duong": 3,
    "nam-dinh-vu-2": 2,
    "nam-trang-cat": 1,
    "ben-rung": 1,
    "tien-thanh": 1,
    "giang-bien-2": 1,
}

#: The developer of each zone's infrastructure: (zone, kind, country, registered, amount,
#: investor, project).
DEVELOPERS = (
    ("nomura-hai-phong", FDI, "JP", dt.date(1995, 1, 10), D("150000000"),
     "Nomura Hai Phong Industrial Zone Development Corporation",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Nomura – Hải Phòng"),
    ("dinh-vu", FDI, "BE", dt.date(1997, 11, 18), D("120000000"),
     "Dinh Vu Industrial Zone Development N.V.",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Đình Vũ"),
    ("do-son", DI, "VN", dt.date(1997, 8, 12), D("320000000000"),
     "Công ty Cổ phần Phát triển hạ tầng Đồ Sơn",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Đồ Sơn"),
    ("nam-cau-kien", DI, "VN", dt.date(2007, 9, 25), D("2300000000000"),
     "Công ty Cổ phần Đầu tư hạ tầng Nam Cầu Kiền",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Nam Cầu Kiền"),
    ("trang-due", DI, "VN", dt.date(2007, 12, 4), D("2500000000000"),
     "Công ty Cổ phần Phát triển KCN Tràng Duệ",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Tràng Duệ"),
    ("nam-dinh-vu-1", DI, "VN", dt.date(2009, 5, 19), D("9000000000000"),
     "Công ty Cổ phần Đầu tư phát triển hạ tầng Nam Đình Vũ",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Nam Đình Vũ (khu 1)"),
    ("vsip-hai-phong", FDI, "SG", dt.date(2010, 1, 21), D("170000000"),
     "VSIP Hai Phong Holdings Pte. Ltd.",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN VSIP Hải Phòng"),
    ("mp-dinh-vu", DI, "VN", dt.date(2014, 3, 27), D("3500000000000"),
     "Công ty Cổ phần Khu công nghiệp MP Đình Vũ",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN MP Đình Vũ"),
    ("an-duong", DI, "VN", dt.date(2018, 4, 17), D("4600000000000"),
     "Công ty Cổ phần Đầu tư hạ tầng An Dương",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN An Dương"),
    ("nam-dinh-vu-2", DI, "VN", dt.date(2019, 9, 10), D("5200000000000"),
     "Công ty Cổ phần Đầu tư phát triển hạ tầng Nam Đình Vũ",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Nam Đình Vũ (khu 2)"),
    ("nam-trang-cat", DI, "VN", dt.date(2019, 11, 14), D("4100000000000"),
     "Công ty Cổ phần Phát triển hạ tầng Nam Tràng Cát",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Nam Tràng Cát"),
    ("ben-rung", DI, "VN", dt.date(2021, 6, 8), D("2900000000000"),
     "Công ty Cổ phần Đầu tư phát triển hạ tầng Bến Rừng",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Bến Rừng"),
    ("tien-thanh", DI, "VN", dt.date(2021, 9, 23), D("2100000000000"),
     "Công ty Cổ phần KCN Tiên Thanh",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Tiên Thanh"),
    ("giang-bien-2", DI, "VN", dt.date(2022, 8, 16), D("1700000000000"),
     "Công ty Cổ phần Đầu tư hạ tầng Giang Biên",
     "Đầu tư xây dựng và kinh doanh hạ tầng KCN Giang Biên II"),
)  # fmt: skip

#: The few very large manufacturing projects every such register has: (registered, country,
#: investor stem, industry, amount in USD).
ANCHORS = (
    (dt.date(2008, 10, 15), "JP", "Kansai Imaging", "Optical", D("700000000")),
    (dt.date(2012, 3, 22), "JP", "Hokuriku Tire", "Rubber", D("1200000000")),
    (dt.date(2014, 11, 6), "KR", "Haneul Electronics", "Electronics", D("300000000")),
    (dt.date(2016, 4, 14), "KR", "Haneul Display", "Display", D("1500000000")),
    (dt.date(2016, 8, 25), "KR", "Haneul Innotech", "Electronics", D("550000000")),
    (dt.date(2019, 10, 3), "CN", "Zhejiang Longsheng", "Textile", D("260000000")),
)

COUNTRY_WEIGHTS = (
    (2005, {"JP": 40, "KR": 10, "TW": 10, "SG": 8, "HK": 8, "US": 5, "CN": 3, "TH": 3,
            "MY": 3, "NL": 2, "GB": 2, "DE": 2, "FR": 2, "AU": 1}),
    (2015, {"JP": 35, "KR": 25, "TW": 8, "SG": 6, "HK": 6, "CN": 8, "US": 3, "TH": 2,
            "MY": 2, "DE": 2, "NL": 1, "GB": 1, "FR": 1}),
    (LAST_YEAR, {"KR": 30, "JP": 22, "CN": 25, "SG": 6, "TW": 6, "HK": 5, "US": 2, "DE": 1,
                 "TH": 1, "MY": 1, "NL": 1}),
)  # fmt: skip

STEMS = {
    "JP": ("Nishida", "Kyowa", "Hoshino", "Sanwa", "Takara", "Maruyama", "Fujimoto", "Ishikawa",
           "Tohoku", "Okada", "Shinsei", "Yamato", "Sakura", "Kanto", "Nakagawa", "Aoyama",
           "Tsubame", "Hayashi", "Kitamura", "Miyoshi", "Daimon", "Asano", "Ogura", "Murakami",
           "Inoue", "Kobayashi", "Chubu", "Kansai", "Hokuto", "Shimizu"),
    "KR": ("Daesung", "Seowon", "Dongil", "Haesung", "Jinwoo", "Samhwa", "Hanil", "Kumsung",
           "Woojin", "Sejin", "Youngil", "Dongyang", "Hanbit", "Seoul Precision", "Busan",
           "Incheon", "Jeil", "Sungwoo", "Kyungshin", "Daewon", "Hyoseong Tech", "Mirae",
           "Nara", "Shinhwa", "Taeyang", "Gumi", "Cheonan", "Ulsan", "Pyunghwa", "Eunsung"),
    "CN": ("Jiangsu Hengtai", "Ningbo Xinyuan", "Shenzhen Huayang", "Zhejiang Tianyi",
           "Guangdong Meiling", "Xiamen Haixin", "Qingdao Dongfang", "Suzhou Jinma",
           "Dongguan Yongxing", "Fujian Minfeng", "Wuxi Hongda", "Tianjin Bohai",
           "Shandong Luneng", "Anhui Zhongding", "Hubei Changjiang", "Foshan Shunde",
           "Changzhou Tianhe", "Hangzhou Xinghe", "Nantong Haida", "Guangxi Nanfang"),
    "TW": ("Chung Hsin", "Tai Yang", "Hsin Feng", "Jade Mountain", "Kaohsiung Harbour",
           "Taichung Jinfu", "Hsinchu Micro", "Yung Shin", "Lien Fa", "Sheng Yu", "Ta Chen",
           "Chia Hsin"),
    "SG": ("Pacific Lion", "Straits Harbour", "Orchid", "Merlion", "Sentosa Marine",
           "Lion City Cold Chain", "Raffles Industrial", "Jurong Precision", "Tuas Logistics",
           "Bayfront"),
    "HK": ("Victoria Harbour", "Kowloon", "Pearl River", "Golden Dragon", "Lantau", "Tsuen Wan",
           "Sino Ocean", "Harbour Ace"),
    "US": ("Ohio Valley", "Great Lakes", "Pacific Coast", "Carolina", "Redwood", "Liberty"),
    "DE": ("Rheinland", "Bayern", "Hanse", "Schwarzwald"),
    "TH": ("Siam", "Chao Phraya", "Rattana"),
    "MY": ("Selangor", "Penang", "Klang Valley"),
    "NL": ("Rotterdam", "Delta", "Oranje"),
    "GB": ("Albion", "Thames", "Pennine"),
    "FR": ("Lyonnaise", "Loire", "Provence"),
    "AU": ("Southern Cross", "Kangaroo Point"),
    "BE": ("Antwerp", "Flanders"),
}  # fmt: skip
SUFFIX = {
    "JP": "Co., Ltd.", "KR": "Co., Ltd.", "CN": "Co., Ltd.", "TW": "Co., Ltd.",
    "SG": "Pte. Ltd.", "HK": "Limited", "US": "Inc.", "DE": "GmbH",
    "TH": "Public Company Limited", "MY": "Sdn. Bhd.", "NL": "B.V.", "GB": "Ltd",
    "FR": "S.A.S.", "AU": "Pty Ltd", "BE": "N.V.",
}  # fmt: skip

#: Per sector: (English industry word for the investor, Vietnamese project name with {stem}).
INDUSTRIES = {
    "C": (
        ("Electronics", "Nhà máy sản xuất linh kiện điện tử {stem}"),
        ("Electronics", "Nhà máy sản xuất bảng mạch in (PCB) {stem}"),
        ("Precision", "Nhà máy sản xuất linh kiện cơ khí chính xác {stem}"),
        ("Mold", "Nhà máy sản xuất khuôn mẫu chính xác {stem}"),
        ("Plastics", "Nhà máy sản xuất sản phẩm nhựa kỹ thuật {stem}"),
        ("Rubber", "Nhà máy sản xuất sản phẩm cao su kỹ thuật {stem}"),
        ("Metal", "Nhà máy sản xuất sản phẩm kim loại {stem}"),
        ("Steel", "Nhà máy sản xuất ống thép và kết cấu thép {stem}"),
        ("Textile", "Nhà máy sản xuất sợi và vải {stem}"),
        ("Garment", "Nhà máy may mặc xuất khẩu {stem}"),
        ("Footwear", "Nhà máy sản xuất giày dép {stem}"),
        ("Packaging", "Nhà máy sản xuất bao bì giấy {stem}"),
        ("Chemical", "Nhà máy sản xuất sơn và chất phủ {stem}"),
        ("Machinery", "Nhà máy sản xuất thiết bị điện {stem}"),
        ("Optical", "Nhà máy sản xuất thiết bị quang học {stem}"),
        ("Auto Parts", "Nhà máy sản xuất phụ tùng ô tô, xe máy {stem}"),
        ("Feed", "Nhà máy sản xuất thức ăn chăn nuôi {stem}"),
        ("Foods", "Nhà máy chế biến thực phẩm {stem}"),
        ("Medical", "Nhà máy sản xuất thiết bị y tế {stem}"),
        ("Cable", "Nhà máy sản xuất dây và cáp điện {stem}"),
    ),
    "H": (
        ("Logistics", "Trung tâm logistics {stem} Hải Phòng"),
        ("Shipping", "Kho bãi và dịch vụ hàng hải {stem}"),
        ("Cold Chain", "Kho lạnh {stem}"),
        ("Container", "Bãi container và kho ngoại quan {stem}"),
    ),
    "D": (
        ("Energy", "Nhà máy điện mặt trời mái nhà {stem}"),
        ("Gas", "Kho và trạm chiết nạp khí hóa lỏng (LPG) {stem}"),
    ),
    "L": (("Development", "Nhà xưởng và kho xây sẵn cho thuê {stem}"),),
    "F": (("Construction", "Dịch vụ thi công xây dựng công nghiệp {stem}"),),
    "G": (("Trading", "Trung tâm phân phối hàng hóa {stem}"),),
    "M": (("Technology", "Trung tâm nghiên cứu và phát triển (R&D) {stem}"),),
    "N": (("Services", "Dịch vụ cho thuê máy móc, thiết bị {stem}"),),
}
#: Industries that did not exist in the zones before a given year.
SINCE = {"Energy": 2016, "Medical": 2005, "Cold Chain": 2008}
ANCHOR_INDUSTRIES = {
    "Optical": "Nhà máy sản xuất thiết bị văn phòng và máy in {stem}",
    "Rubber": "Nhà máy sản xuất lốp xe ô tô {stem}",
    "Electronics": "Nhà máy sản xuất thiết bị điện tử {stem}",
    "Display": "Nhà máy sản xuất tấm màn hình OLED {stem}",
    "Textile": "Tổ hợp sản xuất sợi, dệt, nhuộm {stem}",
}
SECTOR_WEIGHTS = {
    FDI: {"C": 74, "H": 8, "L": 5, "D": 3, "G": 4, "F": 2, "M": 2, "N": 2},
    DI: {"C": 30, "H": 25, "L": 12, "D": 8, "F": 12, "G": 8, "N": 5},
}
#: Median registered capital by sector (USD for FDI, VND for DI); log-normal around it.
MEDIAN = {
    FDI: {"C": 10e6, "H": 8e6, "L": 20e6, "D": 15e6, "G": 2e6, "F": 3e6, "M": 2e6, "N": 3e6},
    DI: {"C": 160e9, "H": 420e9, "L": 700e9, "D": 1300e9, "F": 90e9, "G": 60e9, "N": 50e9},
}
SIGMA = {FDI: 1.1, DI: 1.0}

VN_STEMS = ("An Phát", "Hưng Thịnh", "Nam Hải", "Đông Á", "Thành Công", "Hải An", "Minh Phú",
            "Tân Cảng", "Việt Phát", "Hoàng Long", "Bạch Đằng", "Lạch Huyện", "Cát Bà",
            "Thuận Phát", "Phú Thái", "Hồng Hà", "Kiến An", "Thủy Nguyên", "Duyên Hải",
            "Sao Biển", "Trường Sơn", "Vạn Xuân", "Thái Bình Dương", "Hòa Bình", "Quang Minh",
            "Đại Dương", "Ngọc Sơn", "Phương Đông", "Hải Long", "Tiền Phong")  # fmt: skip
#: Per sector: (investor trade, project name with {stem}).
VN_INDUSTRIES = {
    "C": (("Thép", "Nhà máy cán thép {stem}"), ("Nhựa", "Nhà máy sản xuất ống nhựa {stem}"),
          ("Bao bì", "Nhà máy sản xuất bao bì {stem}"), ("Cơ khí", "Nhà máy cơ khí chế tạo {stem}"),
          ("Hóa chất", "Nhà máy sản xuất hóa chất {stem}"),
          ("Thức ăn chăn nuôi", "Nhà máy thức ăn chăn nuôi {stem}"),
          ("Đóng tàu", "Nhà máy đóng mới và sửa chữa tàu biển {stem}")),
    "H": (("Cảng", "Đầu tư xây dựng bến cảng {stem}"), ("Logistics", "Trung tâm logistics {stem}"),
          ("Kho vận", "Kho ngoại quan {stem}"), ("Vận tải biển", "Bãi container {stem}")),
    "D": (("Năng lượng", "Nhà máy điện {stem}"), ("Xăng dầu", "Kho xăng dầu {stem}")),
    "L": (("Bất động sản công nghiệp", "Khu nhà xưởng cho thuê {stem}"),
          ("Đầu tư hạ tầng", "Khu dịch vụ hậu cần {stem}")),
    "F": (("Xây dựng", "Trạm trộn bê tông {stem}"),
          ("Vật liệu xây dựng", "Cơ sở sản xuất cấu kiện bê tông {stem}")),
    "G": (("Thương mại", "Trung tâm phân phối {stem}"),),
    "N": (("Dịch vụ", "Dịch vụ cho thuê thiết bị {stem}"),),
}  # fmt: skip

TERMINATION_REASONS = (
    "Nhà đầu tư quyết định chấm dứt hoạt động dự án",
    "Dự án chậm triển khai, thu hồi Giấy chứng nhận đăng ký đầu tư",
    "Chuyển nhượng toàn bộ dự án cho nhà đầu tư khác",
    "Hết thời hạn hoạt động theo Giấy chứng nhận",
    "Doanh nghiệp giải thể",
)

# -- the result --------------------------------------------------------------------------------


@dataclass
class ProjectData:
    kind: str
    code: str
    name: str
    investor_name: str
    country: str
    zone: str
    sector: str
    registered_on: dt.date
    registered_capital: Decimal
    terminated_on: dt.date | None = None
    termination_reason: str = ""
    note: str = ""
    land_area_ha: Decimal | None = None


@dataclass
class AdjustmentData:
    project: str  # project code
    adjusted_on: dt.date
    amount: Decimal
    reference: str = ""
    note: str = ""


@dataclass
class TargetData:
    year: int
    kind: str
    amount: Decimal
    amount_high: Decimal | None = None


@dataclass
class ShareAcquisitionData:
    code: str
    enterprise_name: str
    investor_name: str
    country: str
    zone: str
    sector: str
    registered_on: dt.date
    amount: Decimal
    project: str = ""  # project code, when the enterprise's project is in the register
    note: str = ""


@dataclass
class PlanData:
    unit: str
    year: int
    amount: Decimal


@dataclass
class RemittanceData:
    unit: str
    paid_on: dt.date
    amount: Decimal
    reference: str = ""
    note: str = ""


@dataclass
class DemoData:
    projects: list[ProjectData]
    adjustments: list[AdjustmentData]
    targets: list[TargetData]
    plans: list[PlanData]
    remittances: list[RemittanceData]
    share_acquisitions: list[ShareAcquisitionData] = field(default_factory=list)
    #: Land, enterprises' quarterly reports and their plans (``demo.operations``).
    operations: OperationsDemo | None = None


# -- amounts -----------------------------------------------------------------------------------


def plausible(amount: Decimal, step: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round as registers do: the larger the amount, the rounder (never below ``step``)."""
    unit = step
    while amount >= unit * 10_000:
        unit *= 10
    rounded = (amount / unit).quantize(D(1), rounding=rounding) * unit
    return max(rounded, step)


def split_total(total: Decimal, weights: Sequence[Decimal], step: Decimal) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` into plausible amounts that add up exactly.

    The largest share absorbs the rounding, so it stays positive by a wide margin."""
    whole = sum(weights)
    shares = [plausible(total * w / whole, step) for w in weights]
    largest = max(range(len(shares)), key=lambda i: weights[i])
    shares[largest] += total - sum(shares)
    if shares[largest] <= 0:
        raise ValueError(f"cannot split {total} over {len(weights)} amounts")
    return shares


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Whole counts proportional to ``weights`` that add up to ``total``."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


# -- drawing -----------------------------------------------------------------------------------


@dataclass(eq=False)
class _Adjustment:
    day: dt.date
    fraction: Decimal  # signed: share of the capital just before
    raw: Decimal = D(0)
    amount: Decimal = D(0)
    fixed: Decimal | None = None


@dataclass(eq=False)
class _Project:
    kind: str
    day: dt.date
    country: str
    zone: str
    sector: str
    investor: str
    name: str
    raw: Decimal
    anchor: bool = False
    terminated_on: dt.date | None = None
    termination_reason: str = ""
    adjustments: list[_Adjustment] = field(default_factory=list)
    amount: Decimal = D(0)
    fixed: Decimal | None = None
    code: str = ""

    def alive(self, day: dt.date) -> bool:
        return self.day <= day and (self.terminated_on is None or self.terminated_on > day)


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = sorted(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _workday(day: dt.date, forward: bool = False) -> dt.date:
    """Certificates are issued on working days: move a weekend to Friday (or Monday)."""
    weekend = max(0, day.weekday() - 4)
    if forward and weekend:
        return day + dt.timedelta(days=3 - weekend)
    return day - dt.timedelta(days=weekend)


def _day_in_month(rng: random.Random, year: int, month: int, first: int = 1) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    drawn = dt.date(year, month, rng.randint(first, last))
    day = _workday(drawn)
    return day if day.month == month and day.day >= first else _workday(drawn, forward=True)


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    day = _workday(start + dt.timedelta(days=rng.randint(0, (end - start).days)))
    return day if day >= start else _workday(start, forward=True)


def _registration_days(
    rng: random.Random, year: int, count: int, months: Sequence[int]
) -> list[dt.date]:
    weights = [MONTH_WEIGHTS[m - 1] for m in months]
    return sorted(
        _day_in_month(rng, year, rng.choices(months, weights=weights)[0]) for _ in range(count)
    )


class _Names:
    """Investor and project names, unique, with an investor now and then coming back."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        # (country, sector) -> [(investor, first project name)]
        self.investors: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def _unique(self, name: str) -> str:
        if name not in self.used:
            self.used.add(name)
            return name
        for phase in range(2, 20):
            candidate = f"{name} – giai đoạn {phase}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise ValueError(f"too many projects named {name}")

    def foreign(self, country: str, sector: str, year: int) -> tuple[str, str]:
        earlier = self.investors.get((country, sector), [])
        if earlier and self.rng.random() < 0.12:  # an investor expands with a new project
            investor, name = self.rng.choice(earlier)
            return investor, self._unique(name)
        stem = self.rng.choice(STEMS[country])
        industries = [i for i in INDUSTRIES[sector] if SINCE.get(i[0], FIRST_YEAR) <= year]
        word, template = self.rng.choice(industries or INDUSTRIES["C"])
        investor = f"{stem} {word} {SUFFIX[country]}"
        name = self._unique(template.format(stem=f"{stem} Việt Nam"))
        self.investors.setdefault((country, sector), []).append((investor, name))
        return investor, name

    def domestic(self, sector: str) -> tuple[str, str]:
        stem = self.rng.choice(VN_STEMS)
        trade, template = self.rng.choice(VN_INDUSTRIES[sector])
        form = self.rng.choice(("Công ty Cổ phần", "Công ty Cổ phần", "Công ty TNHH"))
        return f"{form} {trade} {stem}", self._unique(template.format(stem=stem))


def _zone(rng: random.Random, zones: Sequence[str], day: dt.date) -> str:
    open_zones = {z: ZONE_WEIGHTS.get(z, 1) for z in zones if ZONE_OPENED.get(z, 2000) <= day.year}
    return _weighted(rng, open_zones or dict.fromkeys(zones, 1))


def _raw_capital(rng: random.Random, kind: str, sector: str, day: dt.date) -> Decimal:
    median = MEDIAN[kind][sector]
    if kind == FDI:  # projects grew larger as the zones matured
        median *= 0.6 if day.year < 2005 else 0.9 if day.year < 2015 else 1.2
    value = median * rng.lognormvariate(0, SIGMA[kind])
    return plausible(D(round(value)), STEP[kind])


def _draw_projects(
    rng: random.Random, kind: str, zones: Sequence[str], sectors: Sequence[str], names: _Names
) -> list[_Project]:
    projects: list[_Project] = []
    for zone, dev_kind, country, day, amount, investor, name in DEVELOPERS:
        if dev_kind == kind and zone in zones and "L" in sectors:
            names.used.add(name)
            projects.append(
                _Project(kind, day, country, zone, "L", investor, name, amount, anchor=True)
            )
    if kind == FDI and "C" in sectors:
        for day, country, stem, word, amount in ANCHORS:
            zone = _zone(rng, zones, day)
            name = names._unique(ANCHOR_INDUSTRIES[word].format(stem=f"{stem} Việt Nam"))
            investor = f"{stem} {SUFFIX[country]}"
            projects.append(
                _Project(kind, day, country, zone, "C", investor, name, amount, anchor=True)
            )

    window = next(w for w in WINDOWS if w.kind == kind and w.new_projects is not None)
    valid, _ = CUMULATIVE[kind]
    terminated_before = rng.randint(*TERMINATED_BEFORE[kind])
    earlier = [p for p in projects if p.day < window.start]
    ordinary = valid - window.new_projects + terminated_before - len(earlier)
    years = range(FIRST_YEAR, window.start.year)
    days: list[dt.date] = []
    for year, count in zip(years, largest_remainder(ordinary, NEW_WEIGHTS[kind]), strict=True):
        days += _registration_days(rng, year, count, range(1, 13))
    days += _registration_days(rng, window.start.year, window.new_projects, range(1, 7))
    for year, count in LATER_COUNTS[kind].items():
        months = range(7, 13) if year == window.start.year else range(1, 13)
        count = max(1, round(count * rng.uniform(0.9, 1.1)))
        days += _registration_days(rng, year, count, months)

    sector_weights = {s: w for s, w in SECTOR_WEIGHTS[kind].items() if s in sectors}
    for day in days:
        sector = _weighted(rng, sector_weights) if sector_weights else rng.choice(sectors)
        if kind == FDI:
            country = _weighted(rng, next(w for last, w in COUNTRY_WEIGHTS if day.year <= last))
            investor, name = names.foreign(
                country, sector if sector in INDUSTRIES else "C", day.year
            )
        else:
            country = "VN"
            investor, name = names.domestic(sector if sector in VN_INDUSTRIES else "C")
        raw = _raw_capital(rng, kind, sector, day)
        zone = _zone(rng, zones, day)
        projects.append(_Project(kind, day, country, zone, sector, investor, name, raw))
    projects.sort(key=lambda p: (p.day, p.name))

    _terminate(rng, projects, terminated_before, window)
    return projects


def _terminate(rng: random.Random, projects: list[_Project], before: int, window: Window) -> None:
    """Close ``before`` projects by the end of the year preceding the source's half-year
    (none in it), and a few more after it."""
    last_before = window.start - dt.timedelta(days=1)
    candidates = [
        p for p in projects if not p.anchor and p.day <= last_before - dt.timedelta(days=550)
    ]
    # Small projects close more often than large ones.
    chosen: list[_Project] = []
    pool = list(candidates)
    while len(chosen) < before:
        weights = [float(1 / p.raw.sqrt()) for p in pool]
        pick = rng.choices(pool, weights=weights)[0]
        pool.remove(pick)
        chosen.append(pick)
    for p in chosen:
        p.terminated_on = _day_between(rng, p.day + dt.timedelta(days=540), last_before)
    kind = window.kind
    after_from = window.end + dt.timedelta(days=1)
    later = [
        p
        for p in projects
        if not p.anchor and p.terminated_on is None and p.day <= dt.date(2019, 6, 30)
    ]
    for p in rng.sample(later, rng.randint(*TERMINATED_AFTER[kind])):
        p.terminated_on = _day_between(rng, after_from, dt.date(LAST_YEAR, 12, 15))
    for p in projects:
        if p.terminated_on:
            p.termination_reason = rng.choice(TERMINATION_REASONS)


def _draw_adjustments(rng: random.Random, projects: list[_Project], kind: str) -> None:
    """Capital raised now and then over each project's life, cut more rarely; in the
    source's half-year exactly the source's number of projects raise capital."""
    window = next(w for w in WINDOWS if w.kind == kind and w.adjusted_projects is not None)
    horizon = dt.date(LAST_YEAR, 12, 31)
    for p in projects:
        start = p.day + dt.timedelta(days=270)
        end = min(p.terminated_on - dt.timedelta(days=1) if p.terminated_on else horizon, horizon)
        for rate, sign in ((RATE_UP[kind], 1), (RATE_DOWN[kind], -1)):
            years = 0.0
            while True:
                years += rng.expovariate(rate)
                day = _workday(start + dt.timedelta(days=int(years * 365.25)))
                if day > end or len(p.adjustments) >= 8:
                    break
                if day < start or (sign > 0 and day in window):
                    continue
                fraction = rng.uniform(0.1, 0.8) if sign > 0 else -rng.uniform(0.1, 0.4)
                if sign > 0 and rng.random() < 0.08:  # now and then a project doubles
                    fraction = rng.uniform(0.9, 1.5)
                p.adjustments.append(_Adjustment(day, D(f"{fraction:.4f}")))

    eligible = [
        p
        for p in projects
        if p.day <= window.start - dt.timedelta(days=180) and p.alive(window.end)
    ]
    weights = [float(p.raw.sqrt()) for p in eligible]  # large projects expand more often
    chosen: list[_Project] = []
    while len(chosen) < window.adjusted_projects:
        pick = rng.choices(eligible, weights=weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    for p in chosen:
        for _ in range(2 if rng.random() < 0.15 else 1):
            day = _day_between(rng, window.start + dt.timedelta(days=7), window.end)
            p.adjustments.append(_Adjustment(day, D(f"{rng.uniform(0.1, 0.6):.4f}")))
    for p in projects:
        p.adjustments.sort(key=lambda a: a.day)


def _apply(projects: Iterable[_Project], kind: str, scale: Decimal, exact: bool) -> None:
    """Set every amount from the drawn ones: fixed amounts as split, free ones scaled,
    reductions as a share of the capital just before (rounded down, so capital stays > 0)."""
    step = STEP[kind]
    for p in projects:
        free = p.raw * scale
        p.amount = p.fixed if p.fixed is not None else free if exact else plausible(free, step)
        capital = p.amount
        for a in p.adjustments:
            if a.fixed is not None:
                a.amount = a.fixed
            elif a.fraction > 0:
                a.amount = a.raw * scale if exact else plausible(a.raw * scale, step)
            else:
                cut = -a.fraction * capital
                a.amount = -cut if exact else -min(plausible(cut, step, ROUND_DOWN), capital - step)
            capital += a.amount


def _cumulative(projects: Iterable[_Project], day: dt.date) -> tuple[int, Decimal]:
    live = [p for p in projects if p.alive(day)]
    capital = sum(
        (p.amount + sum((a.amount for a in p.adjustments if a.day <= day), D(0)) for p in live),
        D(0),
    )
    return len(live), capital


def _set_amounts(projects: list[_Project], kind: str) -> None:
    # Drawn amounts: increases are a share of the capital before them.
    for p in projects:
        capital = p.raw
        for a in p.adjustments:
            if a.fraction > 0:
                a.raw = plausible(a.fraction * capital, STEP[kind])
                capital += a.raw
            else:
                capital += a.fraction * capital
    # The source's periods: split their attracted capital over what was drawn in them.
    for window in (w for w in WINDOWS if w.kind == kind):
        items: list[_Project | _Adjustment] = [p for p in projects if p.day in window]
        items += [a for p in projects for a in p.adjustments if a.fraction > 0 and a.day in window]
        for item, amount in zip(
            items,
            split_total(window.attracted, [i.raw for i in items], STEP[kind]),
            strict=True,
        ):
            item.fixed = amount
    # The cumulative capital is affine in the scale of the free amounts: solve, round, and
    # let the largest free project take the rounding.
    _, target = CUMULATIVE[kind]
    _apply(projects, kind, D(0), exact=True)
    _, at_zero = _cumulative(projects, REPORT_DAY)
    _apply(projects, kind, D(1), exact=True)
    _, at_one = _cumulative(projects, REPORT_DAY)
    scale = (target - at_zero) / (at_one - at_zero)
    _apply(projects, kind, scale, exact=False)
    _, total = _cumulative(projects, REPORT_DAY)
    balancing = max(
        (p for p in projects if p.alive(REPORT_DAY) and p.fixed is None),
        key=lambda p: p.amount,
    )
    balancing.amount += target - total


def _codes(projects: list[_Project]) -> None:
    """Certificate numbers in the style of each era: licences until mid-2006, 12-digit
    investment certificates until mid-2015, 10-digit project codes since."""
    serial: dict[tuple[str, str], int] = {}
    for p in sorted(projects, key=lambda p: (p.day, p.name)):
        era = (
            "licence"
            if p.day < dt.date(2006, 7, 1)
            else "12"
            if p.day < dt.date(2015, 7, 1)
            else "10"
        )
        n = serial[(p.kind, era)] = serial.get((p.kind, era), 0) + 1
        if era == "licence":
            p.code = f"{n:03d}/{'GP' if p.kind == FDI else 'CN'}-KCN-HP"
        elif era == "12":
            p.code = f"021{'04' if p.kind == FDI else '02'}3000{n:03d}"
        else:
            p.code = f"{'2143' if p.kind == FDI else '2123'}{n:06d}"


def _budget(
    rng: random.Random, units: Sequence[str]
) -> tuple[list[PlanData], list[RemittanceData]]:
    plans: list[PlanData] = []
    remittances: list[RemittanceData] = []
    growth = {"bql": 1.06, "ttdvvl": 1.08}
    for unit in sorted(u for u in BUDGET_2020 if u in units):
        plan_2020, h1_2020 = BUDGET_2020[unit]
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            if year == 2020:
                plan = plan_2020
            else:
                factor = growth[unit] ** (year - 2020) * rng.uniform(0.97, 1.03)
                plan = plausible(D(round(float(plan_2020) * factor)), BUDGET_STEP)
            plans.append(PlanData(unit, year, plan))
            weights = [D(f"{w * rng.uniform(0.8, 1.2):.4f}") for w in MONTH_WEIGHTS]
            if year == 2020:  # Covid slowed the first half; the second caught up in part
                second = plausible(plan * D(f"{rng.uniform(0.45, 0.6):.4f}"), BUDGET_STEP)
                amounts = split_total(h1_2020, weights[:6], BUDGET_STEP)
                amounts += split_total(second, weights[6:], BUDGET_STEP)
            else:
                total = plausible(plan * D(f"{rng.uniform(0.92, 1.12):.4f}"), BUDGET_STEP)
                amounts = split_total(total, weights, BUDGET_STEP)
            for month, amount in enumerate(amounts, start=1):
                remittances.append(
                    RemittanceData(
                        unit,
                        _day_in_month(rng, year, month, first=18),
                        amount,
                        f"GNT-{unit.upper()}-{year}{month:02d}",
                        f"Nộp ngân sách nhà nước tháng {month}/{year}",
                    )
                )
    return plans, remittances


def _targets(rng: random.Random, projects: list[_Project]) -> list[TargetData]:
    """Each year's target: a little above the capital attracted over the previous years."""
    targets: list[TargetData] = []
    for kind in (FDI, DI):
        attracted = dict.fromkeys(range(FIRST_YEAR - 1, LAST_YEAR + 1), D(0))
        for p in projects:
            if p.kind == kind:
                attracted[p.day.year] += p.amount
                for a in p.adjustments:
                    if a.amount > 0:
                        attracted[a.day.year] += a.amount
        attracted[FIRST_YEAR - 1] = attracted[FIRST_YEAR]
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            if kind == FDI and year == 2020:
                amount = FDI_TARGET_2020
            else:
                recent = [attracted[y] for y in range(year - 3, year) if y >= FIRST_YEAR - 1]
                base = sum(recent) / len(recent) * D(f"{rng.uniform(1.0, 1.2):.3f}")
                step = D("10000000") if kind == FDI else D("100000000000")
                amount = plausible(base, step)
            targets.append(TargetData(year, kind, amount))
    for target in targets:
        if target.kind == FDI and target.year in FDI_TARGET_RANGES:
            target.amount, target.amount_high = FDI_TARGET_RANGES[target.year]
    return targets


# -- share acquisitions ("góp vốn, mua cổ phần") -----------------------------------------------

#: From 2021 on, the register also holds foreign investors' capital contributions and share
#: purchases: a few dozen a year, more each year.
SHARE_COUNTS = {2021: 26, 2022: 31, 2023: 37, 2024: 42, 2025: 48}
SHARE_COUNTRIES = {"KR": 45, "JP": 30, "SG": 25}
SHARE_SECTORS = {"C": 75, "H": 25}
#: Share of the acquisitions made in an enterprise whose FDI project is in the register.
SHARE_LINKED = 0.4
SHARE_MEDIAN = 2.5e6  # USD
SHARE_WORDS = {
    "C": ("Holdings", "Investment", "Industrial", "Manufacturing"),
    "H": ("Logistics", "Holdings", "Investment"),
}
SHARE_SUFFIX = {"KR": "Co., Ltd.", "JP": "Co., Ltd.", "SG": "Pte. Ltd."}
SHARE_ENTERPRISES = {
    "C": ("Cơ khí", "Nhựa", "Bao bì", "Điện tử", "Dệt may", "Linh kiện", "Thép"),
    "H": ("Logistics", "Kho vận", "Vận tải biển", "Cảng", "Giao nhận"),
}
SHARE_FORMS = ("Góp vốn", "Mua cổ phần", "Mua phần vốn góp")


def _subsidiary(investor: str) -> str:
    """The Vietnamese company a foreign investor runs its project through."""
    core = investor
    for suffix in sorted(set(SUFFIX.values()), key=len, reverse=True):
        if core.endswith(" " + suffix):
            core = core[: -len(suffix) - 1]
            break
    return f"Công ty TNHH {core} Việt Nam"


def _share_acquisitions(
    rng: random.Random, projects: Sequence[ProjectData], zones: Sequence[str]
) -> list[ShareAcquisitionData]:
    """Korean, Japanese and Singaporean buyers in manufacturing and logistics; some buy into
    an FDI project's enterprise, on a day that project is alive (SPEC "Share acquisitions")."""
    result: list[ShareAcquisitionData] = []
    for year, count in sorted(SHARE_COUNTS.items()):
        days = _registration_days(rng, year, count, range(1, 13))
        for number, day in enumerate(days, start=1):
            sector = _weighted(rng, SHARE_SECTORS)
            country = _weighted(rng, SHARE_COUNTRIES)
            amount = plausible(D(round(SHARE_MEDIAN * rng.lognormvariate(0, 1.0))), STEP[FDI])
            investor = (
                f"{rng.choice(STEMS[country])} {rng.choice(SHARE_WORDS[sector])} "
                f"{SHARE_SUFFIX[country]}"
            )
            linked = [
                p for p in projects
                if p.kind == FDI and p.sector == sector and p.registered_on <= day
                and (p.terminated_on is None or p.terminated_on >= day)
            ]  # fmt: skip
            if linked and rng.random() < SHARE_LINKED:
                project = rng.choice(linked)
                enterprise, zone, code = (
                    _subsidiary(project.investor_name),
                    project.zone,
                    project.code,
                )
            else:
                project = None
                trade = rng.choice(SHARE_ENTERPRISES[sector])
                form = rng.choice(("Công ty Cổ phần", "Công ty TNHH"))
                enterprise = f"{form} {trade} {rng.choice(VN_STEMS)}"
                zone, code = _zone(rng, zones, day), ""
            result.append(
                ShareAcquisitionData(
                    code=f"{number:03d}/{year}/TB-BQL",
                    enterprise_name=enterprise,
                    investor_name=investor,
                    country=country,
                    zone=zone,
                    sector=sector,
                    registered_on=day,
                    amount=amount,
                    project=code,
                    note=rng.choice(SHARE_FORMS),
                )
            )
    return result


def generate(
    *,
    zones: Sequence[str],
    sectors: Sequence[str],
    units: Sequence[str],
    seed: int = DEFAULT_SEED,
) -> DemoData:
    """The whole demo history for the given reference data codes; same seed, same history."""
    rng = random.Random(seed)
    zones, sectors = sorted(zones), sorted(sectors)
    if not zones:
        raise ValueError("the demo needs at least one zone")
    names = _Names(rng)
    drawn: list[_Project] = []
    for kind in (FDI, DI):
        projects = _draw_projects(rng, kind, zones, sectors, names)
        _draw_adjustments(rng, projects, kind)
        _set_amounts(projects, kind)
        drawn += projects
    _codes(drawn)
    plans, remittances = _budget(rng, units)
    data = DemoData(
        projects=[
            ProjectData(
                kind=p.kind,
                code=p.code,
                name=p.name,
                investor_name=p.investor,
                country=p.country,
                zone=p.zone,
                sector=p.sector,
                registered_on=p.day,
                registered_capital=p.amount,
                terminated_on=p.terminated_on,
                termination_reason=p.termination_reason,
            )
            for p in drawn
        ],
        adjustments=[
            AdjustmentData(
                project=p.code,
                adjusted_on=a.day,
                amount=a.amount,
                reference=f"{p.code} – điều chỉnh lần {i}",
                note="Tăng vốn đầu tư" if a.amount > 0 else "Giảm vốn đầu tư",
            )
            for p in drawn
            for i, a in enumerate(p.adjustments, start=1)
        ],
        targets=_targets(rng, drawn),
        plans=plans,
        remittances=remittances,
    )
    # Drawn from their own generator, so that adding them changed nothing drawn before.
    data.share_acquisitions = _share_acquisitions(
        random.Random(f"{seed}-share-acquisitions"), data.projects, zones
    )
    problems = check(data)
    if problems:
        raise AssertionError("demo data broke its own rules: " + "; ".join(problems[:5]))
    data.operations = generate_operations(
        data.projects, zones=zones, last_day=dt.date(LAST_YEAR, 12, 31), seed=seed
    )
    return data


# -- checking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindFigures:
    new_projects: int
    adjusted_projects: int
    attracted: Decimal
    cumulative_projects: int
    cumulative_capital: Decimal


def figures(data: DemoData, kind: str, start: dt.date, end: dt.date) -> KindFigures:
    """The SPEC's indicators for one kind and period, straight from the generated rows."""
    projects = {p.code: p for p in data.projects if p.kind == kind}
    new = [p for p in projects.values() if start <= p.registered_on <= end]
    ups = [
        a for a in data.adjustments if a.project in projects and a.amount > 0
        and start <= a.adjusted_on <= end
    ]  # fmt: skip
    live = {
        code
        for code, p in projects.items()
        if p.registered_on <= end and (p.terminated_on is None or p.terminated_on > end)
    }
    capital = sum((projects[c].registered_capital for c in live), D(0)) + sum(
        (a.amount for a in data.adjustments if a.project in live and a.adjusted_on <= end), D(0)
    )
    return KindFigures(
        new_projects=len(new),
        adjusted_projects=len({a.project for a in ups}),
        attracted=sum((p.registered_capital for p in new), D(0))
        + sum((a.amount for a in ups), D(0)),
        cumulative_projects=len(live),
        cumulative_capital=capital,
    )  # fmt: skip


def check(data: DemoData) -> list[str]:
    """Every data rule of the SPEC and every figure of its demo table; empty when all hold."""
    problems: list[str] = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    projects = {p.code: p for p in data.projects}
    expect(len(projects) == len(data.projects), "project codes are not unique")
    for p in data.projects:
        expect(p.registered_capital > 0, f"{p.code}: capital not positive")
        expect(bool(p.country) and (p.country == "VN") == (p.kind == DI), f"{p.code}: country")
        expect(p.terminated_on is None or p.terminated_on >= p.registered_on, f"{p.code}: ended")
    capital = {code: p.registered_capital for code, p in projects.items()}
    for a in sorted(data.adjustments, key=lambda a: a.adjusted_on):
        p = projects[a.project]
        expect(a.amount != 0, f"{a.reference}: zero")
        expect(a.adjusted_on >= p.registered_on, f"{a.reference}: before registration")
        expect(p.terminated_on is None or a.adjusted_on <= p.terminated_on, f"{a.reference}: late")
        capital[a.project] += a.amount
        expect(capital[a.project] >= 0, f"{a.reference}: capital below zero")
    for rows in (data.targets, data.plans, data.remittances, data.share_acquisitions):
        expect(all(r.amount > 0 for r in rows), "a target, plan or remittance is not positive")
    expect(
        all(t.amount_high is None or t.amount_high >= t.amount for t in data.targets),
        "a target range below its low bound",
    )
    codes = [s.code for s in data.share_acquisitions]
    expect(len(codes) == len(set(codes)), "share acquisition codes are not unique")
    for s in data.share_acquisitions:
        expect(bool(s.country) and s.country != "VN", f"{s.code}: country")
        if s.project:
            p = projects[s.project]
            expect(p.kind == FDI, f"{s.code}: project not FDI")
            expect(p.registered_on <= s.registered_on, f"{s.code}: before the project")
            expect(
                p.terminated_on is None or p.terminated_on >= s.registered_on,
                f"{s.code}: after the project's termination",
            )

    for window in WINDOWS:
        got = figures(data, window.kind, window.start, window.end)
        expect(got.attracted == window.attracted, f"{window.kind} {window.start}: {got.attracted}")
        if window.new_projects is not None:
            expect(got.new_projects == window.new_projects, f"{window.kind}: new projects")
            expect(got.adjusted_projects == window.adjusted_projects, f"{window.kind}: adjusted")
    for kind, (count, amount) in CUMULATIVE.items():
        got = figures(data, kind, REPORT_DAY, REPORT_DAY)
        expect((got.cumulative_projects, got.cumulative_capital) == (count, amount), kind)
    expect(
        any(t.year == 2020 and t.kind == FDI and t.amount == FDI_TARGET_2020 for t in data.targets),
        "FDI target 2020",
    )
    for unit, (plan, remitted) in BUDGET_2020.items():
        if any(p.unit == unit for p in data.plans):
            expect(any(p == PlanData(unit, 2020, plan) for p in data.plans), f"{unit} plan")
            paid = sum(
                (r.amount for r in data.remittances
                 if r.unit == unit and H1_2020[0] <= r.paid_on <= H1_2020[1]),
                D(0),
            )  # fmt: skip
            expect(paid == remitted, f"{unit} remitted {paid}")
    return problems


# -- writing -----------------------------------------------------------------------------------

#: What the demo owns, children first: every row of these is replaced on each run.
OWNED = (
    ShareAcquisition,
    OperationsReport,
    OperationsTarget,
    CapitalAdjustment,
    Project,
    AnnualTarget,
    Remittance,
    BudgetPlan,
)
#: The demo accounts, one per role of the SPEC: (username, group; None for the superuser).
ACCOUNTS = (("admin", None), ("canbo", STAFF_GROUP), ("lanhdao", LEADERSHIP_GROUP))
CHANGE_REASON = "Demo data"


def generate_for_database(seed: int = DEFAULT_SEED) -> DemoData:
    """The demo history for the zones, sectors and units in the database."""
    return generate(
        zones=list(Zone.objects.values_list("code", flat=True)),
        sectors=list(Sector.objects.values_list("code", flat=True)),
        units=list(Unit.objects.values_list("code", flat=True)),
        seed=seed,
    )


def _clean(objects: list) -> list:
    """Field checks only (lengths, choices): the rules across rows were checked by ``check``,
    foreign keys come from the database, and its constraints and triggers still apply.
    Countries are checked against one set: the field's own check rebuilds the list each time."""
    known = {country.code for country in countries}
    for obj in objects:
        obj.full_clean(exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False)
        if getattr(obj, "country", "") and obj.country not in known:
            raise ValueError(f"unknown country {obj.country}")
    return objects


_NOT_CLEANED = ["project", "zone", "sector", "unit", "country"]


@transaction.atomic
def load(data: DemoData, *, user: User | None = None) -> None:
    """Replace every project, adjustment, share acquisition, target, plan and remittance (and
    their history) with ``data``; reference data and accounts stay. Bulk inserts keep it to a
    second."""
    # The history goes with the rows (no "deleted" record for each): the demo owns the
    # database. Reductions go first: the database refuses any moment at which a project's
    # capital would be below zero, even half-way through a delete.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        CapitalAdjustment.all_objects.filter(amount__lt=0).delete()
        for model in OWNED:
            model._default_manager.all().delete()
            model.history.all().delete()
    zones = {z.code: z for z in Zone.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    history = {"batch_size": 500, "default_user": user, "default_change_reason": CHANGE_REASON}

    projects = bulk_create_with_history(
        _clean(
            [
                Project(
                    kind=p.kind,
                    code=p.code,
                    name=p.name,
                    investor_name=p.investor_name,
                    country=p.country,
                    zone=zones[p.zone],
                    sector=sectors.get(p.sector),
                    registered_on=p.registered_on,
                    registered_capital=p.registered_capital,
                    terminated_on=p.terminated_on,
                    termination_reason=p.termination_reason,
                    note=p.note,
                    land_area_ha=p.land_area_ha,
                )
                for p in data.projects
            ]
        ),
        Project,
        **history,
    )
    by_code = {p.code: p for p in projects}
    bulk_create_with_history(
        _clean(
            [
                CapitalAdjustment(
                    project=by_code[a.project],
                    adjusted_on=a.adjusted_on,
                    amount=a.amount,
                    reference=a.reference,
                    note=a.note,
                )
                for a in data.adjustments
            ]
        ),
        CapitalAdjustment,
        **history,
    )
    bulk_create_with_history(
        _clean(
            [
                AnnualTarget(year=t.year, kind=t.kind, amount=t.amount, amount_high=t.amount_high)
                for t in data.targets
            ]
        ),
        AnnualTarget,
        **history,
    )
    bulk_create_with_history(
        _clean(
            [
                ShareAcquisition(
                    code=s.code,
                    enterprise_name=s.enterprise_name,
                    investor_name=s.investor_name,
                    country=s.country,
                    zone=zones[s.zone],
                    sector=sectors.get(s.sector),
                    registered_on=s.registered_on,
                    amount=s.amount,
                    project=by_code.get(s.project),
                    note=s.note,
                )
                for s in data.share_acquisitions
            ]
        ),
        ShareAcquisition,
        **history,
    )
    bulk_create_with_history(
        _clean([BudgetPlan(unit=units[p.unit], year=p.year, amount=p.amount) for p in data.plans]),
        BudgetPlan,
        **history,
    )
    bulk_create_with_history(
        _clean(
            [
                Remittance(
                    unit=units[r.unit],
                    paid_on=r.paid_on,
                    amount=r.amount,
                    reference=r.reference,
                    note=r.note,
                )
                for r in data.remittances
            ]
        ),
        Remittance,
        **history,
    )
    load_operations(data.operations, projects=by_code, history=history)


@transaction.atomic
def reset_accounts(passwords: dict[str, str]) -> dict[str, User]:
    """Create or reset the demo accounts: active, in their role's group only, with the given
    passwords (an administrator who renamed or demoted one gets it back)."""
    users: dict[str, User] = {}
    for username, group in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.is_active = True
        user.is_superuser = user.is_staff = group is None
        user.set_password(passwords[username])
        user.save()
        user.groups.set([Group.objects.get(name=group)] if group else [])
        users[username] = user
    return users
