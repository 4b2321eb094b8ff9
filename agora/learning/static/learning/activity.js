// Activity pages: report the time the page is visible, and mark a video done when it ends.
// No inline script (CSP): everything here reads data- attributes set by the template.
(function () {
  "use strict";
  var article = document.querySelector("article.activity[data-time-url]");
  if (!article) { return; }
  var tokenInput = article.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var timeUrl = article.getAttribute("data-time-url");
  var counted = 0;          // seconds visible, not yet reported
  var REPORT_EVERY = 60;    // seconds

  function form(seconds) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    data.append("seconds", String(seconds));
    return data;
  }

  function report(useBeacon) {
    if (counted < 1) { return; }
    var seconds = counted;
    counted = 0;
    if (useBeacon && navigator.sendBeacon) {
      navigator.sendBeacon(timeUrl, form(seconds));
    } else {
      fetch(timeUrl, { method: "POST", body: form(seconds), credentials: "same-origin" });
    }
  }

  setInterval(function () {
    if (document.visibilityState === "visible") {
      counted += 1;
      if (counted >= REPORT_EVERY) { report(false); }
    }
  }, 1000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { report(true); }
  });
  window.addEventListener("pagehide", function () { report(true); });

  var video = article.querySelector("video[data-done-url]");
  if (video && video.getAttribute("data-done") !== "yes") {
    video.addEventListener("ended", function () {
      fetch(video.getAttribute("data-done-url"), {
        method: "POST",
        body: form(0),
        credentials: "same-origin",
        headers: { "HX-Request": "true" }
      }).then(function (response) {
        if (response.ok) { window.location.reload(); }
      });
    }, { once: true });
  }
})();
