# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""HTML report structure, escaping, self-containment and size (the browser test checks behaviour)."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import List, Optional, Tuple

from profiles import HOSTILE_NAME, SCRIPT_VALUE, rich_profile, simple_profile, stat, wide_profile

from spark_profiler.model import Accuracy
from spark_profiler.report import render_html
from spark_profiler.report.html import repr_html


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: List[Tuple[str, List[Tuple[str, str]]]] = []
        self.script_text: List[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, [(k, v or "") for k, v in attrs]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def _parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


def test_report_is_one_self_contained_file() -> None:
    html = render_html(rich_profile())
    parsed = _parse(html)
    tags = [t for t, _ in parsed.tags]
    assert "link" not in tags
    assert "iframe" not in tags
    for tag, attrs in parsed.tags:
        for k, v in attrs:
            if k in ("src", "href"):
                assert not re.match(r"^\s*(https?:)?//", v), f"external reference in <{tag} {k}={v!r}>"
    assert tags.count("script") == 1
    assert tags.count("style") == 1
    assert "<svg" in html


def test_hostile_column_name_and_values_are_escaped_everywhere() -> None:
    html = render_html(rich_profile())
    assert HOSTILE_NAME not in html
    assert SCRIPT_VALUE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # Only the report's own script element exists, and it holds no profile content.
    assert html.count("<script") == 1
    assert html.count("</script>") == 1
    script = "".join(_parse(html).script_text)
    assert "onerror" not in script
    assert "alert(" not in script
    for _, attrs in _parse(html).tags:
        assert not any(k.startswith("on") for k, _ in attrs), "no inline event handler may appear"


def test_every_section_and_one_article_per_column() -> None:
    p = rich_profile()
    html = render_html(p)
    for anchor in ("overview", "alerts", "missing", "correlations", "columns", "execution", "search"):
        assert f'id="{anchor}"' in html
    assert html.count('class="col-section"') == len(p.columns)
    assert html.count('class="histogram"') == sum(1 for c in p.columns if c.histogram is not None)
    assert 'class="quantiles"' in html
    assert "@media print" in html
    assert "@media (max-width" in html


def test_every_statistic_is_rendered_generically_with_its_accuracy() -> None:
    p = simple_profile()
    c = p.columns[0]
    new = dataclasses.replace(
        stat("gini", 0.125, Accuracy.SAMPLED, fmt="fraction", ci_low=0.1, ci_high=0.15, ci_level=0.9),
        label="Gini impurity",
    )
    p = dataclasses.replace(p, columns=(dataclasses.replace(c, stats=(*c.stats, new)), *p.columns[1:]))
    html = render_html(p)
    assert 'data-key="gini"' in html
    assert "Gini impurity" in html
    assert "12.5%" in html
    assert "sampled, 90% CI 10% \u2013 15%" in html


def test_sampled_profile_shows_a_banner() -> None:
    assert "Sampled:" in render_html(rich_profile(sampled=True))
    assert "Sampled:" not in render_html(rich_profile())


def test_hundred_column_report_stays_under_two_megabytes() -> None:
    size = len(render_html(wide_profile(100)).encode("utf-8"))
    assert size < 2 * 1024 * 1024, f"100-column report is {size:,} bytes"


def test_correlation_heatmap_is_capped_but_lists_strongest_pairs() -> None:
    html = render_html(wide_profile(100))
    assert 'id="heatmap"' in html
    assert "Strongest pairs" in html


def test_repr_html_wraps_the_escaped_report_in_a_sandboxed_iframe() -> None:
    out = rich_profile()._repr_html_()
    assert out.startswith("<iframe")
    assert 'sandbox="allow-scripts"' in out
    srcdoc = out.split('srcdoc="', 1)[1]
    assert "<" not in srcdoc.rsplit('"', 1)[0]
    assert repr_html(rich_profile(), height=300).count("height:300px") == 1


def test_to_html_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    html = rich_profile().to_html(target)
    assert target.read_text(encoding="utf-8") == html
