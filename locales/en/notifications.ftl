# Notifications (templates/<channel>/<kind>.hbs). Arguments arrive formatted: money in the
# reader's locale and currency, dates as "2026-12-01 14:00 UTC", domains in Unicode.

date-unknown = not known yet

backorder-drop = Expected drop: { $date }
backorder-released = { $amount } went back to your available balance.
backorder-placed = Backorder placed. You pay { $price } only if we catch the name.
backorder-finalizes = Orders and cancellations for this name close at { $date } (the finalization deadline).
backorder-lite = Backorder Lite: regular backorders of this name come first, and Lite backorders are not invited to auctions.
backorder-activated = The drop is near: { $amount } of your balance is now held for this name.
backorder-processing = We are trying to catch this name at its drop ({ $date }). It can no longer be cancelled.
backorder-caught = Caught! The name is yours. Invoice { $invoice } over { $amount } was paid from the held amount.
backorder-failed = We could not catch this name. { $reason ->
    [lost] Someone else got it at the drop.
    [no-result] The registrar gave no result within 2 days of the drop.
    [not-taken] The registrar could not take the application in time.
    [refused] The registrar refused the application.
    [zone-withdrawn] We no longer offer backorders in its zone.
    [no-funds] The drop passed without enough balance to activate the backorder.
    [not-sent] The drop passed before the application could be sent.
    [outranked] Another backorder of the name had priority: regular backorders come before Backorder Lite, and among Lite ones the earliest.
    [lite-withdrawn] We no longer offer Backorder Lite in its zone.
   *[other] Reason: { $text }
}
backorder-cancelled = { $by ->
    [staff] Our staff cancelled this backorder.
   *[customer] Your backorder was cancelled as you asked.
}
backorder-auction-pending = We caught this name, but other customers had backordered it too: it goes to a private auction among you, ending { $ends }.
auction-link = Auction: { $url }

balance-low-title = Balance too low
balance-low = Your balance is too low for { $count ->
    [one] a backorder
   *[other] { $count } backorders
} about to drop. Missing: { $missing } (available now: { $available }).
balance-low-item = price { $price }, missing { $missing }, drop { $date }
balance-low-hint = Top up before the drop, or these names cannot be caught for you.

droptime-changed = The drop time changed from { $old } to { $new }.
droplist-delisted = This name left the drop list: its owner probably renewed it. Your backorder stays open in case it comes back.

auction-opened = The auction is open until { $ends }. Current price: { $amount }. Your maximum: { $max }.
auction-leading = { $leading ->
    [true] You are the highest bidder.
   *[false] Someone else is bidding higher.
}
auction-outbid = You were outbid: the price is now { $amount }. The auction ends { $ends }.
auction-ending = The auction ends soon: { $ends }. Current price: { $amount }.
auction-won = You won the auction at { $amount }. Invoice { $invoice } was paid from the held amount: the name is yours.
auction-lost = Another bidder won the auction at { $amount }. Your held amount was released.

watch-matches = { $total ->
    [one] One new name matches your watch
   *[other] { $total } new names match your watch
}
watch-matches-named = { $total ->
    [one] One new name matches your watch “{ $name }”
   *[other] { $total } new names match your watch “{ $name }”
}
watch-more = … and { $count } more.

staff-job-failed = Job { $job } failed
staff-registrar-error = Registrar error { $code }: { $message }
staff-registrar-gave-up = { $gaveUp ->
    [true] Gave up: the backorder failed and its hold was released.
   *[false] It will be retried.
}
staff-credit-limit = The reseller account at the registrar reached its credit limit: { $message }
staff-untracked-application = Application { $application } reached the registrar after this backorder's send had been taken over (the backorder is { $status } now): nothing here tracks or charges it, and the registrar did not delete it ({ $error }). If the registrar catches the name with it, settle it by hand.
staff-caught = Caught for customer #{ NUMBER($customer, useGrouping: 0) } at { $amount }.
staff-caught-auction = Several customers backordered it: it goes to a private auction.
staff-payment-not-credited = A { $provider } payment of { $amount } is not credited
staff-payment-customer = Customer #{ NUMBER($customer, useGrouping: 0) }: the payments job tries again every minute.
staff-payment-no-customer = It names no customer of ours: it must be credited by hand.
staff-payment-charge = Charge { $charge }, received { $received }, ledger key { $key }.
staff-daily-summary = Daily summary for { $date }
staff-daily-caught = Caught: { $count }
staff-daily-revenue = Revenue: { $amount }
staff-daily-droplist = Names on the drop list: { $count }

community-droplist = The drop list was updated: { $total } names.
community-droplist-day = { $date }: { $count } names
community-droplist-notable = Best names by quality score
community-droplist-score = score { $score }
community-rules = Your alert rules
community-rules-after-import = after the drop-list update
rule-keyword = keyword “{ $keyword }”
rule-min-length = at least { $count } characters
rule-max-length = at most { $count } characters
rule-no-digits = no digits
rule-no-hyphens = no hyphens
rule-digits-only = digits only
rule-no-idn = no IDN
rule-every-name = every name
rule-names = { $count ->
    [one] { $count } name
   *[other] { $count } names
}
rule-more = … and { $count } more
community-caught = Caught by one of our customers.
community-caught-auction = Caught: several backorderers, so it goes to a private auction.
community-auction = A private auction for this name runs until { $ends }.
