"""The gold side: documents, the gold model, the repository and its Corpus, strict file reading,
the tokenizer, spans, the validator and the catalog of coded errors.

The bottom layer: nothing here imports another newsgold subpackage.
"""
