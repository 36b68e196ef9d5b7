<#-- Order confirmation, subject (one line). Every ${...} has its line breaks replaced by spaces (MailHeader);
     ${subject} is the route's subject (notifier.subject, NOTIFIER_SUBJECT). The translations name the order. -->
${subject}
