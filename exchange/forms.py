from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

#: An .xlsx is a ZIP archive; anything else is refused before openpyxl sees it.
ZIP_MAGIC = b"PK\x03\x04"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


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
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={
                    "size": filesizeformat(uploaded.size),
                    "limit": filesizeformat(MAX_UPLOAD_BYTES),
                },
            )
        uploaded.seek(0)
        magic = uploaded.read(4)
        uploaded.seek(0)
        if not uploaded.name.lower().endswith(".xlsx") or magic != ZIP_MAGIC:
            raise forms.ValidationError(
                _(
                    "The file is not an Excel workbook (.xlsx). Save it in Excel as “Excel "
                    "Workbook (*.xlsx)” and try again."
                ),
                code="not_xlsx",
            )
        return uploaded
