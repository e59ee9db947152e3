"""The media library (`/media`): every picture with its caption, credit and where it is used;
search, details, replacing a file; the editor's picture upload and picker; the served files.

Writes go through `editorial.media.service`. The variant files are served by `file` (public,
cached for a year as immutable: a replaced picture gets new file names).
"""
