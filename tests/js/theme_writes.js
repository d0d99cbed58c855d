/* An init script: records the value data-theme had before each write to it, from the page's first script on. */
window.themeWrites = [];
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target === document.documentElement) window.themeWrites.push(record.oldValue);
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-theme"], attributeOldValue: true });
