/* The addresses of the results the search page lists. */
(links) => links.map((link) => link.getAttribute('href'))
