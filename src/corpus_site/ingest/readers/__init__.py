"""Readers: one module per input form (Markdown, record collections, HTML pages, statutes).

Each has one entry point that turns a seed's decoded text into ``ParsedDoc`` records;
``form.detect_form`` picks the reader from the content, never from the file name.  The
plain-text shapes (news digests, essays, PDF text, English chapters) are read by the
modules one level up.
"""
