// Sends a leaked file to the trace API and shows the verdict; every check is the server's, this only shows it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("trace");
    if (!form) return;
    var status = document.querySelector("[data-trace-status]");
    var result = document.querySelector("[data-trace-result]");
    function say(text) { status.textContent = text; }
    function show(rows) {
      result.textContent = "";
      rows.forEach(function (row) {
        var dt = document.createElement("dt");
        dt.textContent = row[0];
        var dd = document.createElement("dd");
        dd.textContent = row[1];
        result.appendChild(dt);
        result.appendChild(dd);
      });
      result.hidden = rows.length === 0;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show([]);
      var recording = form.elements.recording.value.trim();
      var file = form.elements.file.files[0];
      if (!/^[0-9]+$/.test(recording)) { say("A recording is given by its number."); return; }
      if (!file) { say("Choose the leaked file."); return; }
      if (file.size > Number(form.getAttribute("data-max"))) {
        say("The file is larger than a trace accepts; cut it to the part that matters.");
        return;
      }
      say("Tracing " + file.name + "…");
      fetch("/api/v1/recordings/" + recording + "/trace", {
        method: "POST",
        body: file,
        credentials: "same-origin",
        headers: { "Content-Type": "application/octet-stream", "X-CSRF-TOKEN": form.getAttribute("data-csrf") }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; },
          function () { return { ok: false, body: { error: "The server answered " + response.status + "." } }; });
      }).then(function (answer) {
        if (!answer.ok) { say(answer.body.error || "The trace failed."); return; }
        var b = answer.body;
        say(b.message);
        show([
          ["Verdict", b.outcome],
          ["Viewer", b.username ? b.username + " (#" + b.viewerId + ")" : "no one"],
          ["Segments recognised", b.segments + " (about " + b.segmentsNeeded + " needed)"],
          ["Agreements of the best / next viewer", b.agreements + " / " + b.runnerUpAgreements],
          ["Chance of a false accusation", String(b.coincidence)],
          ["Viewers served this recording", String(b.candidates)]
        ]);
      }, function () { say("The upload failed; check the connection and try again."); });
    });
  });
})();
