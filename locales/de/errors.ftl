# Jeder DomainError-Code (src/errors.ts) in Worten: error-<code>. Argumente sind die Details des
# Fehlers (Beträge schon formatiert) und $message, der englische Text des Fehlers.

error-internal = Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es später noch einmal.
error-generic = Das hat nicht geklappt: { $message }
error-INVALID_INPUT = Das wurde nicht angenommen: { $message }
error-INVALID_DOMAIN = „{ $input }“ ist kein Domainname, den wir bestellen können: { $problem ->
    [empty] Es wurde nichts angegeben.
    [no-zone] Bitte den ganzen Namen schreiben, z. B. example.com.
    [bad-characters] Er enthält Zeichen, die ein Domainname nicht haben kann.
    [label-too-long] Ein Teil ist länger als 63 Zeichen.
    [name-too-long] Er ist länger als 253 Zeichen.
    [empty-label] Er hat einen leeren Teil (zwei Punkte hintereinander oder ein Punkt am Anfang).
    [hyphen-edge] Ein Teil beginnt oder endet mit einem Bindestrich.
   *[bad-zone] Er endet nicht auf eine gültige Zone.
}
error-NOT_FOUND = { $what ->
    [customer] Diesen Kunden gibt es nicht
    [backorder] Diese Backorder gibt es nicht
    [auction] Diese Auktion gibt es nicht
    [invoice] Diese Rechnung gibt es nicht
   *[other] Nicht gefunden
} ({ $id }).
error-ZONE_NOT_OFFERED = { $kind ->
    [lite] In dieser Zone bieten wir kein Backorder Lite an.
   *[other] In dieser Zone bieten wir keine Backorders an.
}
error-ALREADY_OPEN = Sie haben für diesen Namen schon eine offene Backorder.
error-DROP_PASSED = Die Drop-Zeit dieses Namens ist bereits vorbei.
error-FINALIZED = Zu spät: Bestellungen und Stornierungen für { $name } waren nur bis { $time } möglich (Finalisierungsfrist).
error-NOT_CANCELLABLE = Diese Backorder kann nicht mehr storniert werden: Wir versuchen bereits, den Namen zu erwischen.
error-INSUFFICIENT_FUNDS = Guthaben reicht nicht: { $needed } benötigt, { $available } verfügbar.
error-CURRENCY_MISMATCH = Dieses Konto zahlt in { $expected }, nicht in { $currency }.
error-FORBIDDEN = Das dürfen Sie leider nicht.
error-CONFLICT = Inzwischen hat sich etwas geändert. Bitte sehen Sie noch einmal nach und versuchen Sie es erneut.
error-AUCTION_CLOSED = Diese Auktion ist beendet.
error-BID_TOO_LOW = Ihr Gebot ist zu niedrig: Das niedrigste mögliche Gebot ist { $minimum }.
error-LINK_CODE_INVALID = Dieser Code ist nicht gültig: Er ist vielleicht vertippt, abgelaufen (ein Code gilt 10 Minuten) oder schon benutzt. Senden Sie /link an unseren Telegram-Bot für einen neuen.
error-ALREADY_LINKED = Dieses { $platform }-Konto ist bereits mit einem anderen Kundenkonto verknüpft. Lösen Sie es zuerst mit /unlink und verknüpfen Sie es dann neu.
error-TOO_MANY_ATTEMPTS = Zu viele falsche Codes. Bitte versuchen Sie es in { $minutes ->
    [one] einer Minute
   *[other] { $minutes } Minuten
} erneut.
error-IMPORT_FAILED = Die Drop-Liste konnte nicht importiert werden: { $message }
error-REGISTRAR_TEMPORARY = Der Registrar antwortet gerade nicht. Wir versuchen es erneut.
error-REGISTRAR_PERMANENT = Der Registrar hat die Anfrage abgelehnt: { $message }
error-DATABASE_BUSY = Wir sind gerade kurz beschäftigt (eine große Änderung wird gespeichert). Bitte versuchen Sie es in ein paar Sekunden noch einmal.
error-DATABASE_UNAVAILABLE = Wir erreichen unsere Datenbank gerade nicht. Bitte versuchen Sie es in einer Minute noch einmal.
