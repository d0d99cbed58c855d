/* Collect the page's layout shifts from its first paint on (run before the page's own scripts): each
   shift's score and what moved, in window.layoutShifts. */
window.layoutShifts = [];
new PerformanceObserver((entries) => {
  for (const shift of entries.getEntries()) {
    if (shift.hadRecentInput) continue;
    const moved = (shift.sources || []).map((source) => {
      const node = source.node;
      return node && node.nodeType === 1 ? `${node.tagName.toLowerCase()}#${node.id}.${node.className}` : "text";
    });
    window.layoutShifts.push({ score: shift.value, moved });
  }
}).observe({ type: "layout-shift", buffered: true });
