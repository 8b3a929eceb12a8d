"""Generated documents: official DOCX in the Decree 30/2020/NĐ-CP layout, styled XLSX, PDF via LibreOffice.

A plain package, not a Django app: it holds no models. Domain apps build their documents from these blocks
(`official` for DOCX, `xlsx` for workbooks, `pdf` for the conversion) and stream them to the user.
"""
