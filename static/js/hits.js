// Next/previous search match on the article page. The links work without
// this script (they go to the last and first match); with it they follow the
// match shown last. No single-key shortcuts: they would fire while someone
// types or uses speech input, and could not be turned off (WCAG 2.1.4).
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

  window.addEventListener("hashchange", refresh);
  refresh();
})();
