// Search box: this part swaps the no-script link for the input at once, so
// the page does not shift; the search itself (search.js) loads when the
// reader first focuses or types in the box.
(function () {
  'use strict';
  var root = document.querySelector('[data-search]');
  if (!root || !window.fetch) return;
  var fallback = root.querySelector('a');
  var input = document.createElement('input');
  var list = document.createElement('ul');
  var status = document.createElement('p');
  input.type = 'search';
  input.id = 'search-input';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.placeholder = root.dataset.placeholder;
  input.setAttribute('aria-label', root.dataset.label);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', 'search-results');
  list.id = 'search-results';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', root.dataset.label);
  list.hidden = true;
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  root.replaceChild(input, fallback);
  root.appendChild(list);
  root.appendChild(status);
  function start() {
    input.removeEventListener('focus', start);
    input.removeEventListener('input', start);
    var script = document.createElement('script');
    script.src = root.dataset.script;
    document.head.appendChild(script);
  }
  input.addEventListener('focus', start);
  input.addEventListener('input', start);
})();

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

// Copy buttons on reply texts.
(function () {
  'use strict';
  if (!navigator.clipboard) return;
  document.querySelectorAll('figure.reply').forEach(function (fig) {
    var pre = fig.querySelector('pre');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = fig.dataset.copy;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = fig.dataset.copied;
        setTimeout(function () { button.textContent = fig.dataset.copy; }, 2000);
      });
    });
    fig.querySelector('figcaption').appendChild(button);
  });
})();
