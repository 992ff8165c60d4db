// Progressive enhancement: everything works without this file.
// "Use my location" on the meal finder: fills the form's lat/lon from the browser's position.
(function () {
  var form = document.querySelector('form[data-locate]');
  if (!form || !navigator.geolocation) return;
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.textContent = form.getAttribute('data-locate');
  var status = document.createElement('p');
  status.setAttribute('role', 'status');
  status.className = 'muted';
  button.addEventListener('click', function () {
    status.textContent = form.getAttribute('data-locating');
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector('input[name=lat]').value = position.coords.latitude.toFixed(5);
      form.querySelector('input[name=lon]').value = position.coords.longitude.toFixed(5);
      form.submit();
    }, function () {
      status.textContent = form.getAttribute('data-locate-failed');
    }, { timeout: 10000 });
  });
  form.appendChild(button);
  form.appendChild(status);
})();

// Printing the goal hierarchy: a print button, and every folded goal unfolded on paper.
(function () {
  document.querySelectorAll('button[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details.goal-node').forEach(function (d) { d.open = true; });
  });
})();

// A running background job's page (a calendar import): its status is read again every two
// seconds and put in place, so the progress and then the summary appear without reloading the
// page (a reload would move screen readers back to the top). Without this script the page has
// a link that reloads it.
(function () {
  var box = document.querySelector('[data-job-status][data-running]');
  if (!box || !window.fetch || !window.DOMParser) return;
  function poll() {
    fetch(location.href, { credentials: 'same-origin' })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-job-status]');
        if (!next) return;
        box.innerHTML = next.innerHTML;
        if (next.hasAttribute('data-running')) {
          setTimeout(poll, 2000);
        } else {
          box.removeAttribute('data-running');
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();

// A file input with a size limit (`data-max-bytes`): a file that is too big is refused before
// it is sent, with the field's own message (`data-too-large`) beside it. Without this script the
// server refuses it after the upload.
(function () {
  document.querySelectorAll('input[type=file][data-max-bytes]').forEach(function (input) {
    var max = Number(input.getAttribute('data-max-bytes'));
    var message = document.createElement('p');
    message.className = 'error';
    message.id = input.id + '-too-large';
    message.hidden = true;
    message.textContent = input.getAttribute('data-too-large');
    input.parentNode.insertBefore(message, input);
    function tooBig() {
      return Array.prototype.some.call(input.files || [], function (f) { return f.size > max; });
    }
    function show(on) {
      message.hidden = !on;
      input.parentNode.classList.toggle('has-error', on);
      if (on) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
      var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(function (id) {
        return id && id !== message.id;
      });
      if (on) described.push(message.id);
      input.setAttribute('aria-describedby', described.join(' '));
    }
    input.addEventListener('change', function () { show(tooBig()); });
    input.form.addEventListener('submit', function (event) {
      if (tooBig()) {
        event.preventDefault();
        show(true);
        input.focus();
      }
    });
  });
})();
