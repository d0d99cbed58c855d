/* Math that was not rendered: the delimiters Sphinx writes, and $...$ with TeX inside; and equations
   without KaTeX's HTML or without the MathML (with the TeX as annotation) that screen readers read. */
() => {
  const article = document.querySelector('article') || document.body;
  const math = [...article.querySelectorAll('.math')];
  const raw = [];
  const skip = 'pre, code, script, style, textarea, .katex, .highlight';
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const tex = /\\\(|\\\[|\$\$|\$[^$\s][^$]*[\\^_{][^$]*\$/;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.nodeValue;
    if (!node.parentElement.closest(skip) && tex.test(text)) raw.push(text.trim().slice(0, 80));
  }
  const rendered = (el) => el.querySelector('.katex-html') && el.querySelector(
    '.katex-mathml math annotation[encoding="application/x-tex"]');
  return {
    equations: math.length,
    typeset: math.filter(rendered).length,
    untypeset: math.filter((el) => !rendered(el)).map((el) => el.textContent.slice(0, 80)),
    raw,
    fonts: math.length ? document.fonts.check('16px KaTeX_Main') : true,
    invisible: math.filter((el) => el.getBoundingClientRect().width === 0).length,
  };
}
