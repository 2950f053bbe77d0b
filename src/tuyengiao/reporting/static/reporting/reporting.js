// The import page: the upload's progress, then a note while the server checks and writes.
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", function (event) {
    const bar = document.getElementById("upload-progress");
    if (!bar || !event.detail.lengthComputable) {
      return;
    }
    bar.value = Math.round((100 * event.detail.loaded) / event.detail.total);
    if (event.detail.loaded >= event.detail.total) {
      bar.removeAttribute("value"); // indeterminate: the server is at work
      document.getElementById("upload-stage").hidden = true;
      document.getElementById("check-stage").hidden = false;
    }
  });
  // The template links carry the chosen unit and period.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-template]");
    if (!link) {
      return;
    }
    const url = new URL(link.href, window.location.href);
    const unit = document.getElementById("template-unit");
    const period = document.getElementById("template-period");
    if (unit && unit.value) {
      url.searchParams.set("unit", unit.value);
    }
    if (period && period.value.trim()) {
      url.searchParams.set("period", period.value.trim());
    }
    link.href = url.toString();
  });
})();
