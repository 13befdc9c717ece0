# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""A statistic no renderer has heard of reaches every report through its key, label and format hint.

This is the contract that lets a new metric ship as one class in ``metrics/``: the
engine writes a ``Statistic`` with a key, a label and a format hint, and no renderer
needs an edit. The key below exists nowhere in the library.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from profiles import simple_profile, stat

from spark_profiler.model import Accuracy, Profile
from spark_profiler.report import render_html, render_json, render_markdown, render_text

KEY = "zz_fake_gini_impurity"
LABEL = "Fake Gini impurity"
VALUE = 0.125
SHOWN = "12.5%"  # the "fraction" format hint, not the raw 0.125


def _with_fake_statistic() -> Profile:
    p = simple_profile()
    first = p.columns[0]
    fake = dataclasses.replace(stat(KEY, VALUE, Accuracy.EXACT, fmt="fraction"), label=LABEL)
    return dataclasses.replace(p, columns=(dataclasses.replace(first, stats=(*first.stats, fake)), *p.columns[1:]))


def test_the_fake_key_is_unknown_to_the_library() -> None:
    from spark_profiler.metrics import metric_keys

    assert KEY not in metric_keys()


def test_json_carries_the_new_statistic_and_reads_it_back() -> None:
    p = _with_fake_statistic()
    document = json.loads(render_json(p))
    (stored,) = [s for s in document["columns"][0]["stats"] if s["key"] == KEY]
    assert (stored["label"], stored["value"], stored["fmt"]) == (LABEL, VALUE, "fraction")
    assert Profile.from_json(render_json(p)) == p


def test_markdown_shows_the_label_and_the_formatted_value() -> None:
    out = render_markdown(_with_fake_statistic())
    assert f"| {LABEL} | {SHOWN} |" in out


def test_text_details_show_the_label_and_the_formatted_value() -> None:
    out = render_text(_with_fake_statistic(), details=True)
    (line,) = [line for line in out.splitlines() if LABEL in line]
    assert SHOWN in line


def test_html_shows_the_label_and_the_formatted_value() -> None:
    out = render_html(_with_fake_statistic())
    assert f'data-key="{KEY}"' in out
    row = out.split(f'data-key="{KEY}"', 1)[1].split("</tr>", 1)[0]
    assert LABEL in row
    assert SHOWN in row


def test_pandas_gets_a_column_for_the_new_statistic() -> None:
    pytest.importorskip("pandas")
    p = _with_fake_statistic()
    df = p.to_pandas()
    assert df.loc[p.columns[0].name, KEY] == VALUE
