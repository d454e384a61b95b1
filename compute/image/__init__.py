"""The image service as compute sees it (``api``), and the built-in one
(``local``, served as Image API v2 by ``wsgi``)."""
