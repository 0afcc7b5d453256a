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
});
