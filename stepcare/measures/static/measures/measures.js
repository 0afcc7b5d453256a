// Measures entry form: number keys answer the focused item and move on (radios keep
// arrow keys and Tab as usual). Wired by data-score-keys; no inline script (CSP).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-score-keys]").forEach(function (form) {
    var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset.measure-item"));
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (!target || target.type !== "radio" || event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (!/^[0-9]$/.test(event.key)) { return; }
      var group = target.closest("fieldset.measure-item");
      var choice = group && group.querySelector('input[type=radio][value="' + event.key + '"]');
      if (!choice) { return; }
      event.preventDefault();
      choice.checked = true;
      choice.dispatchEvent(new Event("change", { bubbles: true }));
      var next = groups[groups.indexOf(group) + 1];
      if (next) {
        var focusTo = next.querySelector("input[type=radio]:checked") || next.querySelector("input[type=radio]");
        focusTo.focus();
      } else {
        choice.focus();
      }
    });
  });
});
