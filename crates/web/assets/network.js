// The network page's graph, enhanced: hovering or focusing an organisation highlights its ties;
// clicking (or Enter) shows only its ties and neighbours, clicking it again opens its page, and
// Escape or the reset button shows everything again. The server-drawn SVG and the tables below
// it carry the same facts and work without this script.
(function () {
  'use strict';
  var figure = document.querySelector('figure.network[data-status-one]');
  if (!figure) return;
  var svg = figure.querySelector('svg');
  var lines = Array.prototype.slice.call(svg.querySelectorAll('line[data-a]'));
  var nodes = Array.prototype.slice.call(svg.querySelectorAll('a[data-org]'));
  var status = figure.querySelector('.network-status');
  var hint = figure.querySelector('.network-hint');
  var reset = figure.querySelector('.network-reset');
  var pinned = null;

  function tiesOf(org) {
    return lines.filter(function (l) { return l.dataset.a === org || l.dataset.b === org; });
  }

  function neighbours(org, ties) {
    var set = {};
    set[org] = true;
    ties.forEach(function (l) { set[l.dataset.a] = true; set[l.dataset.b] = true; });
    return set;
  }

  // mark `org`'s ties and neighbours; `mode` is the svg class: highlighting or filtering
  function show(org, mode) {
    svg.classList.remove('highlighting', 'filtering');
    lines.forEach(function (l) { l.classList.remove('lit'); });
    nodes.forEach(function (n) { n.classList.remove('lit', 'chosen'); });
    if (!org) return 0;
    var ties = tiesOf(org);
    var near = neighbours(org, ties);
    ties.forEach(function (l) { l.classList.add('lit'); });
    nodes.forEach(function (n) {
      if (near[n.dataset.org]) n.classList.add('lit');
      if (n.dataset.org === org) n.classList.add('chosen');
    });
    svg.classList.add(mode);
    return ties.length;
  }

  function nameOf(node) {
    var text = node.querySelector('text');
    return text ? text.textContent : node.dataset.org;
  }

  function restore() {
    if (pinned) show(pinned.dataset.org, 'filtering'); else show(null);
  }

  function pin(node) {
    pinned = node;
    var count = show(node.dataset.org, 'filtering');
    status.textContent = figure.dataset.statusOne.replace('%name%', nameOf(node)).replace('%count%', String(count));
    reset.hidden = false;
  }

  function unpin() {
    var was = pinned;
    pinned = null;
    show(null);
    status.textContent = figure.dataset.statusAll;
    // keep keyboard focus on the organisation that was chosen, not on the button that goes away
    if (was && document.activeElement === reset) was.focus();
    reset.hidden = true;
  }

  nodes.forEach(function (node) {
    node.addEventListener('mouseenter', function () { if (!pinned) show(node.dataset.org, 'highlighting'); });
    node.addEventListener('focus', function () { if (!pinned) show(node.dataset.org, 'highlighting'); });
    node.addEventListener('mouseleave', restore);
    node.addEventListener('blur', restore);
    node.addEventListener('click', function (event) {
      // the first click filters; a second click on the chosen organisation follows its link,
      // and so does a click that opens a new tab or window
      if (pinned === node || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      pin(node);
    });
  });
  reset.addEventListener('click', function () { unpin(); });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && pinned) unpin();
  });
  hint.hidden = false;
})();
