# Words every edge shares: backorder statuses and the bot menu (Telegram setMyCommands, help texts).

status-REQUESTED = requested
status-ACTIVE = active (amount held)
status-PROCESSING = processing
status-PENDING-PAYMENT = pending payment
status-SUCCESSFUL = successful
status-FAILED = failed
status-AUCTION-PENDING = in auction
status-AUCTION-WON = auction won
status-AUCTION-LOST = auction lost
status-CANCELLED = cancelled

command-start = Start: what this bot does
command-help = Help and all commands
command-search = Search names that are about to drop
command-backorder = Backorder a name
command-mybackorders = Your backorders
command-cancel = Cancel a backorder
command-balance = Balance and top-up
command-prices = Prices per zone
command-watch = Get alerts for new matching names
command-language = Change the language
command-profile = Your registrant details
