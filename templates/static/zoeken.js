/* Search with Pagefind, only on the search page and only where JavaScript runs.
   Everything is loaded from this site: the site root is found from this script's own address,
   so the search works wherever the site is served (a domain root or any folder below it).
   A big site's index comes in shards: pagefind/ is the first, pagefind/wijkgen-delen.json names the
   others, and Pagefind merges them into one search (mergeIndex). Without that list (a site built
   without search) the page stays as it is: the form and the list of every page. */
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

  function start(shards) {
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
        mergeIndex: shards.map(function (folder) {
          return { bundlePath: new URL(folder, bundle).pathname, baseUrl: root.pathname };
        }),
        showImages: false,
        resetStyles: false,
        autofocus: true,
        translations: JSON.parse(target.getAttribute("data-vertalingen") || "{}")
      });
      form.hidden = true;
      target.hidden = false;
      // What the reader typed in the plain form while the index loaded is searched, not lost.
      var typed = form.querySelector("input[name=q]");
      var query = new URLSearchParams(window.location.search).get("q") || (typed ? typed.value : "");
      if (query) {
        ui.triggerSearch(query);
      }
    };
    document.head.appendChild(loader);
  }

  if (!window.fetch) {
    return;
  }
  window.fetch(new URL("wijkgen-delen.json", bundle).href).then(function (answer) {
    return answer.ok ? answer.json() : null;
  }).then(function (list) {
    if (list && Array.isArray(list.delen)) {
      start(list.delen.filter(function (folder) {
        return typeof folder === "string" && /^[a-z0-9-]+\/$/.test(folder);
      }));
    }
  }).catch(function () {
    return null;
  });
}());
