/* Whether the page shows the theme ``mode`` ('light' or 'dark'). */
(mode) => document.documentElement.dataset.theme === mode
