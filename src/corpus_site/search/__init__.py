"""Search: the tokenizer that the index and the browser share (``tokens``)."""
