"""Date and time formats, one style in every language (settings.FORMAT_MODULE_PATH).

A date is always day, month name, year and a time always 24-hour: "06/03/2026" is 6 March
in Jerusalem and London and 3 June in an American browser, and one Arabic page had shown
the same day as "2026/12/01" and as "12/01/2026 8:36 ص". Anything not set here (numbers,
input formats of the other languages) falls back to Django's own locale formats.
"""
