// Shared enhancements of form controls; every form works without them.
//  - Date boxes (input[data-date-input]) take dd/mm/yyyy; a button opens the browser's
//    calendar and writes the chosen day back as dd/mm/yyyy, and "3/6/2026" or "03062026"
//    is tidied to "03/06/2026" on leaving the box.
//  - A long list of choices (more than LONG options: 360 units) gets a search box above it
//    that filters as you type, without diacritics ("lung suong" finds "Lũng Sương").
(function () {
  "use strict";

  var LONG = 30;
  // The words shown come from the page, in its language (data-* of this script's tag, which
  // web/base.html fills through {% translate %}): none is written here, in either language.
  var script = document.currentScript;
  var words = (script && script.dataset) || {};
  var TEXT = {
    calendar: words.calendar || "",
    filter: words.filter || "",
    filterLabel: words.filterLabel || "",
    results: words.results || "",
  };

  // --- dates ------------------------------------------------------------------------

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function tidyDate(text) {
    var t = text.trim();
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(t);
    if (!m) {
      m = /^(\d{2})(\d{2})(\d{4})$/.exec(t);
    }
    if (m) {
      return pad(+m[1]) + "/" + pad(+m[2]) + "/" + m[3];
    }
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    return m ? m[3] + "/" + m[2] + "/" + m[1] : text;
  }

  function toIso(text) {
    var m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(tidyDate(text));
    return m ? m[3] + "-" + m[2] + "-" + m[1] : "";
  }

  var SVG = "http://www.w3.org/2000/svg";

  function calendarIcon() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "date-input-icon");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    // A page of a calendar: its frame, the two rings on top, the line under its heading.
    [
      ["rect", { x: "3", y: "4", width: "18", height: "17", rx: "2" }],
      ["path", { d: "M8 2v4M16 2v4M3 10h18" }],
      ["path", { d: "M7 14h2M11 14h2M15 14h2M7 17.5h2M11 17.5h2" }],
    ].forEach(function (part) {
      var shape = document.createElementNS(SVG, part[0]);
      Object.keys(part[1]).forEach(function (name) {
        shape.setAttribute(name, part[1][name]);
      });
      svg.appendChild(shape);
    });
    return svg;
  }

  function enhanceDate(input) {
    if (input.dataset.enhanced) {
      return;
    }
    input.dataset.enhanced = "1";
    input.addEventListener("blur", function () {
      var tidy = tidyDate(input.value);
      if (tidy !== input.value) {
        input.value = tidy;
      }
    });
    var calendar = document.createElement("input");
    calendar.type = "date";
    calendar.tabIndex = -1;
    calendar.className = "date-input-calendar";
    calendar.setAttribute("aria-hidden", "true");
    if (typeof calendar.showPicker !== "function") {
      return; // no way to open it: the text box alone is enough
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "date-input-button button-secondary";
    // Drawn, not a character: phone fonts often lack the calendar emoji, leaving a box.
    button.appendChild(calendarIcon());
    var label = TEXT.calendar;
    button.title = label;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", function () {
      calendar.value = toIso(input.value);
      try {
        calendar.showPicker();
      } catch (error) {
        input.focus();
      }
    });
    calendar.addEventListener("change", function () {
      if (calendar.value) {
        input.value = tidyDate(calendar.value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    var wrap = document.createElement("span");
    wrap.className = "date-input-wrap";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(calendar);
  }

  // --- long choice lists --------------------------------------------------------------

  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  var counter = 0;

  function enhanceSelect(select) {
    if (select.dataset.enhanced || select.options.length <= LONG || select.disabled) {
      return;
    }
    select.dataset.enhanced = "1";
    counter += 1;
    var box = document.createElement("input");
    box.type = "search";
    box.id = (select.id || "choices-" + counter) + "-filter";
    box.className = "choice-filter";
    box.autocomplete = "off";
    box.placeholder = TEXT.filter;
    var name = select.labels && select.labels.length ? select.labels[0].textContent.trim() : "";
    box.setAttribute("aria-label", TEXT.filterLabel + (name ? ": " + name : ""));
    box.setAttribute("aria-controls", select.id || "");
    var status = document.createElement("span");
    status.className = "choice-filter-status visually-hidden";
    status.setAttribute("role", "status");
    var folded = Array.prototype.map.call(select.options, function (option) {
      return fold(option.textContent);
    });

    function filter() {
      var typed = fold(box.value).split(" ").filter(Boolean);
      var first = null;
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option, index) {
        var match = typed.every(function (word) {
          return folded[index].indexOf(word) !== -1;
        });
        option.hidden = !match;
        if (match) {
          shown += 1;
          if (first === null && option.value !== "") {
            first = option;
          }
        }
      });
      status.textContent = typed.length ? shown + " " + TEXT.results : "";
      // A single choice follows the search, so that typing then pressing Enter picks.
      if (!select.multiple && typed.length && first && select.selectedOptions[0] !== first) {
        first.selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    box.addEventListener("input", filter);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter picks, it does not send the form half filled.
        event.preventDefault();
        select.focus();
      }
    });
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select);
  }

  function enhance(root) {
    if (root.matches && root.matches("input[data-date-input]")) {
      enhanceDate(root);
    }
    if (root.matches && root.matches("select")) {
      enhanceSelect(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("input[data-date-input]").forEach(enhanceDate);
      root.querySelectorAll("select").forEach(enhanceSelect);
    }
  }

  // The page now (the script is deferred: the document is parsed), then every part htmx
  // swaps in, through the hook site.js uses too; each box is enhanced once.
  enhance(document);
  document.addEventListener("htmx:load", function (event) {
    enhance(event.detail.elt);
  });
})();
