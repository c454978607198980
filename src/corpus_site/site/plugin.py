"""The MkDocs plugin: a thin shell that turns MkDocs events into pipeline calls.

* ``on_pre_build``: run the pipeline (seeds → pages in docs/), log its diagnostics;
* ``on_serve``: watch the seeds, sidecars and registry so that `mkdocs serve` rebuilds;
* ``on_post_build``: index the finished site with Pagefind (once, after every language).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from ..pipeline import Paths, Pipeline, Report, watched_paths
from .search import SearchError, index_site

log = get_plugin_logger(__name__)


class CorpusSiteConfig(Config):
    seeds = c.Type(str, default="seeds")
    registry = c.Optional(c.Type(str))  # default: <seeds>/concepts.yml
    search = c.Type(bool, default=True)  # build the Pagefind indexes after the site
    fail_on_seed_errors = c.Type(bool, default=False)


class CorpusSitePlugin(BasePlugin[CorpusSiteConfig]):
    def __init__(self) -> None:
        self.pipeline: Pipeline | None = None
        self.report: Report | None = None
        self._logged: frozenset[tuple[str, str]] = frozenset()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        registry = (root / self.config.registry).resolve() if self.config.registry else None
        paths = Paths((root / self.config.seeds).resolve(), Path(config.docs_dir).resolve(), registry, config.site_url or "")
        if self.pipeline is None or self.pipeline.paths != paths:
            self.pipeline = Pipeline(paths)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.pipeline is None:
            raise PluginError("corpus-site: on_config did not run")
        try:
            report = self.pipeline.run()
        except OSError as exc:
            raise PluginError(f"corpus-site: cannot write generated pages: {exc}") from exc
        state = frozenset((seed.seed, seed.digest) for seed in report.corpus.seeds)
        if state != self._logged:  # once per change, not again for the second language's build
            self._logged = state
            for diagnostic in report.diagnostics:
                # Input errors are warnings to MkDocs, so `--strict` fails on them;
                # the loader's own doubts are information.
                level = logging.WARNING if diagnostic.severity == "error" else logging.INFO
                log.log(level, str(diagnostic))
            log.info("corpus-site summary\n" + report.summary())
        if self.config.fail_on_seed_errors and report.errors:
            raise PluginError(f"corpus-site: {len(report.errors)} seed error(s); first: {report.errors[0]}")
        self.report = report

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        if self.pipeline is not None:
            for path in watched_paths(self.pipeline.paths):
                if path.exists():
                    server.watch(str(path))
        return server

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        i18n = config.plugins.get("i18n")
        if getattr(i18n, "building", False):
            return  # inside the i18n plugin's build of another language: index once, at the end
        if not self.config.search:
            return
        site = Path(config.site_dir)
        folders = [""]
        if i18n is not None:
            folders = ["" if lang.default else lang.locale for lang in i18n.config.languages if lang.build]
        try:
            for stats in index_site(site, folders):
                log.info(f"search index: {stats.pages} pages in {stats.bundle.relative_to(site)}")
        except (SearchError, OSError) as exc:
            raise PluginError(f"corpus-site: search indexing failed: {exc}") from exc
