<#-- Order confirmation, plain-text part, French (see order-confirmation_fr.ftlh). No escaping: this is text. -->
<#assign order = body.order>
Pinehead Records : confirmation de commande

Merci pour votre commande ! Nous l’avons bien reçue et vous préviendrons dès son expédition.

N° de commande :   ${order.id}
<#if order.timestamp??>
Date de commande : ${order.timestamp?datetime.iso?date?string.long}
</#if>
Album :            ${order.album.title} (${order.album.year?c})
Format :           ${order.album.format}
Montant :          ${order.amount?string.@money}

Une question sur votre commande ? Répondez simplement à cet e-mail en indiquant votre
numéro de commande.

Pinehead Records
