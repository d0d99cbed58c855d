/* How many style sheets the page has loaded. */
() => document.styleSheets.length
