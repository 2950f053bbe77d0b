"""Vietnamese text toolkit. Pure Python: never imports Django."""
