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

  // A disclosure button shows and hides the element its aria-controls names (a unit's
  // children in the organisation tree, which htmx loads on the first click), for buttons
  // swapped in later too.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.disclosure[aria-controls]");
    const panel = button && document.getElementById(button.getAttribute("aria-controls"));
    if (panel) {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
    }
  });

  // On a phone the navigation folds behind the "Menu" button (site.css, .nav-collapsible) so
  // the header keeps to one line; without this script the button stays hidden and the
  // navigation shows in full.
  const header = document.querySelector(".site-header");
  const toggle = document.querySelector(".nav-toggle");
  if (header && toggle) {
    header.classList.add("nav-collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      header.classList.toggle("nav-open", open);
    });
  }

  // Tables as cards: under 40rem site.css lays out each row of a `table.cards` as a card of
  // "heading: value" lines. Here, once for every table (and for those htmx swaps in later),
  // each cell gets its column's heading in data-label. A table of one or two columns reads
  // well as it is; a table opts out with data-cards="off" (a matrix, say).
  function columnHeadings(table) {
    // Every header row, spans included: a grouped heading and its sub-heading join.
    const headings = [];
    const taken = [];
    Array.from(table.tHead.rows).forEach(function (row, rowIndex) {
      let column = 0;
      Array.from(row.cells).forEach(function (cell) {
        while (taken[rowIndex] && taken[rowIndex][column]) {
          column += 1;
        }
        const text = cell.textContent.replace(/\s+/g, " ").trim();
        for (let c = column; c < column + cell.colSpan; c += 1) {
          for (let r = rowIndex; r < rowIndex + cell.rowSpan; r += 1) {
            taken[r] = taken[r] || [];
            taken[r][c] = true;
          }
          if (text && headings[c] !== text) {
            headings[c] = headings[c] ? headings[c] + " — " + text : text;
          }
        }
        column += cell.colSpan;
      });
      // Columns whose heading is empty (actions, say) still count.
      while (headings.length < column) {
        headings.push("");
      }
    });
    return headings;
  }

  function labelTable(table) {
    if (table.dataset.cards === "off" || !table.tHead) {
      return;
    }
    const headings = columnHeadings(table);
    if (headings.length < 3) {
      return;
    }
    table.classList.add("cards");
    Array.from(table.tBodies)
      .concat(table.tFoot ? [table.tFoot] : [])
      .forEach(function (section) {
        Array.from(section.rows).forEach(function (row) {
          let column = 0;
          Array.from(row.cells).forEach(function (cell) {
            // A row heading is the card's title; a cell across columns has no one heading.
            if (cell.tagName === "TD" && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
              cell.dataset.label = headings[column] || "";
            }
            column += cell.colSpan;
          });
        });
      });
  }

  function labelTables(root) {
    const within = root.closest ? root.closest("table") : null;
    if (within) {
      labelTable(within);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("table").forEach(labelTable);
    }
  }

  labelTables(document);
  document.addEventListener("htmx:load", function (event) {
    labelTables(event.detail.elt);
  });
})();
