"""What a run is shown as: the report, model clauses, rule docs, output formats."""
