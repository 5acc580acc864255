"""CarePoint: the register, services and subsidies of a village mutual-aid elderly care point."""

__version__ = "0.1.0"
