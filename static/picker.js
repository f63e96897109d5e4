// Compare picker: two selects and a button that opens the pair page. The
// options come from one compact list, "code title|code title|...". A site
// built with only some pair pages (pairs: related in site.yaml) lists them
// in data-pairs, "211-214 220-421 ...": then the first select offers the
// codes that have a pair page and the second the codes paired with it.
//
// partners() is shared with the tests (node --test test/).
(function (root) {
  'use strict';

  // partners returns the codes that have a pair page with code, or null
  // when every pair has one (no list given).
  function partners(list, code) {
    if (!list) return null;
    var out = [];
    list.split(' ').forEach(function (pair) {
      var ab = pair.split('-');
      if (ab[0] === code) out.push(ab[1]);
      if (ab[1] === code) out.push(ab[0]);
    });
    return out;
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { partners: partners };
  }
  var form = root.document && root.document.querySelector('[data-compare]');
  if (!form) return;
  var pairs = form.dataset.pairs;
  var items = form.dataset.codes.split('|').map(function (item) {
    return { code: item.slice(0, item.indexOf(' ')), label: item };
  });
  var a = form.elements.a, b = form.elements.b;
  items.forEach(function (it) {
    if (pairs && !partners(pairs, it.code).length) return;
    a.add(new Option(it.label, it.code, false, it.code === form.dataset.a));
  });
  // fill offers, in the second select, the codes paired with the first.
  function fill() {
    var keep = b.value, allowed = partners(pairs, a.value);
    while (b.options.length > 1) b.remove(1);
    items.forEach(function (it) {
      if (allowed && allowed.indexOf(it.code) < 0) return;
      b.add(new Option(it.label, it.code, false, it.code === keep));
    });
  }
  fill();
  if (pairs) a.addEventListener('change', fill);
  form.hidden = false;
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var x = +a.value, y = +b.value;
    var msg = form.querySelector('.compare-error');
    var allowed = partners(pairs, a.value);
    if (!x || !y || x === y || (allowed && allowed.indexOf(b.value) < 0)) {
      msg.hidden = false;
      return;
    }
    msg.hidden = true;
    window.location.href = form.dataset.pattern.replace('{a}', Math.min(x, y)).replace('{b}', Math.max(x, y));
  });
})(typeof globalThis !== 'undefined' ? globalThis : this);
