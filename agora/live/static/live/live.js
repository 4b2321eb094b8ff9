/* Live sessions: keeps a page's #live-panel current over a WebSocket, and falls back to
   polling every 3 seconds when WebSockets are blocked. Every message carries the room's whole
   state: counts are updated in place; when what is drawn changes (an interaction opened, a new
   word, a question approved) the panel is fetched again from the server, which renders it.
   Participants' forms are sent over the socket when it is open, else posted with fetch; without
   JavaScript they are ordinary forms. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-socket]");
  if (!root) { return; }
  var status = document.getElementById("live-status");
  var panelUrl = root.getAttribute("data-live-panel-url");
  var socketPath = root.getAttribute("data-live-socket");
  var socket = null;
  var connected = false;
  var pollTimer = null;
  var retryDelay = 1000;
  var fetching = false;
  var fetchAgain = false;
  var pending = {};
  var nextRef = 1;

  function panel() { return document.getElementById("live-panel"); }
  function say(message) { if (status && message) { status.textContent = message; } }

  function refresh() {
    if (fetching) { fetchAgain = true; return; }
    fetching = true;
    fetch(panelUrl, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { replacePanel(html); } })
      .catch(function () {})
      .then(function () {
        fetching = false;
        if (fetchAgain) { fetchAgain = false; refresh(); }
      });
  }

  function replacePanel(html) {
    var current = panel();
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.querySelector("#live-panel");
    if (!current || !fresh) { return; }
    // Keep what someone is typing, and where their focus is.
    var typed = {};
    current.querySelectorAll("input[type=text], textarea").forEach(function (field) {
      if (field.value) { typed[field.id] = field.value; }
    });
    var focused = document.activeElement && current.contains(document.activeElement) ? document.activeElement.id : null;
    current.replaceWith(fresh);
    Object.keys(typed).forEach(function (id) {
      var field = document.getElementById(id);
      if (field) { field.value = typed[id]; }
    });
    if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
  }

  function setText(selector, value) {
    document.querySelectorAll(selector).forEach(function (node) { node.textContent = String(value); });
  }

  function applyState(state) {
    var current = panel();
    if (!current) { return; }
    if (current.getAttribute("data-layout") !== state.layout) { refresh(); return; }
    state.interactions.forEach(function (item) {
      if (item.tally) {
        setText('[data-answers="' + item.id + '"]', item.tally.answers);
        if (item.tally.mean !== null) { setText('[data-mean="' + item.id + '"]', item.tally.mean); }
        item.tally.rows.forEach(function (row, index) {
          var key = item.id + "-" + index;
          setText('[data-count="' + key + '"]', row[1]);
          document.querySelectorAll('[data-bar="' + key + '"]').forEach(function (bar) {
            bar.max = item.tally.largest || 1;
            bar.value = row[1];
          });
        });
      }
      (item.questions || []).forEach(function (question) {
        setText('[data-votes="' + question.id + '"]', question.votes);
      });
    });
  }

  function startPolling() {
    if (pollTimer === null) { pollTimer = window.setInterval(refresh, 3000); }
  }
  function stopPolling() {
    if (pollTimer !== null) { window.clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + socketPath);
    } catch (error) {
      startPolling();
      return;
    }
    socket.addEventListener("open", function () {
      connected = true;
      retryDelay = 1000;
      stopPolling();
      root.setAttribute("data-live-connected", "true");
    });
    socket.addEventListener("message", function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "state") { applyState(message); }
      else if (message.type === "ack" || message.type === "refused") { settle(message); }
    });
    socket.addEventListener("close", function () {
      var wasConnected = connected;
      connected = false;
      root.setAttribute("data-live-connected", "false");
      if (wasConnected) { say(root.getAttribute("data-live-connection-lost")); }
      Object.keys(pending).forEach(function (ref) { pending[ref].fallback(); });
      pending = {};
      startPolling();
      // Try again later; on success the server sends the whole current state.
      window.setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  function settle(message) {
    var waiting = pending[message.ref];
    if (!waiting) { return; }
    delete pending[message.ref];
    if (message.type === "ack") {
      say(root.getAttribute("data-live-sent"));
      waiting.form.reset();
      refresh();
    } else {
      say(message.message);
    }
  }

  function valueOf(form) {
    var kind = form.getAttribute("data-kind");
    var data = new FormData(form);
    if (kind === "choice") { return data.getAll("choice").map(Number); }
    if (kind === "rating") { return Number(data.get("rating")); }
    if (kind === "words") { return String(data.get("words") || ""); }
    if (kind === "ranking") {
      var ranks = [];
      form.querySelectorAll("select").forEach(function (select) { ranks.push(Number(select.value)); });
      var sorted = ranks.slice().sort(function (a, b) { return a - b; });
      for (var i = 0; i < sorted.length; i += 1) {
        if (sorted[i] !== i + 1) { return null; }
      }
      return ranks.map(function (rank, index) { return [rank, index]; })
        .sort(function (a, b) { return a[0] - b[0]; })
        .map(function (pair) { return pair[1]; });
    }
    return null;
  }

  function postForm(form) {
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "HX-Request": "true" }
    }).then(function (response) {
      return response.text().then(function (text) {
        say(text);
        if (response.ok) { form.reset(); }
        refresh();
      });
    }).catch(function () { form.submit(); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var kind = form.getAttribute && form.getAttribute("data-live-send");
    if (!kind || !root.contains(form)) { return; }
    event.preventDefault();
    if (!connected) { postForm(form); return; }
    var ref = String(nextRef++);
    var message = { type: kind, ref: ref };
    if (kind === "answer") {
      message.interaction = Number(form.getAttribute("data-interaction"));
      message.value = valueOf(form);
      if (message.value === null) { say(form.getAttribute("data-repeated")); return; }
    } else if (kind === "question") {
      message.interaction = Number(form.getAttribute("data-interaction"));
      message.text = String(new FormData(form).get("text") || "");
    } else if (kind === "upvote") {
      message.question = Number(form.getAttribute("data-question"));
    }
    pending[ref] = { form: form, fallback: function () { postForm(form); } };
    socket.send(JSON.stringify(message));
  });

  var fullScreen = document.querySelector("[data-live-fullscreen]");
  if (fullScreen && document.documentElement.requestFullscreen) {
    fullScreen.addEventListener("click", function () {
      document.documentElement.requestFullscreen().catch(function () {});
    });
  }

  connect();
})();
