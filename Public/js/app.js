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

  // A table or document wider than the screen scrolls in its own box: let the keyboard reach it
  // (a tab stop only while it overflows), named after its table's caption or heading.
  function focusableScrollers() {
    document.querySelectorAll(".table-wrap, .official-document, .preview-grid").forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (box.classList.contains("preview-grid")) { return; } // always a tab stop (set by the page)
      if (overflows && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-stop", "1");
        if (box.tagName === "DIV" && !box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          var caption = box.querySelector("caption, h1, h2");
          if (caption) { box.setAttribute("role", "group"); box.setAttribute("aria-label", caption.textContent.trim()); }
        }
      } else if (!overflows && box.getAttribute("data-scroll-stop") === "1") {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-stop");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);

  // Phones: the navigation folds behind a menu button (without this file it stays open).
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".menu-button");
    var menu = document.getElementById("site-menu");
    var header = document.querySelector(".site-header");
    if (!button || !menu || !header) { return; }
    var count = menu.querySelector(".count");
    if (count) { button.appendChild(count.cloneNode(true)); }
    button.hidden = false;
    header.classList.add("menu-ready");
    button.addEventListener("click", function () {
      var open = !menu.classList.contains("open");
      menu.classList.toggle("open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });

  // Disclosures marked data-remember (the calendar's "Saring") stay open or closed as last left.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("details[data-remember][id]").forEach(function (details) {
      var key = "warta.open." + details.id;
      try {
        var stored = window.localStorage.getItem(key);
        if (stored === "1") { details.open = true; }
        if (stored === "0" && !details.hasAttribute("open")) { details.open = false; }
        // Not chosen yet: open where the screen has room for it (the phone keeps it folded).
        if (stored === null && details.hasAttribute("data-open-wide") && window.matchMedia("(min-width: 40.0625rem)").matches) {
          details.dataset.autoOpened = "1"; // not the person's choice: not stored
          details.open = true;
        }
      } catch (e) { /* storage refused: the server's choice stands */ }
      details.addEventListener("toggle", function () {
        if (details.dataset.autoOpened === "1") { delete details.dataset.autoOpened; return; }
        try { window.localStorage.setItem(key, details.open ? "1" : "0"); } catch (e) { /* ignore */ }
      });
    });
  });

  // "Cetak": a phone has no Ctrl+P.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });

  // The month calendar on a phone: tap a day to list its entries under the compact grid.
  document.addEventListener("DOMContentLoaded", function () {
    var grid = document.querySelector("table.month-grid");
    if (!grid) { return; }
    var panel = document.createElement("section");
    panel.className = "day-panel";
    panel.id = "day-panel";
    panel.setAttribute("aria-live", "polite");
    grid.parentNode.insertBefore(panel, grid.nextSibling);
    var cells = Array.prototype.slice.call(grid.querySelectorAll("td[data-day]"));
    function choose(cell) {
      cells.forEach(function (c) { c.classList.toggle("chosen", c === cell); });
      var number = cell.querySelector(".day-number");
      var label = number ? (number.getAttribute("data-label") || number.getAttribute("title") || "") : cell.getAttribute("data-day");
      panel.textContent = "";
      var heading = document.createElement("h2");
      heading.textContent = label;
      panel.appendChild(heading);
      var entries = cell.querySelector(".entries");
      var list = entries ? entries.cloneNode(true) : document.createElement("ul");
      list.className = "entries wide";
      panel.appendChild(list);
      if (!list.children.length) {
        var none = document.createElement("p");
        none.className = "muted";
        none.textContent = grid.getAttribute("data-nothing") || "";
        panel.appendChild(none);
      }
      var create = cell.querySelector(".create-link");
      if (create) {
        var p = document.createElement("p");
        var link = create.cloneNode(true);
        link.className = "create-link";
        link.removeAttribute("title");
        link.textContent = "+ " + (grid.getAttribute("data-create") || "");
        p.appendChild(link);
        panel.appendChild(p);
      }
      panel.setAttribute("data-day", cell.getAttribute("data-day"));
    }
    cells.forEach(function (cell) {
      var number = cell.querySelector(".day-number");
      if (!number) { return; }
      var count = cell.querySelectorAll(".entry").length;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "day-button";
      button.textContent = number.textContent;
      button.setAttribute("aria-label", (number.getAttribute("title") || "") + (count ? " (" + count + ")" : ""));
      number.setAttribute("data-label", number.getAttribute("title") || "");
      number.removeAttribute("title");
      number.textContent = "";
      number.appendChild(button);
      button.addEventListener("click", function () { choose(cell); });
    });
    var first = grid.querySelector("td.today") || cells.filter(function (c) { return !c.classList.contains("outside"); })[0];
    if (first) { choose(first); }
  });

  // Dates in words beside date and time fields, always in Indonesian ("Kamis, 3 Desember 2026
  // pukul 13.00 WIB"), whatever the browser's own language makes of the field (an English browser
  // shows "12/03/2026", which an Indonesian reads as 12 March). The server writes the same words
  // (DateText.fieldWords) in output.date-words; here they follow the value, and a date field
  // without its output gets one.
  var DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
  function dateWords(value, zone) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value || "");
    if (!m) { return ""; }
    var year = +m[1], month = +m[2], day = +m[3];
    var weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (month < 1 || month > 12 || isNaN(weekday)) { return ""; }
    var text = DAYS[weekday] + ", " + day + " " + MONTHS[month - 1] + " " + year;
    if (m[4] !== undefined) { text += " pukul " + m[4] + "." + m[5] + (zone ? " " + zone : ""); }
    return text;
  }
  window.WartaDates = { words: dateWords };
  document.addEventListener("DOMContentLoaded", function () {
    var zoneSource = document.querySelector("output.date-words[data-zone]");
    var zone = zoneSource ? zoneSource.getAttribute("data-zone") : "";
    document.querySelectorAll('input[type="date"][id], input[type="datetime-local"][id]').forEach(function (field) {
      var output = document.querySelector('output.date-words[for="' + field.id + '"]');
      if (!output) {
        output = document.createElement("output");
        output.className = "date-words";
        output.htmlFor = field.id;
        field.insertAdjacentElement("afterend", output);
      }
      var ownZone = output.getAttribute("data-zone") || zone;
      function update() { output.textContent = dateWords(field.value, ownZone); }
      field.addEventListener("input", update);
      field.addEventListener("change", update);
      update();
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
