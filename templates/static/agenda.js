/* wijkgen: events that know the date.
   The build splits every agenda into upcoming and past events on its own date (the last commit, so
   that builds stay reproducible). This script splits them again on the reader's date, in the
   reader's time zone, and marks past events "afgelopen". No library; without it, the build's split stays. */
(function () {
  "use strict";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  var now = new Date();
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());

  function isPast(element) {
    return element.getAttribute("data-laatste-dag") < today;
  }

  function byStart(a, b) {
    var x = a.getAttribute("data-dag");
    var y = b.getAttribute("data-dag");
    return x < y ? -1 : x > y ? 1 : 0;
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-agenda]"), function (block) {
    var upcoming = block.querySelector(".agenda-komend");
    var past = block.querySelector(".agenda-afgelopen");
    var items = Array.prototype.slice.call(block.querySelectorAll("li[data-laatste-dag]"));
    items.sort(byStart);
    items.forEach(function (item) {
      if (!isPast(item)) {
        upcoming.appendChild(item);  // soonest first
      }
    });
    items.reverse().forEach(function (item) {
      if (isPast(item)) {
        past.appendChild(item);  // latest first
      }
    });
    block.querySelector(".agenda-geen-komend").hidden = upcoming.children.length > 0;
    block.querySelector(".agenda-afgelopen-deel").hidden = past.children.length === 0;
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-laatste-dag]"), function (element) {
    var ended = isPast(element);
    element.classList.toggle("is-afgelopen", ended);
    var mark = element.querySelector(".label-afgelopen");
    if (mark) {
      mark.hidden = !ended;
    }
  });
})();
