"""One package per external system (``github/``, ``ecosystems/``, ``github_dependents/``,
``librariesio/``), each owning its client, fetching, normalization and summary behind the small
interface in ``base.py``. ``registry.py`` lists them; nothing outside a source's folder branches
on its name."""
