// Next/previous search match on the article page. The links work without
// this script (they go to the last and first match); with it they follow the
// match shown last, and the keys n and p do the same.
(function () {
  "use strict";
  var marks = document.querySelectorAll("mark[id^='hit-']");
  var steps = document.querySelectorAll(".hit-step");
  if (!marks.length || !steps.length) return;
  var current = 0; // 1-based number of the match shown last; 0 before any

  function shown() {
    var match = /^#hit-(\d+)$/.exec(window.location.hash);
    return match ? Number(match[1]) : current;
  }

  function target(step) {
    var from = shown();
    if (from === 0) return step > 0 ? 1 : marks.length;
    return ((from - 1 + step + marks.length) % marks.length) + 1;
  }

  function refresh() {
    current = shown();
    steps.forEach(function (link) {
      link.setAttribute("href", "#hit-" + target(Number(link.dataset.step)));
    });
  }

  function go(step) {
    window.location.hash = "hit-" + target(step);
  }

  window.addEventListener("hashchange", refresh);
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (typing) return;
    if (event.key === "n") go(1);
    else if (event.key === "p") go(-1);
  });
  var hint = document.querySelector(".key-hint");
  if (hint) hint.hidden = false;
  refresh();
})();
