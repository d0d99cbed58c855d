/* The convolution explorer (docs/_ext/explorers.py): output size, formula and picture of one setting.
   The error messages are templates the build derived from convdocs.output_size; the page's words come
   from the page's catalog. The same render() draws the static picture while the book is built (Node). */
(function () {
  'use strict';

  // The inputs, in the order convdocs.output_size checks its arguments, and the argument each one is.
  var FIELDS = [
    ['input_size', 'n', 'positive'],
    ['kernel_size', 'kernel_size', 'positive'],
    ['padding', 'padding', 'nonnegative'],
    ['stride', 'stride', 'positive'],
    ['dilation', 'dilation', 'positive'],
  ];
  var LARGEST_DRAWN = 64; // padded pixels per axis beyond which the picture is left out
  var CELL = 24;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  // Python's repr() of a float, from the shortest digits that round-trip (as JavaScript writes them).
  function floatRepr(x) {
    if (x === Infinity) return 'inf';
    if (x === -Infinity) return '-inf';
    if (Number.isNaN(x)) return 'nan';
    var parts = x.toExponential().split('e');
    var sign = parts[0][0] === '-' ? '-' : '';
    var digits = parts[0].replace('-', '').replace('.', '');
    var exponent = parseInt(parts[1], 10);
    if (exponent >= -4 && exponent < 16) {
      if (exponent < 0) return sign + '0.' + '0'.repeat(-exponent - 1) + digits;
      if (digits.length <= exponent + 1) return sign + digits + '0'.repeat(exponent + 1 - digits.length) + '.0';
      return sign + digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
    }
    var mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    var power = (exponent < 0 ? '-' : '+') + String(Math.abs(exponent)).padStart(2, '0');
    return sign + mantissa + 'e' + power;
  }

  // What the text of a number field stands for in Python: an int, a float, or None (empty or unreadable).
  function pythonValue(text) {
    var trimmed = String(text).trim();
    if (/^[+-]?\d+$/.test(trimmed)) return {type: 'int', value: BigInt(trimmed)};
    if (trimmed !== '' && Number.isFinite(Number(trimmed))) return {type: 'float', value: Number(trimmed)};
    return {type: 'NoneType', value: null};
  }

  // convdocs.output_size on the fields' texts: {size, ...} or {message}, with the library's message.
  function evaluate(texts, messages) {
    var values = {};
    for (var i = 0; i < FIELDS.length; i++) {
      var field = FIELDS[i], parsed = pythonValue(texts[field[0]]);
      if (parsed.type !== 'int') {
        var shown = parsed.type === 'float' ? floatRepr(parsed.value) : 'None';
        return {message: fill(messages.type, {name: field[1], value: shown, type: parsed.type})};
      }
      var low = field[2] === 'positive' ? 1n : 0n;
      if (parsed.value < low) return {message: fill(messages[field[2]], {name: field[1], value: parsed.value})};
      values[field[1]] = parsed.value;
    }
    var n = values.n, k = values.kernel_size, p = values.padding, s = values.stride, d = values.dilation;
    var padded = n + 2n * p, span = d * (k - 1n) + 1n;
    var fit = {kernel_size: k, dilation: d, span: span, n: n, padding: p, padded: padded};
    if (span > padded) return {message: fill(messages.fit, fit), values: values, padded: padded, span: span};
    var size = (padded - span) / s + 1n; // BigInt division rounds towards zero: here, down
    var reached = (size - 1n) * s + span;
    return {size: size, values: values, padded: padded, span: span, unused: padded - reached};
  }

  function formula(result, strings) {
    var v = result.values;
    if (!v) return '';
    var general = strings.formula;
    var filled = '\u230a(' + v.n + ' + 2\u00b7' + v.padding + ' \u2212 ' + v.dilation + '\u00b7(' + v.kernel_size +
      ' \u2212 1) \u2212 1) / ' + v.stride + '\u230b + 1';
    if (result.size === undefined) {
      return strings.span + ' = ' + result.span + ' > n + 2p = ' + result.padded;
    }
    var leftover = result.padded - result.span;
    return general + ' = ' + filled + ' = \u230a' + leftover + ' / ' + v.stride + '\u230b + 1 = ' + result.size;
  }

  function rect(x, y, size, cls) {
    return '<rect class="' + cls + '" x="' + x + '" y="' + y + '" width="' + size + '" height="' + size + '"/>';
  }

  // The padded input with the window at output position `step` (row-major), and the output grid.
  function picture(result, step, strings) {
    if (!result.values || result.padded > BigInt(LARGEST_DRAWN)) {
      var tooLarge = result.values ? fill(strings.too_large, {padded: result.padded}) : '';
      return {svg: tooLarge ? '<p class="conv-explorer-note">' + tooLarge + '</p>' : '', label: tooLarge};
    }
    var v = result.values;
    var padded = Number(result.padded), p = Number(v.padding), n = Number(v.n);
    var s = Number(v.stride), d = Number(v.dilation), k = Number(v.kernel_size), span = Number(result.span);
    var size = result.size === undefined ? 0 : Number(result.size);
    var inputWidth = Math.max(padded, span) * CELL, gap = size ? 2 * CELL : 0;
    var width = inputWidth + gap + size * CELL + 2, height = Math.max(padded, span, size) * CELL + 2;
    var cells = [], i, j;
    var reached = size ? (size - 1) * s + span : 0;
    for (i = 0; i < padded; i++) {
      for (j = 0; j < padded; j++) {
        var inside = i >= p && i < p + n && j >= p && j < p + n;
        var cls = inside ? 'cx-input' : 'cx-padding';
        if (size && (i >= reached || j >= reached)) cls += ' cx-unused';
        cells.push(rect(1 + j * CELL, 1 + i * CELL, CELL, cls));
      }
    }
    var position = Math.min(step, Math.max(size * size - 1, 0));
    var row = size ? Math.floor(position / size) : 0, col = size ? position % size : 0;
    var top = row * s, left = col * s;
    for (i = 0; i < (size ? k : 0); i++) {
      for (j = 0; j < k; j++) cells.push(rect(1 + (left + j * d) * CELL, 1 + (top + i * d) * CELL, CELL, 'cx-tap'));
    }
    var boxClass = size ? 'cx-window' : 'cx-window cx-misfit';
    cells.push('<rect class="' + boxClass + '" x="' + (1 + left * CELL) + '" y="' + (1 + top * CELL) +
      '" width="' + span * CELL + '" height="' + span * CELL + '"/>');
    var x0 = 1 + inputWidth + gap;
    for (i = 0; i < size; i++) {
      for (j = 0; j < size; j++) {
        var index = i * size + j;
        var outputClass = index < position ? 'cx-done' : index === position ? 'cx-current' : 'cx-output';
        cells.push(rect(x0 + j * CELL, 1 + i * CELL, CELL, outputClass));
      }
    }
    var label = size
      ? fill(strings.picture, {padded: padded, row: row + 1, col: col + 1, size: size})
      : fill(strings.picture_misfit, {padded: padded, span: span});
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ' + width + ' ' + height +
      '" width="' + width + '" height="' + height + '"><title>' + escapeText(label) + '</title>' + cells.join('') + '</svg>';
    return {svg: svg, label: label, row: row + 1, col: col + 1};
  }

  function escapeText(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  // Everything the explorer shows for one setting: the result's text, the formula, the picture, notes.
  function render(texts, step, strings, messages) {
    var result = evaluate(texts, messages);
    var drawn = picture(result, step, strings);
    var unused = '';
    if (result.size !== undefined) {
      unused = result.unused > 0n ? fill(strings.unused, {unused: result.unused}) : strings.all_used;
    }
    var position = result.size !== undefined && drawn.row
      ? fill(strings.position, {row: drawn.row, col: drawn.col, size: result.size}) : '';
    return {
      output: result.size !== undefined ? String(result.size) : result.message,
      ok: result.size !== undefined,
      positions: result.size !== undefined ? Number(result.size) * Number(result.size) : 0,
      formula: formula(result, strings),
      svg: drawn.svg,
      unused: unused,
      position: position,
    };
  }

  function attach(root) {
    var strings = JSON.parse(root.getAttribute('data-strings'));
    var messages = JSON.parse(root.getAttribute('data-messages'));
    var inputs = {};
    FIELDS.forEach(function (field) { inputs[field[0]] = root.querySelector('input[name="' + field[0] + '"]'); });
    var output = root.querySelector('[data-output-size]');
    var formulaText = root.querySelector('[data-formula]');
    var drawing = root.querySelector('[data-picture]');
    var unusedText = root.querySelector('[data-unused]');
    var positionText = root.querySelector('[data-position]');
    var previous = root.querySelector('[data-step="-1"]'), next = root.querySelector('[data-step="1"]');
    var play = root.querySelector('[data-play]');
    var step = Number(root.getAttribute('data-initial-step')) || 0, positions = 0, timer = null;

    function update() {
      var texts = {};
      Object.keys(inputs).forEach(function (name) { texts[name] = inputs[name].value; });
      var shown = render(texts, step, strings, messages);
      positions = shown.positions;
      if (step >= positions) step = 0;
      output.textContent = shown.output;
      output.classList.toggle('conv-explorer-error', !shown.ok);
      formulaText.textContent = shown.formula;
      drawing.innerHTML = shown.svg;
      unusedText.textContent = shown.unused;
      positionText.textContent = shown.position;
      [previous, next, play].forEach(function (button) { button.disabled = positions < 2; });
      if (positions < 2) stop();
    }
    function move(by) {
      if (positions) step = (step + by + positions) % positions;
      update();
    }
    function stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      play.textContent = strings.play;
      play.setAttribute('aria-pressed', 'false');
    }
    Object.keys(inputs).forEach(function (name) {
      inputs[name].addEventListener('input', function () { step = 0; update(); });
    });
    previous.addEventListener('click', function () { stop(); move(-1); });
    next.addEventListener('click', function () { stop(); move(1); });
    play.addEventListener('click', function () {
      if (timer !== null) { stop(); return; }
      play.textContent = strings.pause;
      play.setAttribute('aria-pressed', 'true');
      timer = setInterval(function () { move(1); }, 700);
    });
    root.querySelectorAll('[hidden][data-interactive]').forEach(function (element) { element.hidden = false; });
    root.classList.add('conv-explorer-ready');
    update();
  }

  var api = {render: render, evaluate: evaluate, floatRepr: floatRepr};
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    document.querySelectorAll('[data-conv-explorer]').forEach(attach);
  }
})();
