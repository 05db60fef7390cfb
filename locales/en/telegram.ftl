# The Telegram customer bot (bots/telegram). Messages are Telegram HTML: <b>, <i> and <code> may be
# used; every argument is escaped by the bot before it gets here. Ids arrive as text (no grouping).

tg-command-topup = Top up your balance
tg-command-link = Link your Discord account

## /start, /help and the menu

tg-start-title = 👋 Welcome, <b>{ $name }</b>!
tg-start-explain =
    A <b>backorder</b> asks us to register a domain name for you the moment it expires and drops.
    Placing one is free: you pay the zone's price only if we catch the name for you.
    The price is held from your prepaid balance 3 days before the drop, and released if we miss.
tg-start-menu = What would you like to do?
tg-help-title = <b>What I can do</b>
tg-help-line = /{ $command } – { $does }
tg-help-filters =
    <b>Search filters</b> (after /search and /watch):
    <code>shop</code> part of the name · <code>shop*</code> starts with · <code>*shop</code> ends with
    <code>zone=com,net</code> or <code>.com</code> · <code>len&lt;=6</code> · <code>len&gt;=3</code> · <code>len=5</code>
    <code>nodigits</code> · <code>nohyphens</code> · <code>digitsonly</code> · <code>noidn</code>
    <code>score&gt;=60</code> quality score (0-100) at least · <code>best</code> best first
    <code>day=2026-12-02</code> (or today, tomorrow) · <code>sort=length</code> · <code>page=2</code>
    Example: <code>/search shop len&lt;=6 zone=com nodigits</code>
tg-menu-search = 🔎 Search
tg-menu-mine = 📋 My backorders
tg-menu-balance = 💰 Balance
tg-menu-topup = 💳 Top up
tg-menu-prices = 🏷 Prices
tg-menu-watch = 🔔 Alerts
tg-menu-profile = 👤 Profile
tg-menu-language = 🌐 Language
tg-menu-help = ❓ Help

## Buttons

tg-button-backorder = 🛒 { $name }
tg-button-prev = ◀ Previous
tg-button-next = Next ▶
tg-button-refine = ⚙️ Filters
tg-button-watch-this = 🔔 Alert me to new matches
tg-button-details = 📄 Details
tg-button-cancel-backorder = ❌ Cancel backorder
tg-button-topup = 💳 Top up
tg-button-back = ◀ Back
tg-button-back-to-list = ◀ My backorders
tg-button-bid = ⬆️ Bid { $amount }
tg-button-set-max = ✏️ Set my maximum
tg-button-auction-link = 🔗 Open the auction
tg-button-confirm-bid = ✅ Yes, bid
tg-button-confirm-cancel = ✅ Yes, cancel it
tg-button-keep = ◀ No, keep it
tg-button-expired = This button has expired. Please run the command again.
tg-button-remove-watch = 🗑 Remove this alert
tg-button-remove-watch-n = 🗑 Remove alert #{ $id }
tg-button-search = 🔎 Search
tg-button-search-label = 🔎 Search “{ $label }”
tg-button-show-matches = 🔎 Show today's matches
tg-button-skip = ⏭ Leave empty
tg-button-start-over = ✏️ Fill in again
tg-button-stop = ✖ Stop

## The Mini App (/app, the menu button; with TELEGRAM_WEBAPP_URL)

tg-command-app = Open the drop tables and your backorders
tg-app-menu-button = Drops
tg-app-open = 📊 Drop tables with filters and sorting, a chart of the next drop days, and your backorders:
tg-app-button = Open the app
tg-app-watching = 👀 Watching <b>{ $name }</b>: you will hear when a new drop list has it.

## Inline mode (@bot KEYWORD [zone] [maxlen] in any chat)

tg-inline-hint-title = Search names about to drop
tg-inline-hint = Type a keyword, a zone and a maximum length, e.g. @{ $bot } shop com 6
tg-inline-hint-message = 🔎 Find expiring domain names with <b>@{ $bot } KEYWORD [zone] [max. length]</b>, e.g. <code>@{ $bot } shop com 6</code>.
tg-inline-bad-title = This search cannot be read
tg-inline-none-title = No names match
tg-inline-description = drops { $date } · { $length } characters · { $price }
tg-inline-message = <b>{ $name }</b> drops { $date } · { $length } characters · backorder { $price }
tg-inline-button = Backorder in the bot

## /search

