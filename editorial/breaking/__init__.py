"""The BREAKING ticker: the editors' scheduling desk and the public ticker, as two blueprints.

`bp` ("breaking", /breaking) is the desk, for those who may manage breaking headlines
(`views`). `ticker_bp` ("ticker") serves the public side at its own addresses: the poll behind
every public page (/breaking/ticker), the JSON API (/api/breaking) and the RSS feed
(/breaking.rss) (`public`). Forms are in `forms`, this feature's SQL in `queries`; the changes
editors make, shared with the CLI, in `editorial.breaking.service`.
"""
