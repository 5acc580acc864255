"""数据交换: the village side of the USB exchange with the township, and what both sides share."""
