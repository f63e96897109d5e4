// The preview's script (gen -serve), added to every page as it is served
// and never to the built files. It listens to the build events: after a
// good build it reloads the page; after a failed one it shows the errors
// over the page, until a good build reloads it.
(function () {
  'use strict';
  var me = document.currentScript;
  var seen = me ? me.dataset.build : '';
  var box = null;

  function show(errors) {
    if (box) {
      box.remove();
      box = null;
    }
    if (!errors.length) return;
    box = document.createElement('div');
    box.className = 'gen-preview-errors';
    box.setAttribute('role', 'alert');
    var h = document.createElement('h2');
    h.textContent = 'The build failed; this page is from the last good build.';
    var pre = document.createElement('pre');
    errors.forEach(function (line) {
      var div = document.createElement('div');
      div.textContent = line;
      pre.appendChild(div);
    });
    var p = document.createElement('p');
    p.textContent = 'Fix the input and save: the page reloads after the next good build.';
    box.appendChild(h);
    box.appendChild(pre);
    box.appendChild(p);
    document.body.appendChild(box);
  }

  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/_preview/overlay.css';
  document.head.appendChild(css);

  var events = new EventSource('/_preview/events');
  events.addEventListener('build', function (ev) {
    var state = JSON.parse(ev.data);
    var changed = state.build !== seen;
    seen = state.build;
    if (changed && !state.errors.length) {
      window.location.reload();
      return;
    }
    show(state.errors);
  });
})();
