from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from exchange.inspection import damaged_message, limit

#: An .xlsx is a ZIP archive; anything else is refused before openpyxl sees it.
ZIP_MAGIC = b"PK\x03\x04"


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_("Sheets projects, adjustments, remittances, plans and targets; up to 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        maximum = limit("UPLOAD_BYTES")
        if uploaded.size > maximum:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={
                    "size": filesizeformat(uploaded.size),
                    "limit": filesizeformat(maximum),
                },
            )
        uploaded.seek(0)
        magic = uploaded.read(4)
        uploaded.seek(0)
        if uploaded.name.lower().endswith(".xlsx") and magic != ZIP_MAGIC:
            raise forms.ValidationError(
                damaged_message(
                    str(_("the file is not a ZIP archive, so it is not an Excel workbook (.xlsx)."))
                ),
                code="damaged",
            )
        if not uploaded.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _(
                    "The file is not an Excel workbook (.xlsx). Save it in Excel as “Excel "
                    "Workbook (*.xlsx)” and try again."
                ),
                code="not_xlsx",
            )
        return uploaded
