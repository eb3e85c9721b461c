/* Search with Pagefind, only on the search page and only where JavaScript runs.
   Everything is loaded from this site: the site root is found from this script's own address,
   so the search works wherever the site is served (a domain root or any folder below it). */
(function () {
  "use strict";
  var script = document.currentScript;
  var target = document.getElementById("zoekresultaten");
  var form = document.querySelector("[data-zoeken-formulier]");
  if (!script || !target || !form || !window.URL) {
    return;
  }
  var root = new URL("../", script.src);
  var bundle = new URL("pagefind/", root);

  var styles = document.createElement("link");
  styles.rel = "stylesheet";
  styles.href = new URL("pagefind-ui.css", bundle).href;
  document.head.appendChild(styles);

  var loader = document.createElement("script");
  loader.src = new URL("pagefind-ui.js", bundle).href;
  loader.onload = function () {
    /* global PagefindUI */
    var ui = new PagefindUI({
      element: "#zoekresultaten",
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      showImages: false,
      resetStyles: false,
      autofocus: true,
      translations: JSON.parse(target.getAttribute("data-vertalingen") || "{}")
    });
    form.hidden = true;
    target.hidden = false;
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  };
  document.head.appendChild(loader);
}());
