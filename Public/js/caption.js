// Warta: the live caption counter.
//
// The server counts the caption's plain text (what gets posted: no Markdown syntax, links as their
// URL, line breaks kept) in user-perceived characters, through cmark. This file mirrors that rule
// for the Markdown people write in captions, so the number updates as they type. The server stays
// the judge; Tests/shared/caption-cases.json holds the cases both must agree on.
(function () {
  "use strict";

  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

  /** Characters as people see them: an emoji with its modifiers or a flag counts once. */
  function count(text) {
    if (!segmenter) { return Array.from(text.normalize("NFC")).length; }
    var n = 0;
    var iterator = segmenter.segment(text)[Symbol.iterator]();
    while (!iterator.next().done) { n += 1; }
    return n;
  }

  var punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  /** Inline Markdown to text: code spans, escapes, autolinks, links and images as URLs, emphasis and raw HTML dropped. */
  function inline(text) {
    var out = "";
    var i = 0;
    while (i < text.length) {
      var c = text[i];
      if (c === "\\" && i + 1 < text.length && punctuation.indexOf(text[i + 1]) >= 0) {
        out += "\u0000" + text[i + 1]; // protected from the emphasis pass below
        i += 2;
        continue;
      }
      if (c === "`") {
        var ticks = /^`+/.exec(text.slice(i))[0];
        var close = text.indexOf(ticks, i + ticks.length);
        if (close > 0) {
          var code = text.slice(i + ticks.length, close).replace(/\n/g, " ");
          if (/^ .* $/.test(code) && code.trim() !== "") { code = code.slice(1, -1); }
          out += code.replace(/[*_<\[\]\\`]/g, function (m) { return "\u0000" + m; });
          i = close + ticks.length;
          continue;
        }
      }
      if (c === "<") {
        var auto = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/.exec(text.slice(i));
        if (auto) { out += protect(auto[1]); i += auto[0].length; continue; }
        var tag = /^<\/?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?\/?>/.exec(text.slice(i));
        if (tag) { i += tag[0].length; continue; }
      }
      if (c === "[" || (c === "!" && text[i + 1] === "[")) {
        var link = /^!?\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s()<>]*)>?(?:\s+("[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/.exec(text.slice(i));
        if (link) { out += protect(link[2]); i += link[0].length; continue; }
      }
      out += c;
      i += 1;
    }
    return emphasis(out).replace(/\u0000/g, "");
  }

  function protect(text) { return text.replace(/[*_]/g, function (m) { return "\u0000" + m; }); }

  /** Drops emphasis delimiters that pair up. `_` does not open or close inside a word. */
  function emphasis(text) {
    var previous;
    do {
      previous = text;
      text = text.replace(/(^|[^\u0000*])\*\*(?=\S)([\s\S]*?\S)\*\*/g, "$1$2")
        .replace(/(^|[^\u0000\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, "$1$2")
        .replace(/(^|[^\u0000*])\*(?=[^\s*])([\s\S]*?[^\s\u0000*])\*(?!\*)/g, "$1$2")
        .replace(/(^|[^\u0000\w])_(?=[^\s_])([\s\S]*?[^\s\u0000_])_(?!\w)/g, "$1$2");
    } while (text !== previous);
    return text;
  }

  /** The caption as it gets posted. */
  function plainText(markdown) {
    var lines = markdown.replace(/\r\n?/g, "\n").split("\n");
    var blocks = []; // { kind: "para" | "item", text, tight }
    var paragraph = null;
    var list = null; // { ordered, next, items: [], blankInside }
    var fence = null;

    function flushParagraph() {
      if (paragraph !== null) { blocks.push({ kind: "para", text: inline(paragraph.join("\n")) }); paragraph = null; }
    }
    function flushList() {
      if (list) {
        list.items.forEach(function (item, index) {
          blocks.push({ kind: "item", text: item.marker + inline(item.lines.join("\n")), first: index === 0, tight: !list.loose });
        });
        list = null;
      }
    }

    for (var n = 0; n < lines.length; n += 1) {
      var line = lines[n];
      if (fence !== null) {
        if (/^\s*(```|~~~)/.test(line)) { blocks.push({ kind: "code", text: fence.join("\n") }); fence = null; } else { fence.push(line); }
        continue;
      }
      if (/^\s{0,3}(```|~~~)/.test(line)) { flushParagraph(); flushList(); fence = []; continue; }
      if (/^\s*$/.test(line)) {
        flushParagraph();
        if (list) { list.pendingBlank = true; }
        continue;
      }
      var heading = /^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
      if (heading) { flushParagraph(); flushList(); blocks.push({ kind: "para", text: inline(heading[1] || "") }); continue; }
      if (/^\s{0,3}((\*\s*){3,}|(-\s*){3,}|(_\s*){3,})$/.test(line)) { flushParagraph(); flushList(); continue; }
      var bullet = /^\s{0,3}([-*+])\s+(.*)$/.exec(line);
      var ordered = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/.exec(line);
      if (bullet || ordered) {
        flushParagraph();
        var isOrdered = !!ordered;
        if (!list || list.ordered !== isOrdered) {
          flushList();
          list = { ordered: isOrdered, next: isOrdered ? parseInt(ordered[1], 10) : 0, items: [], loose: false };
        } else if (list.pendingBlank) {
          list.loose = true;
        }
        list.pendingBlank = false;
        var marker = isOrdered ? (list.next++) + ". " : "\u2022 ";
        list.items.push({ marker: marker, lines: [(bullet || ordered)[2].trim()] });
        continue;
      }
      var text = line.replace(/^\s{0,3}>\s?/, "").replace(/^\s+/, "").replace(/\s+$/, "");
      if (list && !list.pendingBlank && paragraph === null) {
        list.items[list.items.length - 1].lines.push(text); // lazy continuation of the item
        continue;
      }
      flushList();
      if (paragraph === null) { paragraph = []; }
      paragraph.push(text);
    }
    if (fence !== null) { blocks.push({ kind: "code", text: fence.join("\n") }); }
    flushParagraph();
    flushList();

    var out = "";
    blocks.forEach(function (block) {
      if (out !== "") { out += block.kind === "item" && !block.first && block.tight ? "\n" : "\n\n"; }
      out += block.text;
    });
    return out.trim();
  }

  window.WartaCaption = { plainText: plainText, count: count };

  // The live counter under a caption field: the same number the server will compute.
  document.addEventListener("DOMContentLoaded", function () {
    var field = document.getElementById("caption");
    var counter = document.getElementById("caption-count");
    if (!field || !counter) { return; }
    var counters = [counter].concat(Array.prototype.slice.call(document.querySelectorAll(".platform-counts [data-limit]")));
    function update() {
      var n = count(plainText(field.value));
      counters.forEach(function (element) {
        element.querySelector(".count-value").textContent = String(n);
        element.classList.toggle("over", n > parseInt(element.getAttribute("data-limit"), 10));
      });
      counter.setAttribute("data-count", String(n));
      counter.setAttribute("data-caption-count", String(n));
      // Over the limit: say in words how many characters to cut (a live region reads it out).
      var cut = counter.querySelector(".cut-text");
      if (cut) {
        var excess = n - parseInt(counter.getAttribute("data-limit"), 10);
        cut.hidden = !(excess > 0);
        cut.querySelector(".cut-value").textContent = excess > 0 ? String(excess) : "";
      }
    }
    // A platform's count shows while its channel is ticked.
    function showChosenChannels() {
      document.querySelectorAll(".platform-counts [data-channel]").forEach(function (element) {
        var box = document.querySelector('input[name="channels"][value="' + element.getAttribute("data-channel") + '"]');
        element.hidden = !(box && box.checked);
      });
    }
    field.addEventListener("input", update);
    document.querySelectorAll('input[name="channels"]').forEach(function (box) { box.addEventListener("change", showChosenChannels); });
    update();
    showChosenChannels();
  });
})();
