// stepcare: tiny progressive enhancements wired by data attributes (the CSP forbids inline script).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  // Language select submits itself; the button stays for keyboard and no-JS users.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Confirm before destructive actions.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // The error summary takes the focus, so a screen reader reads it first; each of its links
  // moves the focus to its field (not only the scroll position).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var group = field.closest("fieldset") || field.closest("div") || field;
      group.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }

  // A maximum length is told as you type and refused by the server with a message; the
  // browser's maxlength would cut pasted text silently, so it is lifted.
  document.querySelectorAll("[data-maxlength]").forEach(function (field) {
    field.removeAttribute("maxlength");
    if (field.tagName !== "TEXTAREA") { return; }
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    var counter = document.createElement("div");
    counter.className = "char-count";
    counter.id = field.id + "_count";
    field.insertAdjacentElement("afterend", counter);
    var describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", describedBy ? describedBy + " " + counter.id : counter.id);
    function update() {
      var length = field.value.length;
      var over = length > limit;
      var text = field.getAttribute(over ? "data-maxlength-over" : "data-maxlength-count") || "{count} / {limit}";
      counter.textContent = text.replace("{count}", length).replace("{limit}", limit).replace("{over}", length - limit);
      counter.classList.toggle("over", over);
    }
    field.addEventListener("input", update);
    update();
  });

  // One submission per click: a form being sent ignores a second submit (double click, Enter
  // twice). The server stores one record per form anyway (foundation.services.submission_once).
  document.querySelectorAll("form[method=post], form[method=POST]").forEach(function (form) {
    if (form.target) { return; }  // opens elsewhere (a PDF): this page stays as it was
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      if (form.hasAttribute("data-submitting")) { event.preventDefault(); return; }
      form.setAttribute("data-submitting", "");
      window.setTimeout(function () { release(form); }, 10000);  // a lost response: let them retry
      // Not `disabled`: a disabled button's name (e.g. "complete") would not be sent.
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
      });
    });
  });
  function release(form) {
    form.removeAttribute("data-submitting");
    form.querySelectorAll("[aria-disabled=true]").forEach(function (button) { button.removeAttribute("aria-disabled"); });
  }
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }  // back to a page kept in memory: its forms work again
    document.querySelectorAll("form[data-submitting]").forEach(release);
  });

  // The site menu collapses behind a button on a phone (stepcare.css shows the button).
  var toggle = document.querySelector("[data-menu-toggle]");
  var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && menu) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  }

  // Open risk alerts: a one-line disclosure on a phone, the full list on a wider screen.
  document.querySelectorAll("details[data-phone-collapse]").forEach(function (details) {
    if (window.matchMedia("(max-width: 600px)").matches) { details.open = false; }
  });

  // Tables stack into cards on a phone (stepcare.css): each cell gets its column's name, and
  // explicit roles keep them a table for screen readers once CSS changes their display.
  document.querySelectorAll("main table.table").forEach(function (table) {
    var names = [];
    table.querySelectorAll("thead tr:last-child th, thead tr:last-child td").forEach(function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) { names.push(cell.textContent.trim()); }
    });
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
    table.querySelectorAll("tr").forEach(function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var inHead = row.parentElement && row.parentElement.tagName === "THEAD";
        if (cell.tagName === "TH") {
          cell.setAttribute("role", inHead ? "columnheader" : "rowheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        if (!inHead && !cell.hasAttribute("data-label") && names[column] !== undefined) {
          cell.setAttribute("data-label", names[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
});
