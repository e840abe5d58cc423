// Plays the preview playlist with hls.js wherever Media Source Extensions exist, natively elsewhere (iOS Safari).
// hls.js comes first: some browsers claim native HLS but cannot play an EVENT playlist with a discontinuity.
// Nothing here is about access or the watermark: the server does both.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var video = document.querySelector("video[data-hls]");
    if (!video) return;
    var url = video.getAttribute("data-hls");
    var status = document.querySelector("[data-preview-status]");
    function say(text) { if (status) status.textContent = text; }
    if (window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls({ startPosition: 0 });
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (!data.fatal) return;
        if (data.response && data.response.code === 403) {
          say("This preview is not yours or your access has expired. Open it again from the recordings page.");
        } else if (data.response && data.response.code === 503) {
          say("Previews are not available on this server right now.");
        } else if (data.response && data.response.code === 429) {
          say("Every preview slot is busy. Try again in a few seconds.");
        } else {
          say("The preview could not be played (" + data.details + ").");
        }
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = url;
    } else {
      say("This browser cannot play HLS video.");
    }
  });
})();
