<#-- Cancellation notice, plain-text part (examples/routes/order-cancelled.camel.yaml). body.order is the order
     as it was deleted (the OldImage). Data model: see docs/kamelets.md, "Template data model". -->
<#assign order = body.order>
Pinehead Records: Your order has been cancelled

Your order has been cancelled. If you paid for it, the full amount is refunded to your original
payment method within 5 to 10 business days.

Order ID:   ${order.id}
Album:      ${order.album.title} (${order.album.year?c})
Refund:     ${order.amount?string.currency}

Did not cancel this order yourself? Reply to this e-mail and quote your order ID, and we will sort it out.

Pinehead Records
