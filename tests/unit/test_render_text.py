# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Terminal summary: golden output, control-character safety, details mode."""

from __future__ import annotations

import dataclasses

from golden import check_golden
from profiles import column, counts, rich_profile, simple_profile

from spark_profiler.report import render_text


def test_text_matches_golden() -> None:
    check_golden("rich_profile.txt", render_text(rich_profile()))


def test_text_details_matches_golden() -> None:
    check_golden("rich_profile_details.txt", render_text(rich_profile(sampled=True), details=True))


def test_terminal_escape_sequences_in_names_are_neutralised() -> None:
    p = simple_profile()
    evil = column("\x1b[2J\x1b]0;pwned\x07name", "string", "string", counts(100, 0, 5))
    p = dataclasses.replace(p, columns=(*p.columns, evil))
    out = render_text(p)
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\\x1b[2J" in out


def test_every_column_and_alert_is_listed() -> None:
    p = rich_profile()
    out = render_text(p, details=True)
    for c in p.columns:
        assert c.name in out
    assert "Alerts (1 error" in out
    assert "Failures (2)" in out


def test_explicit_empty_alerts_are_respected() -> None:
    assert "Alerts (none)" in render_text(rich_profile(), alerts=())


def test_one_row_one_column_and_one_action_read_in_the_singular() -> None:
    # Regression: a one-row CSV was summed up as "1 rows x 1 columns ... 1 Spark actions".
    p = simple_profile(values=(("a", 1.0),), rows=1)
    p = dataclasses.replace(p, execution=dataclasses.replace(p.execution, actions=1))
    for text in (p.to_text(), p.to_markdown(), p.to_html()):
        assert "1 row \u00d7 1 column" in text
        assert "1 Spark action," in text
        assert "1 rows" not in text
    assert "100 rows \u00d7 2 columns" in simple_profile().to_text()
