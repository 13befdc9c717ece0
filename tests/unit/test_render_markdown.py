# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Markdown renderer: golden output, escaping, generic statistics."""

from __future__ import annotations

import dataclasses

from golden import check_golden
from profiles import HOSTILE_NAME, rich_profile, simple_profile, stat

from spark_profiler.model import Accuracy
from spark_profiler.report import render_markdown
from spark_profiler.report.markdown import md_escape


def test_markdown_matches_golden() -> None:
    check_golden("rich_profile.md", render_markdown(rich_profile(sampled=True)))


def test_hostile_names_and_values_are_escaped() -> None:
    out = render_markdown(rich_profile())
    assert HOSTILE_NAME not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "</script>" not in out
    assert "a\\|b\\`\\*\\_x\\_\\*" in out


def test_md_escape_neutralises_table_and_markup_characters() -> None:
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("<b>") == "&lt;b&gt;"
    assert md_escape("line\nbreak") == "line break"


def test_a_new_statistic_appears_without_renderer_changes() -> None:
    p = simple_profile()
    c = p.columns[0]
    extra = stat("entropy_bits", 3.25, Accuracy.APPROXIMATE, fmt="float", relative_error=0.01)
    extra = dataclasses.replace(extra, label="Entropy (bits)")
    p = dataclasses.replace(p, columns=(dataclasses.replace(c, stats=(*c.stats, extra)), *p.columns[1:]))
    out = render_markdown(p)
    assert "| Entropy (bits) | 3.25 | ≈ ±1% |" in out


def test_sampled_figures_show_their_confidence_interval() -> None:
    out = render_markdown(rich_profile(sampled=True))
    assert "sampled, 95% CI 0.5 \u2013 0.54" in out
    assert "**Note:** sampled 10% of rows" in out
