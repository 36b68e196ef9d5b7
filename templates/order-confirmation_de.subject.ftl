<#-- Order confirmation, subject, German (one line; values escaped as a header, see order-confirmation.subject.ftl). -->
Pinehead Records: Ihre Bestellung ${body.order.id} ist bestätigt
