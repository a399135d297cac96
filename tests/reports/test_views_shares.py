"""The report page and its downloads carry the FIA rows and target ranges."""

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest

from tests.factories import (
    AnnualTargetFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    ShareAcquisitionFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
M = D(10**6)
URL = "/reports/"


@pytest.fixture
def figures(db):
    p = ProjectFactory(registered_on=dt.date(2024, 2, 1), registered_capital=D(900) * M)
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2024, 3, 1), amount=D(50) * M)
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2024, 3, 1), amount=D(50) * M)
    ShareAcquisitionFactory(registered_on=dt.date(2024, 5, 5), amount=D("120.5") * M)
    ShareAcquisitionFactory(registered_on=dt.date(2023, 5, 5), amount=D(10) * M)
    AnnualTargetFactory(year=2024, kind="FDI", amount=D(1800) * M, amount_high=D(2300) * M)


def test_the_page_has_the_fia_rows_and_the_range(leadership_client, figures):
    response = leadership_client.get(URL, {"period": "2024"})
    assert response.status_code == 200
    fdi = response.context["tables"][0]
    rows = {row[0]["text"]: [cell["text"] for cell in row[1:]] for row in fdi["rows"]}
    assert rows["Lượt điều chỉnh tăng vốn"] == ["lượt", "2", "0", "–"]
    assert rows["Dự án điều chỉnh tăng vốn"][1] == "1"
    assert rows["Góp vốn, mua cổ phần"] == ["lượt", "1", "1", "0,0%"]
    assert rows["Giá trị góp vốn, mua cổ phần"][1:3] == ["120,5", "10,0"]
    assert rows["Tổng vốn đăng ký cấp mới, điều chỉnh và góp vốn, mua cổ phần"][1:3] == [
        "1.120,5",
        "10,0",
    ]
    assert rows["Kế hoạch năm, mức cao"][1] == "2.300,0"
    assert rows["Vốn thu hút so với mức cao của kế hoạch năm (%)"][1] == "43,5%"
    narrative = response.context["narrative"]
    assert "01 lượt góp vốn, mua cổ phần với giá trị 120,5 triệu USD" in narrative
    assert "(1.800–2.300 triệu USD)" in narrative
    # DI has no share acquisitions: no such rows.
    di = response.context["tables"][1]
    assert not any("cổ phần" in row[0]["text"] for row in di["rows"])


def test_the_downloads_have_the_rows(leadership_client, figures):
    xlsx = leadership_client.get(URL, {"period": "2024", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["FDI"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    total = rows["Tổng vốn đăng ký cấp mới, điều chỉnh và góp vốn, mua cổ phần"]
    assert total[2].value == pytest.approx(1120.5) and total[2].number_format == "#,##0.0"
    assert rows["Góp vốn, mua cổ phần"][2].value == 1
    document = docx.Document(
        io.BytesIO(leadership_client.get(URL, {"period": "2024", "format": "docx"}).content)
    )
    labels = [row.cells[0].text for row in document.tables[0].rows]
    assert "Giá trị góp vốn, mua cổ phần" in labels and "Kế hoạch năm, mức cao" in labels


def test_english_labels(leadership_client, figures):
    leadership_client.cookies["django_language"] = "en"
    fdi = leadership_client.get(URL, {"period": "2024"}).context["tables"][0]
    labels = [row[0]["text"] for row in fdi["rows"]]
    assert "Capital increases (occurrences)" in labels
    assert "Total registered capital (new, adjusted, contributions and share purchases)" in labels
