// Forms marked data-warn-unsaved="<message>" ask before what was typed is lost: a link on the
// page asks with the form's own (translated) message, closing or reloading the tab with the
// browser's. Submitting the form is not leaving it. A form sent back with errors counts as
// unsaved: what was typed is on the page but not stored.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-warn-unsaved]"));
    if (!forms.length) { return; }
    var dirty = [];
    var leaving = false;
    function mark(form) { if (dirty.indexOf(form) < 0) { dirty.push(form); } }
    forms.forEach(function (form) {
      form.addEventListener("input", function () { mark(form); });
      form.addEventListener("change", function () { mark(form); });
      form.addEventListener("submit", function () { leaving = true; });
      if (form.querySelector(".errorlist, [aria-invalid='true'], .alert-danger")) { mark(form); }
    });
    document.addEventListener("click", function (event) {
      if (leaving || !dirty.length || event.defaultPrevented) { return; }
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.target === "_blank" || link.hasAttribute("download")) { return; }
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#") { return; }  // a jump within the page loses nothing
      if (window.confirm(dirty[0].getAttribute("data-warn-unsaved"))) {
        leaving = true;  // asked once: the browser's own question would follow otherwise
      } else {
        event.preventDefault();
      }
    }, true);
    window.addEventListener("beforeunload", function (event) {
      if (leaving || !dirty.length) { return; }
      event.preventDefault();
      event.returnValue = "";
    });
  });
})();
