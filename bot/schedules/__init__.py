"""Class schedules of the "Bình dân học vụ số" movement.

Officials import timetables and help contacts (CSV/XLSX) into a SQL database;
residents ask "khi nào, ở đâu có lớp học?" in everyday words and register.
Place and topic names are read from the database, so an import is understood
at once, without retraining the NLU model.
"""
