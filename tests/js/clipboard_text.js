/* What the clipboard holds (the context needs the clipboard-read permission). */
() => navigator.clipboard.readText()
