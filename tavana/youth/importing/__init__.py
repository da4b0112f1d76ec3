"""A school's list of term results into children's records: the importer
(importer.py, also behind `tavana import school-results`) and the registrars'
upload pages (views.py, mounted at /youth/import/ by urls.py)."""
