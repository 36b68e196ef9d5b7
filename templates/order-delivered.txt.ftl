<#-- Delivery follow-up, plain-text part (the Java route io.streamnotifier.examples.OrderDeliveredRoute).
     Data model: see docs/kamelets.md, "Template data model". -->
<#assign order = body.order>
Pinehead Records: Your record has arrived

Your copy of ${order.album.title} (${order.album.format}) has been delivered. We hope it sounds
as good as it did in our listening booth.

Something wrong with the pressing or the sleeve? Reply within 30 days and quote order ${order.id}:
we replace it or refund you.

Pinehead Records
