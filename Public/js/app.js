// Warta: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // Ask before destructive actions (forms marked data-confirm).
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Guard against double submits: a second click while the first request is on its way does nothing.
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // A refused form: take keyboard and screen-reader focus to the list of problems.
  document.addEventListener("DOMContentLoaded", function () {
    var problems = document.querySelector("main .error[role=alert]");
    if (problems) {
      problems.setAttribute("tabindex", "-1");
      problems.focus();
    }
  });

  // Copy buttons: the exact caption to paste on a platform. Shown only where the clipboard works.
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.clipboard) { return; }
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        navigator.clipboard.writeText(source.value).then(function () {
          button.textContent = button.getAttribute("data-copied");
          window.setTimeout(function () { button.textContent = label; }, 2000);
        }, function () {
          source.select(); // fall back to a selection the person copies by hand
        });
      });
    });
  });

  // A delegation cannot end before it starts: keep the end date's minimum on the start date.
  document.addEventListener("DOMContentLoaded", function () {
    var starts = document.getElementById("starts_on");
    var ends = document.getElementById("ends_on");
    if (!starts || !ends) { return; }
    starts.addEventListener("change", function () {
      ends.min = starts.value;
      if (ends.value && ends.value < starts.value) { ends.value = starts.value; }
    });
  });

  // Coming back with the Back button restores the page from cache: let its forms work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
    });
  });
})();
