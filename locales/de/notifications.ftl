# Benachrichtigungen (templates/<channel>/<kind>.hbs). Argumente kommen fertig formatiert: Beträge
# in der Sprache und Währung des Lesers, Zeiten als "2026-12-01 14:00 UTC", Domains in Unicode.

date-unknown = noch nicht bekannt

backorder-drop = Erwarteter Drop: { $date }
backorder-released = { $amount } stehen Ihnen wieder zur Verfügung.
backorder-placed = Backorder angelegt. Sie zahlen { $price } nur, wenn wir den Namen erwischen.
backorder-finalizes = Bestellungen und Stornierungen für diesen Namen sind bis { $date } möglich (Finalisierungsfrist).
backorder-lite = Backorder Lite: Reguläre Backorders für diesen Namen haben Vorrang, und Lite-Backorders nehmen an keiner Auktion teil.
backorder-activated = Der Drop steht bevor: { $amount } Ihres Guthabens sind jetzt für diesen Namen reserviert.
backorder-processing = Wir versuchen, diesen Namen beim Drop ({ $date }) zu erwischen. Eine Stornierung ist nicht mehr möglich.
backorder-caught = Erwischt! Der Name gehört Ihnen. Rechnung { $invoice } über { $amount } wurde aus dem reservierten Betrag bezahlt.
backorder-failed = Wir konnten diesen Namen nicht erwischen. { $reason ->
    [lost] Jemand anderes hat ihn beim Drop bekommen.
    [no-result] Der Registrar hat binnen 2 Tagen nach dem Drop kein Ergebnis geliefert.
    [not-taken] Der Registrar konnte den Antrag nicht rechtzeitig annehmen.
    [refused] Der Registrar hat den Antrag abgelehnt.
    [zone-withdrawn] In dieser Zone bieten wir keine Backorders mehr an.
    [no-funds] Der Drop ist verstrichen, ohne dass das Guthaben für die Aktivierung reichte.
    [not-sent] Der Drop ist verstrichen, bevor der Antrag gesendet werden konnte.
    [outranked] Eine andere Backorder für diesen Namen hatte Vorrang: reguläre Backorders gehen Backorder Lite vor, unter Lite-Backorders die früheste.
    [lite-withdrawn] In dieser Zone bieten wir kein Backorder Lite mehr an.
   *[other] Grund: { $text }
}
backorder-cancelled = { $by ->
    [staff] Unser Team hat diese Backorder storniert.
   *[customer] Ihre Backorder wurde wie gewünscht storniert.
}
backorder-auction-pending = Wir haben diesen Namen erwischt, aber auch andere Kunden hatten ihn bestellt: Er geht in eine private Auktion unter Ihnen, die { $ends } endet.
auction-link = Auktion: { $url }

balance-low-title = Guthaben zu niedrig
balance-low = Ihr Guthaben reicht nicht für { $count ->
    [one] eine Backorder
   *[other] { $count } Backorders
} mit baldigem Drop. Es fehlen { $missing } (verfügbar: { $available }).
balance-low-item = Preis { $price }, es fehlen { $missing }, Drop { $date }
balance-low-hint = Laden Sie Ihr Guthaben vor dem Drop auf, sonst können wir diese Namen nicht für Sie erwischen.

droptime-changed = Die Drop-Zeit hat sich von { $old } auf { $new } geändert.
droplist-delisted = Dieser Name steht nicht mehr auf der Drop-Liste: Der Inhaber hat ihn vermutlich verlängert. Ihre Backorder bleibt offen, falls er zurückkommt.

auction-opened = Die Auktion läuft bis { $ends }. Aktueller Preis: { $amount }. Ihr Höchstgebot: { $max }.
auction-leading = { $leading ->
    [true] Sie sind Höchstbietender.
   *[false] Jemand anderes bietet mehr.
}
auction-outbid = Sie wurden überboten: Der Preis liegt jetzt bei { $amount }. Die Auktion endet { $ends }.
auction-ending = Die Auktion endet bald: { $ends }. Aktueller Preis: { $amount }.
auction-won = Sie haben die Auktion für { $amount } gewonnen. Rechnung { $invoice } wurde aus dem reservierten Betrag bezahlt: Der Name gehört Ihnen.
auction-lost = Ein anderer Bieter hat die Auktion für { $amount } gewonnen. Ihr reservierter Betrag wurde freigegeben.

watch-matches = { $total ->
    [one] Ein neuer Name passt zu Ihrer Beobachtung
   *[other] { $total } neue Namen passen zu Ihrer Beobachtung
}
watch-matches-named = { $total ->
    [one] Ein neuer Name passt zu Ihrer Beobachtung „{ $name }“
   *[other] { $total } neue Namen passen zu Ihrer Beobachtung „{ $name }“
}
watch-more = … und { $count } weitere.

staff-job-failed = Job { $job } ist fehlgeschlagen
staff-registrar-error = Registrar-Fehler { $code }: { $message }
staff-registrar-gave-up = { $gaveUp ->
    [true] Aufgegeben: Die Backorder ist gescheitert, die Reservierung wurde freigegeben.
   *[false] Es wird erneut versucht.
}
staff-credit-limit = Das Reseller-Konto beim Registrar hat sein Kreditlimit erreicht: { $message }
staff-untracked-application = Der Antrag { $application } erreichte den Registrar, nachdem der Versand dieser Backorder übernommen worden war (die Backorder ist jetzt { $status }): Nichts hier verfolgt oder berechnet ihn, und der Registrar hat ihn nicht gelöscht ({ $error }). Erwischt der Registrar den Namen damit, bitte von Hand abwickeln.
staff-caught = Erwischt für Kunde #{ NUMBER($customer, useGrouping: 0) } zu { $amount }.
staff-caught-auction = Mehrere Kunden hatten ihn bestellt: Er geht in eine private Auktion.
staff-payment-not-credited = Eine { $provider }-Zahlung über { $amount } ist nicht gutgeschrieben
staff-payment-customer = Kunde #{ NUMBER($customer, useGrouping: 0) }: Der Zahlungs-Job versucht es jede Minute erneut.
staff-payment-no-customer = Sie nennt keinen unserer Kunden: Sie muss von Hand gutgeschrieben werden.
staff-payment-charge = Zahlung { $charge }, eingegangen { $received }, Ledger-Schlüssel { $key }.
staff-daily-summary = Tageszusammenfassung für { $date }
staff-daily-caught = Erwischt: { $count }
staff-daily-revenue = Umsatz: { $amount }
staff-daily-droplist = Namen auf der Drop-Liste: { $count }

community-droplist = Die Drop-Liste wurde aktualisiert: { $total } Namen.
community-droplist-day = { $date }: { $count } Namen
community-droplist-notable = Die besten Namen nach Qualitäts-Score
community-droplist-score = Score { $score }
community-rules = Eure Alarmregeln
community-rules-after-import = nach der Aktualisierung der Drop-Liste
rule-keyword = Stichwort „{ $keyword }“
rule-min-length = mindestens { $count } Zeichen
rule-max-length = höchstens { $count } Zeichen
rule-no-digits = ohne Ziffern
rule-no-hyphens = ohne Bindestriche
rule-digits-only = nur Ziffern
rule-no-idn = ohne IDN
rule-every-name = alle Namen
rule-names = { $count ->
    [one] { $count } Name
   *[other] { $count } Namen
}
rule-more = … und { $count } weitere
community-caught = Von einem unserer Kunden erwischt.
community-caught-auction = Erwischt: Es gab mehrere Besteller, daher geht er in eine private Auktion.
community-auction = Eine private Auktion für diesen Namen läuft bis { $ends }.
