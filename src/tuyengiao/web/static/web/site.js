// Small progressive enhancements for the shell; every page works without them.
(function () {
  "use strict";

  // Close an open <details class="user-menu"> when the user clicks elsewhere or presses Escape,
  // as people expect of a drop-down menu.
  function closeMenus(except) {
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (menu !== except) {
        menu.open = false;
      }
    });
  }

  // The language switch deliberately keeps its button and does not submit on "change": with
  // the keyboard, arrowing through a closed <select> fires "change" at every step (WCAG 3.2.2).

  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest("details.user-menu"));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    const open = document.querySelector("details.user-menu[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
