// Quiz pages: the countdown (announced politely to screen readers), one submission per click,
// and answers that failed to save (lost connection) sent again when the browser is back online.
// The server enforces the deadline and saves each answer; this only helps.
(function () {
  "use strict";

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function startTimer(box) {
    var deadline = Date.parse(box.dataset.deadline);
    if (isNaN(deadline)) { return; }
    var line = box.querySelector(".timer-line");
    var value = box.querySelector(".timer-value");
    var announcement = box.querySelector(".timer-announcement");
    var form = document.getElementById(box.dataset.form);
    var announced = {};
    line.hidden = false;

    function announce(key, text) {
      if (!announced[key]) {
        announced[key] = true;
        announcement.textContent = text;
      }
    }

    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      value.textContent = format(left);
      if (left <= 300 && left > 60) { announce("five", box.dataset.fiveMinutes); }
      if (left <= 60 && left > 0) { announce("one", box.dataset.oneMinute); }
      if (left === 0) {
        announce("up", box.dataset.timeUp);
        window.clearInterval(timer);
        if (form && !form.dataset.submitted) {
          form.dataset.submitted = "yes";
          form.submit();
        }
      }
    }
    var timer = window.setInterval(tick, 1000);
    tick();
  }

  function guardSubmission(form) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute("formaction")) { return; }
      if (form.dataset.submitted) { event.preventDefault(); return; }
      form.dataset.submitted = "yes";
    });
  }

  var unsaved = new Set();
  var offlineNote = null;

  document.addEventListener("htmx:sendError", function (event) {
    var fieldset = event.detail.elt.closest("fieldset.question");
    if (fieldset) { unsaved.add(fieldset); }
    if (offlineNote) { offlineNote.textContent = offlineNote.dataset.offline; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var fieldset = event.detail.elt.closest && event.detail.elt.closest("fieldset.question");
    if (fieldset && event.detail.successful) { unsaved.delete(fieldset); }
    if (offlineNote && unsaved.size === 0) { offlineNote.textContent = ""; }
  });
  window.addEventListener("online", function () {
    unsaved.forEach(function (fieldset) { window.htmx.trigger(fieldset, "change"); });
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".quiz-timer").forEach(startTimer);
    document.querySelectorAll("form.quiz-form").forEach(guardSubmission);
    offlineNote = document.querySelector(".quiz-offline");
  });
})();
