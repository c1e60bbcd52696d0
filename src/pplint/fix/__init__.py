"""`pplint fix`: fixes computed from a checked file's findings, as minimal edits of its text.

A fix (`model.Fix`) is a list of text replacements on the original file, safe (words that
change no legal meaning, such as "or equivalent" after a named label) or for review (a model
clause inserted where a `missing` finding points). `plan.Planner` computes and verifies them;
the command line writes them (`pplint.cli.fix`), SARIF carries them (`output.formatters.sarif`).
"""
