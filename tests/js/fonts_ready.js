/* Wait until the page's fonts have loaded. */
() => document.fonts.ready.then(() => true)
