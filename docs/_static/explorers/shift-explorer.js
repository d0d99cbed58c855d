/* The shift explorer (docs/_ext/explorers.py): the slider picks a row of the precomputed sprite sheet
   and the errors the build computed for that shift; nothing is computed here. */
(function () {
  'use strict';

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function attach(root) {
    var strings = JSON.parse(root.getAttribute('data-strings'));
    var errors = JSON.parse(root.getAttribute('data-errors'));
    var stride = root.getAttribute('data-stride');
    var slider = root.querySelector('input[name="shift"]');
    var value = root.querySelector('[data-shift]');
    var lines = root.querySelectorAll('[data-error]');
    var images = root.querySelectorAll('img[data-panel]');

    function update() {
      var shift = Number(slider.value);
      var text = fill(strings.value, {shift: shift});
      slider.setAttribute('aria-valuetext', text);
      value.textContent = text;
      root.style.setProperty('--frame', String(shift));
      images.forEach(function (image) {
        image.alt = fill(image.getAttribute('data-alt'), {shift: shift});
      });
      lines[0].textContent = fill(strings.error, {stride: 1, error: errors[shift][0]});
      lines[1].textContent = fill(strings.error, {stride: stride, error: errors[shift][1]});
    }
    slider.addEventListener('input', update);
    root.querySelectorAll('[hidden][data-interactive]').forEach(function (element) { element.hidden = false; });
    update();
  }

  document.querySelectorAll('[data-shift-explorer]').forEach(attach);
})();
