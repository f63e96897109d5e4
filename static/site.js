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

// Copy buttons on reply texts.
(function () {
  'use strict';
  var labels = document.querySelector('.site-header');
  if (!navigator.clipboard || !labels) return;
  document.querySelectorAll('figure.reply').forEach(function (fig) {
    var pre = fig.querySelector('pre');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = labels.dataset.copy;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = labels.dataset.copied;
        setTimeout(function () { button.textContent = labels.dataset.copy; }, 2000);
      });
    });
    fig.querySelector('figcaption').appendChild(button);
  });
})();

// Heading anchors: a "#" link after each section heading, to copy a link
// to that section. Headings that are links themselves get none.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var labels = document.querySelector('.site-header');
  if (!main || !labels) return;
  main.querySelectorAll('h2[id], h3[id]').forEach(function (h) {
    if (h.querySelector('a')) return;
    var a = document.createElement('a');
    a.className = 'anchor';
    a.href = '#' + h.id;
    a.setAttribute('aria-label', labels.dataset.anchor);
    a.textContent = '#';
    h.append(' ', a);
  });
})();
