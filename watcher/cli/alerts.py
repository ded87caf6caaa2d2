"""Commands for alert channels, rules and the outbox (issue 4)."""
