"""Importing a PAR plan from the DOCX an office issued or from the XLSX template.

The pipeline has no side effects until the user confirms: a reader (`docx`, `xlsx`) turns the file into raw
rows (`rows`), `matching` reads the performing-units cell into named units and unit groups, and `service`
builds an `ImportPreview` with the milestones `parse_schedule` will create. Only
`par.plans.actions.do_import_plan` writes, all or nothing.
"""
