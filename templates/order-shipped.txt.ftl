<#-- Shipping notification, plain-text part (examples/routes/order-shipped.camel.yaml). Data model: see
     docs/kamelets.md, "Template data model". -->
<#assign order = body.order>
Pinehead Records: Your order is on its way

Good news: your record has left our shop and is on its way to you.

Order ID:   ${order.id}
Album:      ${order.album.title} (${order.album.format})
<#if order.carrier?? && order.trackingNumber??>
Tracking:   ${order.carrier} ${order.trackingNumber}
</#if>

Records travel flat and well padded; please store them upright once they arrive.
Questions? Reply to this e-mail and quote your order ID.

Pinehead Records
