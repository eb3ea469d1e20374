// Suggestions from the indicator library while a unit types an indicator name (served as a file: strict CSP).
(function () {
  "use strict";
  var form = document.getElementById("targets-form");
  if (!form) { return; }
  var url = form.getAttribute("data-suggest");
  var filing = form.getAttribute("data-filing");
  var timer = null;

  function cell(input, field) {
    return form.querySelector('[name="' + input.name.replace(/-name$/, "-" + field) + '"]');
  }

  function fill(input, hit) {
    input.value = hit.name;
    var unit = cell(input, "unit_raw");
    if (unit && !unit.value && hit.unit) { unit.value = hit.unit; }
    var target = cell(input, "target_raw");
    if (target && !target.value && hit.typical_values.length) { target.value = hit.typical_values[0]; }
    var basis = cell(input, "basis");
    if (basis && !basis.value && hit.basis.length) { basis.value = hit.basis[0]; }
    if (hit.maps_to) {
      var l1 = cell(input, "level1"), l2 = cell(input, "level2");
      if (l1) { l1.value = hit.maps_to[0]; }
      if (l2) { l2.value = hit.maps_to[1]; }
    }
    var figure = cell(input, "basis_figure_raw");
    if (figure && !figure.value && hit.history.length && hit.history[0].actual) {
      figure.value = hit.history[0].actual;
    }
  }

  function show(input, hits) {
    var box = input.nextElementSibling;
    box.textContent = "";
    hits.forEach(function (hit) {
      var option = document.createElement("button");
      option.type = "button";
      option.className = "suggestion";
      option.setAttribute("role", "option");
      var own = hit.history.length ? "；本单位" + hit.history[0].year + "年实际 " + (hit.history[0].actual || "—") : "";
      option.textContent = hit.name + "（" + (hit.unit || "定性") + "，典型值 " + (hit.typical_values.join("、") || "—") + own + "；" + hit.source + "）";
      option.addEventListener("click", function () { fill(input, hit); box.hidden = true; });
      box.appendChild(option);
    });
    box.hidden = hits.length === 0;
  }

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("suggest-name")) { return; }
    clearTimeout(timer);
    var text = input.value.trim();
    if (!text) { show(input, []); return; }
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(text.slice(0, 50)) + "&filing=" + filing, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (hits) { show(input, hits); })
        .catch(function () { show(input, []); });
    }, 200);
  });
})();
