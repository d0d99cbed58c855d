/* Select the first displayed equation, copy it, and return what the clipboard holds. */
async () => {
  const equation = document.querySelector('div.math .katex-display, div.math .katex');
  const range = document.createRange();
  range.selectNode(equation.closest('.katex-display') || equation);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  document.execCommand('copy');
  return navigator.clipboard.readText();
}
