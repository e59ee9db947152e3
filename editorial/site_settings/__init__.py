"""The site settings page (admins, `settings.manage`): the newsroom's name, its time zone, the
footer pages' text and whether "Checked by" shows. One database row, written by `service`; every
page reads it through `editorial.newsroom.current()`, kept per process until the site version
moves."""
