// StreamVCR page helpers. Pages work without this file; it only adds local times and live progress.
(function () {
  "use strict";

  // Show server times (ISO in datetime=) in the browser's own time zone.
  function localTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (!isNaN(d)) { el.textContent = d.toLocaleString(); el.title = el.getAttribute("datetime"); }
    });
  }

  // The booking form sends local date-times; tell the server which zone they are in.
  function bookingZone() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll("[data-time-zone]").forEach(function (el) { el.value = zone; });
    document.querySelectorAll("[data-zone-hint]").forEach(function (el) { el.textContent = "Times are in your time zone (" + zone + ")."; });
    // an edit form's times, filled in the server's zone, are shown in the browser's
    document.querySelectorAll("input[data-instant]").forEach(function (el) {
      var d = new Date(el.getAttribute("data-instant"));
      if (!isNaN(d)) { el.value = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); }
    });
    var start = document.querySelector("input[name=startAt]");
    if (start && !start.value) {
      var soon = new Date(Date.now() + 5 * 60000);
      soon.setSeconds(0, 0);
      start.value = new Date(soon.getTime() - soon.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    }
  }

  function bytes(n) {
    var units = ["B", "KB", "MB", "GB", "TB"], i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0)) + " " + units[i];
  }
  function clock(s) {
    s = Math.floor(s);
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
    var mm = (h > 0 && m < 10 ? "0" : "") + m, rr = (r < 10 ? "0" : "") + r;
    return (h > 0 ? h + ":" : "") + mm + ":" + rr;
  }
  function bitrate(b) { return b >= 1e6 ? (b / 1e6).toFixed(2) + " Mbit/s" : Math.floor(b / 1000) + " kbit/s"; }

  // Live progress on a reservation page: server-sent events once a second; a new state or a stop asked for elsewhere
  // reloads the page. A page that shows "Stopping…" keeps listening, so it shows the end of the recording too.
  function live() {
    var card = document.querySelector("[data-live]");
    if (!card || !window.EventSource) return;
    var state = card.getAttribute("data-state"), history = card.getAttribute("data-history");
    var stopping = card.getAttribute("data-stopping") === "true";
    var source = new EventSource(card.getAttribute("data-live"));
    // Once the person is going elsewhere, a reload for news would take them back here: stop listening.
    window.addEventListener("beforeunload", function () { source.close(); });
    source.onmessage = function (event) {
      var r = JSON.parse(event.data);
      if (r.state !== state || String(r.history.length) !== history || r.stopRequested !== stopping) {
        source.close();
        location.reload();
        return;
      }
      // another attempt of the same wait says so without a new history line: show its words
      var reason = card.querySelector("[data-field=stateReason]");
      if (reason && (r.stateReason || "") !== reason.getAttribute("data-reason")) {
        reason.setAttribute("data-reason", r.stateReason || "");
        reason.textContent = r.stateReason || "";
      }
      if (r.progress) {
        set("bytes", bytes(r.progress.bytes));
        set("duration", clock(r.progress.durationSeconds));
        set("bitrate", bitrate(r.progress.bitrate));
      }
    };
    // The server ends the stream once the reservation is final; do not let the browser reconnect for ever.
    source.onerror = function () { source.close(); };
    function set(field, text) { var el = card.querySelector("[data-field=" + field + "]"); if (el) el.textContent = text; }
  }

  // A running recording's poster: asked for again every data-refresh seconds (the server makes a new one as often).
  function posters() {
    document.querySelectorAll("img[data-refresh]").forEach(function (img) {
      var base = img.getAttribute("src"), every = parseInt(img.getAttribute("data-refresh"), 10) * 1000;
      setInterval(function () { img.src = base + "?at=" + Date.now(); }, every);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { localTimes(document); bookingZone(); live(); posters(); });
})();