tg-search-title = 🔎 <b>{ $total ->
        [one] One name
       *[other] { $total } names
    }</b> · { $filters }
tg-search-page = Page { $page } of { $pages } · drop times in UTC
tg-search-line = { $n }. <b>{ $name }</b> · { $date } · { $price } · orders until { $deadline } · score { $score }
tg-price-with-lite = { $price } · Lite { $lite }
tg-search-none = No names match. Try fewer filters, or /watch to hear when matching names appear.
tg-search-past-end = No more names on this page.
tg-search-upcoming = Next drop days: { $days }
tg-day-count = { $day }: { $count }
tg-search-no-buttons = These filters are too long for buttons: add <code>page=2</code> to your search for the next page.
tg-search-bad-filter = I cannot read the filter “{ $filter }”. /help shows how filters are written.
tg-search-too-long = That search is too long: at most { $max } characters, please.
tg-search-too-many = That search has too many parts: at most { $max }, please.
tg-search-one-keyword = One keyword per search, please: “{ $first }” or “{ $second }”? Filters are written like <code>zone=com</code>.
tg-not-offered = not offered
tg-f-keyword = “{ $keyword }”
tg-f-zone = .{ $zone }
tg-f-length = { $n } characters
tg-f-min-length = at least { $n } characters
tg-f-max-length = at most { $n } characters
tg-f-no-digits = no digits
tg-f-no-hyphens = no hyphens
tg-f-digits-only = digits only
tg-f-no-idn = no IDN
tg-f-min-score = score at least { $n }
tg-f-best-first = best first
tg-f-day = dropping { $day }
tg-f-everything = every name
tg-form-title = 🔎 <b>Find names that are about to drop</b>
tg-form-current = Filters: { $filters }
tg-form-hint = Tap to change them, then show the results. Or type e.g. <code>/search shop len&lt;=6</code>.
tg-form-max-length = ≤ { $n }
tg-form-any-length = any length
tg-form-no-digits = no digits
tg-form-no-hyphens = no hyphens
tg-form-min-score = score ≥ { $n }
tg-form-best-first = ⭐ best first
tg-form-any-day = any day
tg-form-show = 🔎 Show results

## /backorder

tg-backorder-usage = Send the name you want, e.g. <code>/backorder example.com</code> (or <code>/backorder example.com lite</code> for Backorder Lite), or find names with /search.
tg-placed-title = ✅ Backorder placed: <b>{ $name }</b> (#{ $id })
tg-placed-drop = Drop: { $date }
tg-placed-drop-unknown = Drop time: not known yet. We watch the drop list for it.
tg-placed-price = Price: { $price }. Nothing is charged until we catch the name: you pay only on success.
tg-placed-funds = { $price } must be available on your balance by { $date } (3 days before the drop), when it is held for this name.
tg-placed-funds-unknown = { $price } must be available on your balance 3 days before the drop, when it is held for this name.
tg-placed-short = Available now: { $available }. Please top up { $missing } before then.
tg-placed-finalizes = You can cancel until { $date } (the finalization deadline).
tg-placed-lite = Backorder Lite: regular backorders of this name come first, and Lite backorders are not invited to auctions.
tg-choose-kind = How would you like to backorder <b>{ $name }</b>?
    • <b>Backorder</b>, { $price }: first in line; if several customers backorder the name, it goes to a private auction.
    • <b>Backorder Lite</b>, { $lite }: after every regular backorder of the name; among Lite backorders the earliest wins, without an auction.
    Either way you pay only if we catch the name.
tg-button-regular = 🛒 Backorder · { $price }
tg-button-lite = 🪶 Backorder Lite · { $price }
tg-placed-toast = Backorder placed

## /mybackorders and /cancel

tg-mine-empty = You have no backorders yet. Find names with /search, or place one with <code>/backorder example.com</code>.
tg-mine-all = All
tg-mine-title = 📋 <b>Your backorders</b> · { $status }: { $total } · page { $page } of { $pages }
tg-mine-line = #{ $id } <b>{ $name }</b>{ $kind ->
        [lite] {" "}· Lite
       *[regular] {""}
    } · { $status } · { $date } · { $price }
