"""Hai Phong's economic and industrial zones and the 21 sections of VSIC 2018."""

from django.db import migrations

KKT = ("dinh-vu-cat-hai", "Khu kinh tế Đình Vũ – Cát Hải", "Dinh Vu – Cat Hai Economic Zone")

# (code, Vietnamese name, English name, inside the KKT?)
KCN = [
    ("dinh-vu", "KCN Đình Vũ", "Dinh Vu Industrial Zone", True),
    ("nam-dinh-vu-1", "KCN Nam Đình Vũ (khu 1)", "Nam Dinh Vu Industrial Zone (zone 1)", True),
    ("nam-dinh-vu-2", "KCN Nam Đình Vũ (khu 2)", "Nam Dinh Vu Industrial Zone (zone 2)", True),
    ("mp-dinh-vu", "KCN MP Đình Vũ", "MP Dinh Vu Industrial Zone", True),
    ("vsip-hai-phong", "KCN VSIP Hải Phòng", "VSIP Hai Phong Industrial Zone", True),
    ("trang-due", "KCN Tràng Duệ", "Trang Due Industrial Zone", True),
    ("nam-trang-cat", "KCN Nam Tràng Cát", "Nam Trang Cat Industrial Zone", True),
    ("ben-rung", "KCN Bến Rừng", "Ben Rung Industrial Zone", True),
    ("nomura-hai-phong", "KCN Nomura – Hải Phòng", "Nomura – Hai Phong Industrial Zone", False),
    ("do-son", "KCN Đồ Sơn", "Do Son Industrial Zone", False),
    ("nam-cau-kien", "KCN Nam Cầu Kiền", "Nam Cau Kien Industrial Zone", False),
    ("an-duong", "KCN An Dương", "An Duong Industrial Zone", False),
    ("tien-thanh", "KCN Tiên Thanh", "Tien Thanh Industrial Zone", False),
    ("giang-bien-2", "KCN Giang Biên II", "Giang Bien II Industrial Zone", False),
]

SECTORS = [
    ("A", "Nông nghiệp, lâm nghiệp và thủy sản", "Agriculture, forestry and fishing"),
    ("B", "Khai khoáng", "Mining and quarrying"),
    ("C", "Công nghiệp chế biến, chế tạo", "Manufacturing"),
    (
        "D",
        "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
        "Electricity, gas, steam and air conditioning supply",
    ),
    (
        "E",
        "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
        "Water supply; sewerage, waste management and remediation activities",
    ),
    ("F", "Xây dựng", "Construction"),
    (
        "G",
        "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    ),
    ("H", "Vận tải kho bãi", "Transportation and storage"),
    ("I", "Dịch vụ lưu trú và ăn uống", "Accommodation and food service activities"),
    ("J", "Thông tin và truyền thông", "Information and communication"),
    (
        "K",
        "Hoạt động tài chính, ngân hàng và bảo hiểm",
        "Financial, banking and insurance activities",
    ),
    ("L", "Hoạt động kinh doanh bất động sản", "Real estate activities"),
    (
        "M",
        "Hoạt động chuyên môn, khoa học và công nghệ",
        "Professional, scientific and technical activities",
    ),
    (
        "N",
        "Hoạt động hành chính và dịch vụ hỗ trợ",
        "Administrative and support service activities",
    ),
    (
        "O",
        "Hoạt động của Đảng Cộng sản, tổ chức chính trị – xã hội, quản lý Nhà nước, "
        "an ninh quốc phòng; bảo đảm xã hội bắt buộc",
        "Activities of the Communist Party, socio-political organisations, public "
        "administration and defence; compulsory social security",
    ),
    ("P", "Giáo dục và đào tạo", "Education and training"),
    ("Q", "Y tế và hoạt động trợ giúp xã hội", "Human health and social work activities"),
    ("R", "Nghệ thuật, vui chơi và giải trí", "Arts, entertainment and recreation"),
    ("S", "Hoạt động dịch vụ khác", "Other service activities"),
    (
        "T",
        "Hoạt động làm thuê các công việc trong các hộ gia đình, sản xuất sản phẩm vật chất "
        "và dịch vụ tự tiêu dùng của hộ gia đình",
        "Activities of households as employers; undifferentiated goods- and "
        "services-producing activities of households for own use",
    ),
    (
        "U",
        "Hoạt động của các tổ chức và cơ quan quốc tế",
        "Activities of extraterritorial organisations and bodies",
    ),
]


def load(apps, schema_editor):
    Zone = apps.get_model("investments", "Zone")
    Sector = apps.get_model("investments", "Sector")
    code, name, name_en = KKT
    kkt, _ = Zone.objects.update_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "kind": "KKT", "parent": None}
    )
    for code, name, name_en, inside in KCN:
        Zone.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": "KCN",
                "parent": kkt if inside else None,
            },
        )
    for code, name, name_en in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


def unload(apps, schema_editor):
    Zone = apps.get_model("investments", "Zone")
    Sector = apps.get_model("investments", "Sector")
    Zone.objects.filter(parent__isnull=False, code__in=[k[0] for k in KCN]).delete()
    Zone.objects.filter(code__in=[KKT[0]] + [k[0] for k in KCN]).delete()
    Sector.objects.filter(code__in=[s[0] for s in SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("investments", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
