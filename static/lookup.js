// Bounce lookup: finds the SMTP reply codes and enhanced status codes in a
// pasted bounce message or server reply and explains each one. Everything
// runs here; nothing pasted leaves the page.
//
// parse() is shared with the tests (node --test test/), so it has no
// dependency on the page.
(function () {
  'use strict';

  // A basic reply code: three digits, first 2-5, second 0-5, standing on
  // its own and followed by a space, a hyphen (multiline reply) or the end
  // of the line. Its left side must not be part of a number or address.
  var BASIC = /(^|[\s:;,(\[<>"'=])([2-5][0-5]\d)(?=[ -]|$)/gm;
  // An enhanced status code class.subject.detail (RFC 3463 section 2).
  var ENHANCED = /(^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g;
  // A dotted number after these words is a version, not a status code.
  var VERSION = /(version|ver\.?|v|release|build)\s*$/i;
  // Numbers that are followed by these words are sizes or times, not codes.
  var NOT_A_CODE = /^[ -](bytes?|octets?|seconds?|secs?|minutes?|mins?|ms|hours?|days?|kb|mb|messages?|recipients?)\b/i;

  function parse(text) {
    var basic = [], enhanced = [], seen = {};
    var m;
    BASIC.lastIndex = 0;
    while ((m = BASIC.exec(text)) !== null) {
      var code = m[2];
      var after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
      if (NOT_A_CODE.test(after)) continue;
      if (!seen['b' + code]) {
        seen['b' + code] = true;
        basic.push(+code);
      }
    }
    ENHANCED.lastIndex = 0;
    while ((m = ENHANCED.exec(text)) !== null) {
      var subject = +m[3], detail = +m[4];
      if (subject > 7) continue;
      if (VERSION.test(text.slice(Math.max(0, m.index - 12), m.index + m[1].length))) continue;
      var e = m[2] + '.' + subject + '.' + detail;
      if (!seen['e' + e]) {
        seen['e' + e] = true;
        enhanced.push(e);
      }
    }
    return { basic: basic, enhanced: enhanced };
  }

  if (typeof module !== 'undefined' && module.exports) module.exports = { parse: parse };
  if (typeof document === 'undefined') return;

  var form = document.querySelector('[data-lookup]');
  if (!form) return;
  var strings = JSON.parse(document.getElementById('lookup-strings').textContent);
  var out = document.getElementById('lookup-results');
  var codes = null;
  form.hidden = false;
  document.querySelectorAll('.lookup-noscript').forEach(function (el) { el.hidden = true; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // classed puts a summary into its class's sentence, as the language
  // writes it: "Permanent failure: {summary}".
  function classed(digit, summary) {
    return strings['class' + digit].replace('{summary}', function () { return summary; });
  }
  function render(found) {
    out.textContent = '';
    if (!found.basic.length && !found.enhanced.length) {
      out.appendChild(el('p', 'none', strings.none));
      return;
    }
    if (found.basic.length) {
      out.appendChild(el('h2', '', strings.basic));
      var ul = el('ul', 'codelist');
      found.basic.forEach(function (n) {
        var li = el('li');
        var c = codes[n];
        if (c) {
          var a = el('a');
          a.href = c.url.replace(/^[a-z]+:\/\/[^/]+/, '');
          a.appendChild(el('span', 'num', String(n)));
          a.appendChild(document.createTextNode(' ' + c.title));
          li.appendChild(a);
          li.appendChild(el('span', 'summary', c.summary));
        } else {
          li.appendChild(el('span', 'num', String(n)));
          li.appendChild(el('span', 'summary', classed(String(n)[0], strings.unknown)));
        }
        ul.appendChild(li);
      });
      out.appendChild(ul);
    }
    if (found.enhanced.length) {
      out.appendChild(el('h2', '', strings.enhanced));
      var ul2 = el('ul', 'codelist');
      found.enhanced.forEach(function (e) {
        var p = e.split('.');
        var li = el('li');
        var c = codes['X.' + p[1] + '.' + p[2]];
        if (c) {
          var a = el('a');
          a.href = c.url.replace(/^[a-z]+:\/\/[^/]+/, '');
          a.appendChild(el('span', 'num', e));
          a.appendChild(document.createTextNode(' ' + c.title));
          li.appendChild(a);
          // The summary describes the code as its registry entry uses it;
          // in a class the entry does not list (2.6.0 after a 250), only
          // the subject is known to hold.
          var usual = (c.classes || []).indexOf(+p[0]) >= 0;
          li.appendChild(el('span', 'summary', classed(p[0], usual ? c.summary : strings['subject' + p[1]])));
        } else {
          li.appendChild(el('span', 'num', e));
          li.appendChild(el('span', 'summary', classed(p[0], strings['subject' + p[1]])));
        }
        ul2.appendChild(li);
      });
      out.appendChild(ul2);
    }
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var found = parse(form.elements.bounce.value);
    var ready = codes ? Promise.resolve() : fetch(form.dataset.api).then(function (r) { return r.json(); }).then(function (doc) {
      codes = {};
      doc.codes.forEach(function (c) { codes[c.code] = c; });
      (doc.enhanced || []).forEach(function (c) { codes[c.code] = c; });
    });
    ready.then(function () { render(found); out.focus(); });
  });
})();
