<#-- Order confirmation, plain-text part, German (see order-confirmation_de.ftlh). No escaping: this is text. -->
<#assign order = body.order>
Pinehead Records: Bestellbestätigung

Vielen Dank für Ihre Bestellung! Wir haben sie erhalten und melden uns, sobald sie versandt wird.

Bestellnummer: ${order.id}
<#if order.timestamp??>
Bestelldatum:  ${order.timestamp?datetime.iso?date?string.long}
</#if>
Album:         ${order.album.title} (${order.album.year?c})
Format:        ${order.album.format}
Betrag:        ${order.amount?string.@money}

Fragen zu Ihrer Bestellung? Antworten Sie einfach auf diese E-Mail und nennen Sie Ihre
Bestellnummer.

Pinehead Records
