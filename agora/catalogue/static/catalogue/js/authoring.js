/* Agora authoring: drag and drop on top of the "Move up" / "Move down" buttons.
 *
 * Each reorderable list is <ol data-sortable data-reorder-url="…" data-csrf-token="…"
 * data-target="#structure">, its items <li data-id="…">, each with a handle
 * [data-handle-for="<the list's id>"]. On drop, the list's new order is POSTed; with htmx the
 * answer (the list again, and a status message for screen readers) is swapped in, without it
 * the page reloads. The buttons keep working for keyboard users and without scripts.
 */
(function () {
  "use strict";

  function cookie(name) {
    var prefix = name + "=";
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.indexOf(prefix) === 0) {
        return decodeURIComponent(part.slice(prefix.length));
      }
    }
    return "";
  }

  function save(list) {
    var ids = [];
    Array.prototype.forEach.call(list.children, function (item) {
      if (item.dataset.id) {
        ids.push(item.dataset.id);
      }
    });
    var token = list.dataset.csrfToken || cookie("csrftoken");
    var url = list.dataset.reorderUrl;
    if (window.htmx) {
      window.htmx.ajax("POST", url, {
        source: list,
        target: list.dataset.target || "#structure",
        swap: "outerHTML",
        values: { ids: ids.join(",") },
        headers: { "X-CSRFToken": token },
      });
      return;
    }
    var body = new URLSearchParams();
    body.append("ids", ids.join(","));
    window
      .fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token },
      })
      .then(function () {
        window.location.reload();
      });
  }

  function init(root) {
    if (!window.Sortable || !root || !root.querySelectorAll) {
      return;
    }
    var lists = Array.prototype.slice.call(root.querySelectorAll("[data-sortable]"));
    if (root.matches && root.matches("[data-sortable]")) {
      lists.push(root);
    }
    lists.forEach(function (list) {
      if (list.dataset.sortableReady) {
        return;
      }
      list.dataset.sortableReady = "true";
      list.classList.add("is-sortable");
      window.Sortable.create(list, {
        handle: '[data-handle-for="' + list.id + '"]',
        animation: 150,
        ghostClass: "is-dragged",
        onEnd: function (event) {
          if (event.oldIndex !== event.newIndex) {
            save(list);
          }
        },
      });
    });
  }

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      init(document.body);
    });
  }
})();
