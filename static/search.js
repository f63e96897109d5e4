// Search: finds codes by number, enhanced code or words, in the page's
// language, as the reader types. Keyboard: arrows move, Enter opens,
// Escape closes. site.js builds the box and loads this file on first use.
//
// The matching (norm, fold, terms, index, search) is shared with the tests
// (node --test test/), so it has no dependency on the page.
(function () {
  'use strict';

  // norm is how query and text are compared: NFKC, so that full-width
  // ＳＭＴＰ and ５５２ read as SMTP and 552 and half-width ｶﾀｶﾅ as カタカナ;
  // lower case; and one apostrophe, so that "l'adresse" finds "l’adresse".
  function norm(s) {
    return s.normalize('NFKC').toLowerCase().replace(/[‘’ʼ]/g, "'");
  }
  // Letters that are not a base letter and a mark, so that NFD does not
  // take them apart: "strasse" finds "Straße", "coeur" finds "cœur".
  var LETTERS = { 'đ': 'd', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'ı': 'i', 'ð': 'd', 'þ': 'th' };
  // fold drops diacritics from normed text, so "hop thu" finds "hộp thư"
  // and "senal" "señal". Only Latin marks go: the voicing marks of kana
  // are put back (NFC), because ガ is not カ.
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC').replace(/[đßæœøłıðþ]/g, function (c) { return LETTERS[c]; });
  }
  // umlauts is normed text with ä, ö and ü written as German writes them
  // without the keys (ae, oe, ue), folded; null when the text has none.
  // An entry keeps it besides its folded text, so that "ueberschritten"
  // and "uberschritten" both find "überschritten".
  function umlauts(s) {
    return /[äöü]/.test(s) ? fold(s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue')) : null;
  }

  // Japanese and Chinese do not put spaces between words: a run of these
  // characters is matched by its pairs of characters (bigrams). ー, the
  // long-vowel mark, is of no script of its own; ・ and the ideographic
  // punctuation separate words, like spaces and commas.
  var CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}ー]+/gu;
  var SEP = /[\s,;:、。・「」『』【】〈〉《》〔〕]+/;
  var NUM = /^[2-5]\d{0,2}$/;
  var ENHANCED = /^([245x])\.(\d{1,3})\.(\d{1,3})$/;

  // terms splits a query into what each entry must match: reply code
  // numbers (or their start), enhanced codes, runs of CJK characters and
  // other words. "552の意味" is the number 552 and the run の意味. Each
  // term carries its text (q) and its text folded (f).
  function terms(q) {
    var out = [];
    function text(w) { return { q: w, f: fold(w) }; }
    function add(w) {
      var m = w.match(ENHANCED), t = text(w);
      if (m) t.enhanced = '.' + m[2] + '.' + m[3];
      else t.num = NUM.test(w);
      out.push(t);
    }
    function run(w) {
      var chars = Array.from(w), seen = {}, t = text(w);
      t.grams = [];
      for (var i = 0; i + 1 < chars.length; i++) {
        var g = chars[i] + chars[i + 1];
        if (!seen[g]) t.grams.push(text(g));
        seen[g] = true;
      }
      out.push(t);
    }
    norm(q).split(SEP).forEach(function (w) {
      var last = 0;
      w.replace(CJK, function (r, i) {
        if (i > last) add(w.slice(last, i));
        run(r);
        last = i + r.length;
      });
      if (last < w.length) add(w.slice(last));
    });
    return out;
  }

  // index makes the searchable entries of a codes.json document.
  function index(doc) {
    function entry(c, text) {
      var f = [c.title, c.summary, text].map(norm);
      return { c: c, num: String(c.code).toLowerCase(), raw: f, folded: f.map(fold), umlauts: f.map(umlauts) };
    }
    return doc.codes.map(function (c) {
      return entry(c, [c.reply_text, c.description, c.when, c.fix_sender, c.fix_admin].join(' '));
    }).concat((doc.enhanced || []).map(function (c) {
      return entry(c, [c.description, c.transient, c.permanent, c.fix].join(' '));
    }));
  }

  // Weights of a match in the title, the summary and the rest of the text.
  var WEIGHT = [20, 8, 2];
  // where scores the best place a word or phrase t occurs: exact first,
  // then without diacritics at half the weight (in Vietnamese, folding
  // merges different words, such as "đầy" and "đây").
  function where(e, t) {
    for (var i = 0; i < 3; i++) if (e.raw[i].indexOf(t.q) >= 0) return WEIGHT[i];
    for (var j = 0; j < 3; j++) {
      if (e.folded[j].indexOf(t.f) >= 0 || e.umlauts[j] !== null && e.umlauts[j].indexOf(t.f) >= 0) return WEIGHT[j] / 2;
    }
    return 0;
  }
  // bigrams scores a run of CJK characters by its bigrams: first by how
  // many occur, then by where each occurs best, and the whole run once more
  // where it occurs as it is. At least half the bigrams must occur, so that
  // メールボックス満杯 finds メールボックスが満杯 (one bigram of eight, ス満,
  // is not in it). A single character is matched as it is.
  function bigrams(e, t) {
    if (!t.grams.length) return where(e, t);
    var hits = 0, sum = 0;
    t.grams.forEach(function (g) {
      var s = where(e, g);
      if (s) hits++;
      sum += s;
    });
    return 2 * hits >= t.grams.length ? 100 * hits + sum + where(e, t) : 0;
  }
  // score is how well entry e matches every term of a query; 0 is no match.
  function score(e, ts, phrase) {
    var total = 0;
    for (var i = 0; i < ts.length; i++) {
      var t = ts[i], s;
      if (t.num) {
        if (e.num === t.q) { total += 1000; continue; }
        if (e.num.indexOf(t.q) === 0) { total += 100; continue; }
      }
      if (t.enhanced) {
        if (e.num === 'x' + t.enhanced) total += 1000;
        else if (e.raw[2].indexOf(t.enhanced) >= 0) total += 50;
        else return 0;
        continue;
      }
      s = t.grams ? bigrams(e, t) : where(e, t);
      if (!s) return 0;
      total += s;
    }
    // The whole query as a phrase counts three times over.
    if (ts.length > 1) total += 3 * where(e, phrase);
    return total;
  }
  // search returns the codes of the best matches of query q, best first.
  function search(entries, q, limit) {
    var ts = terms(q);
    if (!ts.length) return [];
    var p = norm(q).trim().replace(/\s+/g, ' '), phrase = { q: p, f: fold(p) };
    var found = [];
    entries.forEach(function (e) {
      var s = score(e, ts, phrase);
      if (s > 0) found.push({ e: e, score: s });
    });
    found.sort(function (a, b) { return b.score - a.score || (a.e.num < b.e.num ? -1 : a.e.num > b.e.num ? 1 : 0); });
    return found.slice(0, limit || 8).map(function (f) { return f.e.c; });
  }

  if (typeof module !== 'undefined' && module.exports) module.exports = { norm: norm, fold: fold, terms: terms, index: index, search: search };
  if (typeof document === 'undefined') return;

  var root = document.querySelector('[data-search]');
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  var status = root.querySelector('[role=status]');
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = root.dataset.css;
  document.head.appendChild(css);

  var entries = null, loading = null, results = [], active = -1;

  function load() {
    if (!loading) {
      loading = fetch(root.dataset.api).then(function (r) { return r.json(); }).then(function (doc) {
        entries = index(doc);
      });
    }
    return loading;
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
      results = search(entries, input.value);
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
