# Gemeinsame Wörter aller Kanäle: Backorder-Status und das Bot-Menü (Telegram setMyCommands, Hilfe).

status-REQUESTED = angefragt
status-ACTIVE = aktiv (Betrag reserviert)
status-PROCESSING = in Bearbeitung
status-PENDING-PAYMENT = Zahlung ausstehend
status-SUCCESSFUL = erfolgreich
status-FAILED = gescheitert
status-AUCTION-PENDING = in Auktion
status-AUCTION-WON = Auktion gewonnen
status-AUCTION-LOST = Auktion verloren
status-CANCELLED = storniert

command-start = Start: was dieser Bot kann
command-help = Hilfe und alle Befehle
command-search = Namen suchen, die bald frei werden
command-backorder = Einen Namen bestellen
command-mybackorders = Ihre Backorders
command-cancel = Eine Backorder stornieren
command-balance = Guthaben und Aufladen
command-prices = Preise je Zone
command-watch = Benachrichtigung bei neuen passenden Namen
command-language = Sprache ändern
command-profile = Ihre Inhaberdaten
