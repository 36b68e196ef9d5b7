<#-- Order confirmation, plain-text part. No escaping here: this is text, not HTML.
     Data model: see docs/kamelets.md, "Template data model". -->
<#assign order = body.order>
Pinehead Records: Order Confirmation

Thank you for your order! We have received it and will let you know when it ships.

Order ID:   ${order.id}
<#if order.timestamp??>
Order date: ${order.timestamp}
</#if>
Album:      ${order.album.title} (${order.album.year?c})
Format:     ${order.album.format}
Amount:     ${order.amount?string.currency}

Questions about your order? Just reply to this e-mail and quote your order ID.

Pinehead Records
