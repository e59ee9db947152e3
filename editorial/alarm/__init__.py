"""The missed-publish alarm (issue 22): a scheduled story not out a minute after its time, or a
breaking headline that should be live and is not on the ticker, shown to every editor on every
desk page, told to them once, audited once, cleared once it is resolved."""
