<#-- Order confirmation, subject, French (one line; values escaped as a header, see order-confirmation.subject.ftl). -->
Pinehead Records : votre commande ${body.order.id} est confirmée
