"""The care point's other ledgers (台账): activities and attendance, helper pairs (结对帮扶),
health checks with the village clinic, and 一键通 emergency-call devices and calls."""
