<#ftl output_format="SlackMrkdwn">
<#-- Slack message for a new order (notifier-slack-sink). The output format above escapes every ${...} for Slack's
     mrkdwn (&, <, >): an album title cannot make a link or a mention. Keep it in every Slack template.
     *bold* and _italic_ are Slack formatting, written here. No personal data: the customer's address is not posted.
     Data model: see docs/kamelets.md, "Template data model". -->
<#assign order = body.order>
:cd: New order *${order.id}*: _${order.album.title}_ (${order.album.year?c}, ${order.album.format}), ${order.amount?string.currency}
