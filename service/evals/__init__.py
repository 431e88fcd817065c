"""The evaluation suite: fixtures, a runner over the real pipeline, reports, a regression gate.

fixtures.py   the YAML fixture files and their pydantic model
matching.py   key-term matching of expectations against a Summary's words
scoring.py    each expectation -> a check with a reason; aggregates over a run
runner.py     fixtures -> summarize() on a live, recording or replaying backend
report.py     report.json, report.md, report.html
gate.py       a run against the committed baseline, with tolerances
cli.py        `sourced eval`
"""
