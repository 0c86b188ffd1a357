// The incoming-message form: a pasted link fills in the channel and the link as it is typed. The
// server does the same on submit (and checks the link), so this only saves taps.
(function () {
  "use strict";
  var paste = document.querySelector("input[data-paste]");
  var channel = document.getElementById("channel");
  var link = document.getElementById("link");
  if (!paste || !channel || !link) return;
  var hosts = [
    [/(^|\.)instagram\.com$/, "instagram"], [/(^|\.)instagr\.am$/, "instagram"],
    [/(^|\.)facebook\.com$/, "facebook"], [/(^|\.)fb\.com$/, "facebook"], [/(^|\.)fb\.watch$/, "facebook"],
    [/(^|\.)x\.com$/, "x"], [/(^|\.)twitter\.com$/, "x"],
    [/(^|\.)tiktok\.com$/, "tiktok"],
    [/(^|\.)youtube\.com$/, "youtube"], [/(^|\.)youtu\.be$/, "youtube"]
  ];
  paste.addEventListener("input", function () {
    var url;
    try { url = new URL(paste.value.trim()); } catch (e) { return; }
    var host = url.hostname.toLowerCase();
    for (var i = 0; i < hosts.length; i++) {
      if (hosts[i][0].test(host)) {
        var value = hosts[i][1];
        if (value === "instagram" && url.pathname.indexOf("/stories/") === 0) value = "instagram-story";
        if (channel.querySelector('option[value="' + value + '"]')) channel.value = value;
        break;
      }
    }
    link.value = paste.value.trim();
  });
})();
