/* How many style rules the page's style sheets hold (linked or inlined: docs/_ext/inline_styles.py). */
() => [...document.styleSheets].reduce((count, sheet) => count + sheet.cssRules.length, 0)
