/* Switch the page to a theme ('light' or 'dark') as the theme's switch does. */
(mode) => { document.documentElement.dataset.theme = mode; }
