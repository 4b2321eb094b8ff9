/* The header's "Menu" button on phones (base.html, agora.css).
 *
 * Progressive enhancement: the button ships `hidden` and without `aria-expanded`, so without
 * this script the menu is simply shown. Once the button has `aria-expanded`, the stylesheet folds
 * the menu behind it on narrow screens ("false" hides it); on wide screens the button is not shown
 * and the menu is always there, so `aria-expanded` is the one state both the CSS and assistive
 * technologies read. The menu is the element named by the button's `aria-controls`.
 */
(function () {
  "use strict";

  function setUp(button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) {
      return;
    }

    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }

    setOpen(false);
    button.hidden = false;

    button.addEventListener("click", function () {
      setOpen(!isOpen());
    });

    // Escape folds the menu and puts the keyboard back on the button, as for any disclosure;
    // only while the keyboard is in the menu or on the button, so as not to move it from elsewhere.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !isOpen()) {
        return;
      }
      var focused = document.activeElement;
      if (focused !== button && !menu.contains(focused)) {
        return;
      }
      setOpen(false);
      // On wide screens the button is not shown: the menu stays in view and so does the focus.
      if (button.getClientRects().length > 0) {
        button.focus();
      }
    });
  }

  document.querySelectorAll("[data-menu-toggle]").forEach(setUp);
})();
