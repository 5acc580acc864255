"""The 报表打印 page: choose a form and a month, preview it, print it or save it."""
