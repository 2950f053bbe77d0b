"""The values core: indicators, periods and expressions, data values and their history, the
roll-up closure and the aggregates. Every figure is written through `services.datavalues_write`;
no other module writes a data-value or aggregate row."""
