/* Bulk audit progress bar: poll the job's status JSON until it is finished, then reload the page. */
(function () {
  "use strict";
  var panel = document.getElementById("progress-panel");
  if (!panel || panel.dataset.finished === "1") { return; }
  var url = panel.dataset.statusUrl;
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        document.getElementById("job-status").textContent = s.status_label;
        document.getElementById("job-done").textContent = s.done;
        document.getElementById("job-total").textContent = s.total;
        document.getElementById("job-progress").value = s.percent;
        document.getElementById("job-percent").textContent = s.percent + "%";
        if (s.finished) { window.location.reload(); } else if (tries < 3600) { setTimeout(poll, 1000); }
      })
      .catch(function () { if (tries < 3600) { setTimeout(poll, 3000); } });
  }
  setTimeout(poll, 800);
})();
