// The side-by-side page: each text opens at its first shared passage (on a laptop, where
// each column scrolls on its own), and a passage clicked in one text brings the same
// passage of the other into view. Without it the page reads the same, scrolled by hand.
(function () {
  "use strict";

  function sides() {
    return Array.prototype.slice.call(document.querySelectorAll(".overlap-text"));
  }

  function reveal(container, mark) {
    if (container.scrollHeight > container.clientHeight + 1) {
      container.scrollTop = Math.max(0, mark.offsetTop - 16);
    } else {
      mark.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    sides().forEach(function (container) {
      var first = container.querySelector("mark");
      if (first && container.scrollHeight > container.clientHeight + 1) {
        container.scrollTop = Math.max(0, first.offsetTop - 16);
      }
    });
    sides().forEach(function (container, index) {
      container.addEventListener("click", function (event) {
        var mark = event.target.closest("mark[data-passage]");
        var other = sides()[1 - index];
        if (!mark || !other) {
          return;
        }
        var twin = other.querySelector('mark[data-passage="' + mark.dataset.passage + '"]');
        if (twin) {
          reveal(other, twin);
        }
      });
    });
  });
})();
