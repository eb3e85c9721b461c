/* wijkgen: the skip link of the 404 page. The page is shown at any missing address and carries a
   <base> so its links work at any depth; that <base> would also send "#inhoud" elsewhere. Here the
   skip link moves the focus to the content of this very page, at the address the reader asked for. */
(function () {
  "use strict";
  var link = document.querySelector(".skiplink");
  var main = document.getElementById("inhoud");
  if (!link || !main) {
    return;
  }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  });
}());
