// SPDX-FileCopyrightText: 2026 spark-profiler contributors
// SPDX-License-Identifier: MIT
// Column search and filters. Static code: it reads only data- attributes, never
// evaluates profile content, and works offline.
(function () {
  "use strict";
  var search = document.getElementById("search");
  var kind = document.getElementById("kind-filter");
  var alertsOnly = document.getElementById("alerts-only");
  var counter = document.getElementById("match-count");
  var noMatch = document.getElementById("no-match");
  var sections = Array.prototype.slice.call(document.querySelectorAll(".col-section"));
  var navItems = Array.prototype.slice.call(document.querySelectorAll("nav.side li[data-target]"));

  function apply() {
    var q = (search && search.value || "").trim().toLowerCase();
    var k = kind ? kind.value : "";
    var only = alertsOnly ? alertsOnly.checked : false;
    var shown = {};
    var count = 0;
    sections.forEach(function (s) {
      var ok = (!q || s.getAttribute("data-name").indexOf(q) !== -1 ||
                s.getAttribute("data-type").indexOf(q) !== -1) &&
               (!k || s.getAttribute("data-kind") === k) &&
               (!only || s.getAttribute("data-alerts") !== "0");
      s.hidden = !ok;
      shown[s.id] = ok;
      if (ok) { count += 1; }
    });
    navItems.forEach(function (li) { li.hidden = !shown[li.getAttribute("data-target")]; });
    if (counter) { counter.textContent = count + " of " + sections.length + " columns"; }
    if (noMatch) { noMatch.style.display = count === 0 ? "block" : "none"; }
  }

  [search, kind, alertsOnly].forEach(function (el) {
    if (el) {
      el.addEventListener("input", apply);
      el.addEventListener("change", apply);
    }
  });

  // In-page links scroll explicitly: inside an iframe srcdoc (notebooks) a plain
  // fragment link would navigate away from the report.
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!a) { return; }
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (target) {
      ev.preventDefault();
      if (target.hidden && search) { search.value = ""; if (kind) { kind.value = ""; } if (alertsOnly) { alertsOnly.checked = false; } apply(); }
      target.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && search && document.activeElement !== search) {
      ev.preventDefault();
      search.focus();
    }
  });

  window.addEventListener("beforeprint", function () { sections.forEach(function (s) { s.hidden = false; }); });
  window.addEventListener("afterprint", apply);
  apply();
})();
