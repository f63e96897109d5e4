// Search: finds codes by number, enhanced code or words, in the page's
// language, as the reader types. Keyboard: arrows move, Enter opens,
// Escape closes. site.js builds the box and loads this file on first use.
(function () {
  'use strict';
  var root = document.querySelector('[data-search]');
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  var status = root.querySelector('[role=status]');
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = root.dataset.css;
  document.head.appendChild(css);

  var entries = null, loading = null, results = [], active = -1;

  // fold lowercases and drops diacritics, so "hop thu" finds "hộp thư".
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
  }
  function load() {
    if (!loading) {
      loading = fetch(root.dataset.api).then(function (r) { return r.json(); }).then(function (doc) {
        function entry(c, text) {
          var title = c.title.toLowerCase(), summary = c.summary.toLowerCase();
          text = text.toLowerCase();
          return {
            c: c,
            num: String(c.code).toLowerCase(),
            raw: [title, summary, text],
            folded: [fold(title), fold(summary), fold(text)]
          };
        }
        entries = doc.codes.map(function (c) {
          return entry(c, [c.reply_text, c.description, c.when, c.fix_sender, c.fix_admin].join(' '));
        }).concat((doc.enhanced || []).map(function (c) {
          return entry(c, [c.description, c.transient, c.permanent, c.fix].join(' '));
        }));
      });
    }
    return loading;
  }
  // Weights of a match in the title, the summary and the rest of the text.
  var WEIGHT = [20, 8, 2];
  // where scores the best place a word or phrase occurs: exact first, then
  // without diacritics at half the weight (in Vietnamese, folding merges
  // different words, such as "đầy" and "đây").
  function where(e, q) {
    for (var i = 0; i < 3; i++) if (e.raw[i].indexOf(q) >= 0) return WEIGHT[i];
    var f = fold(q);
    for (var j = 0; j < 3; j++) if (e.folded[j].indexOf(f) >= 0) return WEIGHT[j] / 2;
    return 0;
  }
  function search(q) {
    var query = q.trim().toLowerCase().replace(/\s+/g, ' ');
    var words = query.split(/[\s,;]+/).filter(Boolean);
    if (!words.length) return [];
    var found = [];
    entries.forEach(function (e) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        if (/^[2-5]\d{0,2}$/.test(w)) {
          if (e.num === w) { score += 1000; continue; }
          if (e.num.indexOf(w) === 0) { score += 100; continue; }
        }
        var enhanced = w.match(/^([245x])\.(\d{1,3})\.(\d{1,3})$/);
        if (enhanced) {
          var tail = '.' + enhanced[2] + '.' + enhanced[3];
          if (e.num === 'x' + tail) { score += 1000; continue; }
          if (e.raw[2].indexOf(tail) >= 0) { score += 50; continue; }
          return;
        }
        var s = where(e, w);
        if (!s) return;
        score += s;
      }
      // The whole query as a phrase counts three times over.
      if (words.length > 1) score += 3 * where(e, query);
      found.push({ e: e, score: score });
    });
    found.sort(function (a, b) { return b.score - a.score || (a.e.num < b.e.num ? -1 : a.e.num > b.e.num ? 1 : 0); });
    return found.slice(0, 8).map(function (f) { return f.e.c; });
  }
  function show() {
    list.textContent = '';
    results.forEach(function (c, i) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      li.id = 'search-result-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', i === active ? 'true' : 'false');
      a.href = c.url.replace(/^[a-z]+:\/\/[^/]+/, '');
      a.tabIndex = -1;
      var num = document.createElement('span');
      num.className = 'num';
      num.textContent = c.code;
      a.appendChild(num);
      a.appendChild(document.createTextNode(' ' + c.title));
      var sum = document.createElement('span');
      sum.className = 'summary';
      sum.textContent = c.summary;
      li.appendChild(a);
      li.appendChild(sum);
      list.appendChild(li);
    });
    var open = results.length > 0;
    list.hidden = !open && !input.value.trim();
    if (!open && input.value.trim()) {
      var li = document.createElement('li');
      li.className = 'none';
      li.textContent = root.dataset.none;
      list.appendChild(li);
    }
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (active >= 0) input.setAttribute('aria-activedescendant', 'search-result-' + active);
    else input.removeAttribute('aria-activedescendant');
    status.textContent = open ? results.length + ' / ' + entries.length : root.dataset.none;
  }
  function update() {
    load().then(function () {
      results = search(input.value);
      active = results.length ? 0 : -1;
      show();
    });
  }
  function close() {
    results = [];
    active = -1;
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }
  input.addEventListener('focus', load);
  input.addEventListener('input', update);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!results.length) return;
      ev.preventDefault();
      active = (active + (ev.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length;
      show();
    } else if (ev.key === 'Enter') {
      if (active >= 0 && results[active]) {
        ev.preventDefault();
        window.location.href = list.children[active].querySelector('a').href;
      }
    } else if (ev.key === 'Escape') {
      input.value = '';
      close();
    }
  });
  document.addEventListener('click', function (ev) {
    if (!root.contains(ev.target)) close();
  });
  // The reader may have typed while this file loaded.
  if (input.value.trim()) update();
  else load();
})();

