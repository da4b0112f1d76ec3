"""A list of persons as an Excel file, with the pages' permissions and audit.

workbook.py  `person_export`: the columns and the streamed xlsx
views.py, urls.py  the download (namespace "people_export")
"""
