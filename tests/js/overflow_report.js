/* Whether the page is wider than the window, and up to five visible elements that stick out of it. */
() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const classes = (el) => typeof el.className === 'string' ? el.className.trim().split(/\s+/) : [];
  const describe = (el) => [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), ...classes(el)].join('.');
  const offenders = [];
  if (scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1 || el.offsetParent === null) continue;
      if (getComputedStyle(el).visibility === 'hidden') continue;
      let parent = el.parentElement, contained = false;
      while (parent && parent !== document.body) {
        if (getComputedStyle(parent).overflowX !== 'visible') { contained = true; break; }
        parent = parent.parentElement;
      }
      if (contained || offenders.length >= 5) continue;
      offenders.push(`${describe(el)} (right edge at ${Math.round(box.right)} px)`);
    }
  }
  return {scrollWidth, width, offenders};
}