tg-details-title = 📄 <b>{ $name }</b> · backorder #{ $id }
tg-details-status = Status: { $status }
tg-details-drop = Drop: { $date }
tg-details-price = Price: { $price } (charged only if caught)
tg-details-lite = Kind: Backorder Lite (after regular backorders of the name, no auction)
tg-details-finalizes = Cancellable until { $date } (the finalization deadline)
tg-details-held = Held from your balance: { $amount }
tg-details-history = <b>History</b>
tg-details-history-line = • { $date }: { $status }
tg-details-auction = <b>Auction</b>
tg-cancel-choose = Which backorder do you want to cancel?
tg-cancel-nothing = You have no backorder that can still be cancelled.
tg-cancel-usage = Write <code>/cancel 12</code> (the backorder number) or <code>/cancel example.com</code>.
tg-cancel-no-open = You have no backorder of { $name } that can still be cancelled.
tg-cancel-not-allowed = The backorder of { $name } is { $status }: it can no longer be cancelled.
tg-cancel-confirm = Cancel your backorder of <b>{ $name }</b> (#{ $id })?
tg-cancel-confirm-held = Cancel your backorder of <b>{ $name }</b> (#{ $id })? The { $amount } held for it go back to your available balance.
tg-cancelled = ❌ Your backorder of <b>{ $name }</b> (#{ $id }) is cancelled.
tg-cancelled-released = ❌ Your backorder of <b>{ $name }</b> (#{ $id }) is cancelled; { $amount } went back to your available balance.
tg-cancelled-toast = Cancelled

## Auctions

tg-auction-title = 🔨 <b>{ $name }</b> · auction #{ $id }
tg-auction-open = Open until { $ends }.
tg-auction-closed = Ended { $ends }.
tg-auction-price = Current price: { $price } · { $bids ->
        [one] one bid
       *[other] { $bids } bids
    } · { $bidders } bidders
tg-auction-leading = ✅ You are the highest bidder.
tg-auction-behind = ⚠️ Someone else bids higher.
tg-auction-won = 🏆 You won.
tg-auction-lost = Another bidder won.
tg-auction-your-max = Your maximum: { $max }
tg-auction-next = Your next bid must be at least { $amount }.
tg-auction-not-yours = You do not take part in this auction.
tg-bid-confirm = Bid up to <b>{ $amount }</b> for <b>{ $name }</b>? That amount is held from your balance until the auction ends.
tg-bid-ask-max = Send the most you would pay for <b>{ $name }</b>, in { $currency }, e.g. <code>{ $example }</code>. You pay only as much as it takes to beat the others.
tg-bid-not-an-amount = Please send an amount like <code>75</code> or <code>75.50</code>, or any command to stop.
tg-bid-placed = ✅ Your bid is in.
tg-bid-placed-toast = Bid placed

## /balance, /prices and /topup

tg-balance-title = 💰 <b>Your account</b> (customer no. { $customer })
tg-balance-balance = Balance: { $amount }
tg-balance-held = Held for backorders: { $amount }
tg-balance-unpaid = Unpaid invoices: { $amount }
tg-balance-available = <b>Available: { $amount }</b>
tg-prices-title = 🏷 <b>Price per caught name</b> ({ $currency })
tg-prices-line = .{ $zone }: { $price }
tg-prices-none = No zones are offered yet. Please ask again later.
tg-prices-note = You pay only when we catch a name; a miss costs nothing.
tg-topup-manual = 💳 To top up, transfer the amount in { $currency } to the reseller with your customer number <b>{ $customer }</b> as the reference. The reseller adds it to your balance; /balance shows it.
tg-topup-choose = 💳 How much do you want to add (in { $currency })? Or send e.g. <code>/topup 30</code> for another amount.
tg-topup-too-much = At most { $max } per payment, please.
tg-topup-usage = Send <code>/topup</code> and an amount, e.g. <code>/topup 30</code>.
tg-topup-refused = This payment cannot be accepted. Please start again with /topup.
tg-topup-done = ✅ Thank you! { $amount } added. Available now: { $available }.
tg-topup-already = This payment of { $amount } was already added. Available now: { $available }.
tg-topup-staff = We have your payment of { $amount }, but it could not be added to your balance automatically. Our staff will add it; there is no need to pay again.
tg-invoice-title = Balance top-up
tg-invoice-description = { $amount } for your backorder balance (customer no. { $customer })
tg-invoice-label = Top-up

## /watch

tg-watch-saved = 🔔 Alert #{ $id } saved: { $filters }. { $count ->
        [0] No name matches today.
        [one] One name matches today.
       *[other] { $count } names match today.
    } After every drop-list update I send you the new names that match.
tg-watch-none = You have no alerts yet. Save a search, e.g. <code>/watch shop len&lt;=6 zone=com</code>: after every drop-list update you get the new names that match.
tg-watch-title = 🔔 <b>Your alerts</b> ({ $count })
tg-watch-line = #{ $id }: { $filters }
tg-watch-usage = Add one with <code>/watch</code> and search filters, e.g. <code>/watch shop zone=com</code>.
tg-watch-needs-filter = Give at least one filter: an alert without one would match the whole drop list.
tg-watch-no-paging = Alerts take filters only: no day, sort or page.
tg-watch-too-many = You already have { $max } alerts, the most you can have. Remove one first (/watch).
tg-watch-removed = Alert #{ $id } removed
tg-watch-gone = Alert #{ $id } was already removed

## /profile

tg-profile-intro = 👤 The registrar needs your details as the owner of every name we catch for you. I ask for them one at a time; you can stop at any point.
tg-profile-step = Step { $step } of { $steps }
tg-profile-edit-field = Send the new value.
tg-profile-title = 👤 <b>Your registrant details</b>
tg-profile-line = { $field }: { $value }
tg-profile-edit-hint = Tap a field to change it.
tg-profile-saved = ✅ Saved.
tg-profile-stopped = Stopped. Nothing was saved; /profile starts again.
tg-profile-field-firstName = First name
tg-profile-field-lastName = Last name
tg-profile-field-organization = Organization
tg-profile-field-street = Street
tg-profile-field-city = City
tg-profile-field-state = State
tg-profile-field-zip = Postcode
tg-profile-field-country = Country
tg-profile-field-phone = Phone
tg-profile-field-email = Email
tg-profile-ask-firstName = Your <b>first name</b>?
tg-profile-ask-lastName = Your <b>last name</b>?
tg-profile-ask-organization = Your <b>organization</b>, if the names are for a company (or leave it empty)?
tg-profile-ask-street = Your <b>street and house number</b>?
tg-profile-ask-city = Your <b>city</b>?
tg-profile-ask-state = Your <b>state or region</b> (or leave it empty)?
tg-profile-ask-zip = Your <b>postcode</b>?
tg-profile-ask-country = Your <b>country</b>, as a two-letter code, e.g. <code>DE</code> or <code>US</code>?
tg-profile-ask-phone = Your <b>phone number</b>: the country code, a dot, then the number, e.g. <code>+49.301234567</code>?
tg-profile-ask-email = Your <b>email address</b>?
tg-profile-invalid-firstName = That first name cannot be used: 1 to 64 characters, please.
tg-profile-invalid-lastName = That last name cannot be used: 1 to 64 characters, please.
tg-profile-invalid-organization = That organization cannot be used: at most 128 characters, please.
tg-profile-invalid-street = That street cannot be used: 1 to 255 characters, please.
tg-profile-invalid-city = That city cannot be used: 1 to 64 characters, please.
tg-profile-invalid-state = That state cannot be used: at most 64 characters, please.
tg-profile-invalid-zip = That postcode cannot be used: 1 to 16 characters, please.
tg-profile-invalid-country = That is not a country code: two letters, e.g. DE, AT, CH or US.
tg-profile-invalid-phone = That phone number cannot be used: the country code, a dot, then the number, e.g. +49.301234567 (spaces are fine).
tg-profile-invalid-email = That is not an email address.

## /language and everything else

tg-language-choose = 🌐 Which language do you want?
tg-language-set = ✅ I will speak English with you from now on.
tg-rate-limited = ⏳ That is a lot at once. Please wait { $seconds } seconds, then try again.
tg-private-only = Please write to me in a private chat: your backorders and balance are for you only.
tg-unknown-command = I do not know the command { $command }. /help lists what I can do.
tg-fallback = I did not understand that. Try <code>/search shop</code>, or pick something below.
tg-fallback-domain = Do you want to backorder <b>{ $name }</b>, or search for similar names?

## /link (a Discord account)

tg-link-code =
    🔗 Your code for Discord: <code>{ $code }</code>
    In our Discord server, type <code>/link code:{ $code }</code>. The code works once, until { $expires } ({ $minutes } minutes); a new /link replaces it.
    Keep it to yourself: whoever enters it can place backorders on your account.
tg-link-linked = A Discord account is linked already: linking another one replaces it, and /unlink in Discord removes it.
