/* The search page's summary, once the search has finished (empty before). */
() => document.querySelector('#search-results .search-summary')?.textContent.trim()
