# Every DomainError code (src/errors.ts) as words: error-<code>. Arguments are the error's details
# (money already formatted) and $message, the English text of the error.

error-internal = Something went wrong on our side. Please try again later.
error-generic = That did not work: { $message }
error-INVALID_INPUT = That was not accepted: { $message }
error-INVALID_DOMAIN = “{ $input }” is not a domain name we can backorder: { $problem ->
    [empty] nothing was given.
    [no-zone] write the whole name, e.g. example.com.
    [bad-characters] it contains characters a domain name cannot have.
    [label-too-long] a part is longer than 63 characters.
    [name-too-long] it is longer than 253 characters.
    [empty-label] it has an empty part (two dots in a row, or a leading dot).
    [hyphen-edge] a part starts or ends with a hyphen.
   *[bad-zone] it does not end in a valid zone.
}
error-NOT_FOUND = { $what ->
    [customer] There is no such customer
    [backorder] There is no such backorder
    [auction] There is no such auction
    [invoice] There is no such invoice
   *[other] Not found
} ({ $id }).
error-ZONE_NOT_OFFERED = { $kind ->
    [lite] We do not offer Backorder Lite in this zone.
   *[other] We do not offer backorders in this zone.
}
error-ALREADY_OPEN = You already have an open backorder for this name.
error-DROP_PASSED = The drop time of this name has already passed.
error-FINALIZED = Too late: orders and cancellations for { $name } closed at { $time } (the finalization deadline).
error-NOT_CANCELLABLE = This backorder can no longer be cancelled: we are already trying to catch the name.
error-INSUFFICIENT_FUNDS = Not enough balance: { $needed } needed, { $available } available.
error-CURRENCY_MISMATCH = This account pays in { $expected }, not in { $currency }.
error-FORBIDDEN = You are not allowed to do that.
error-CONFLICT = Something changed in the meantime. Please look again and retry.
error-AUCTION_CLOSED = This auction has ended.
error-BID_TOO_LOW = Your bid is too low: the lowest bid you can place is { $minimum }.
error-LINK_CODE_INVALID = That code is not valid: it may be mistyped, expired (a code lasts 10 minutes) or already used. Send /link to our Telegram bot for a new one.
error-ALREADY_LINKED = This { $platform } account is already linked to another customer account. Unlink it first with /unlink, then link it again.
error-TOO_MANY_ATTEMPTS = Too many wrong codes. Please try again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
error-IMPORT_FAILED = The drop list could not be imported: { $message }
error-REGISTRAR_TEMPORARY = The registrar is not answering right now. We will try again.
error-REGISTRAR_PERMANENT = The registrar refused the request: { $message }
error-DATABASE_BUSY = We are busy for a moment (a large update is being saved). Please try again in a few seconds.
error-DATABASE_UNAVAILABLE = We cannot reach our database for a moment. Please try again in a minute.
