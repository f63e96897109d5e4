// Compare picker: two selects and a button that opens the pair page. The
// options come from one compact list, "code title|code title|...".
(function () {
  'use strict';
  var form = document.querySelector('[data-compare]');
  if (!form) return;
  form.dataset.codes.split('|').forEach(function (item) {
    var code = item.slice(0, item.indexOf(' '));
    [form.elements.a, form.elements.b].forEach(function (select) {
      select.add(new Option(item, code, false, select.name === 'a' && code === form.dataset.a));
    });
  });
  form.hidden = false;
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var a = +form.elements.a.value, b = +form.elements.b.value;
    var msg = form.querySelector('.compare-error');
    if (!a || !b || a === b) {
      msg.hidden = false;
      return;
    }
    msg.hidden = true;
    window.location.href = form.dataset.pattern.replace('{a}', Math.min(a, b)).replace('{b}', Math.max(a, b));
  });
})();
