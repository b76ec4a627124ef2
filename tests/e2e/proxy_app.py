"""The proxy as the end-to-end tests run it under gunicorn: the real data plane, allowed to load
the tests' own translators (modules under `tests.e2e.`) besides the ACL's.

    gunicorn -c strangler_proxy/gunicorn_conf.py tests.e2e.proxy_app:gunicorn_app
"""

import dataclasses

from strangler_proxy.data_plane import app
from strangler_proxy.data_plane.settings import ProxySettings

_from_env = ProxySettings.from_env


def _with_test_translators(cls: type[ProxySettings], env=None) -> ProxySettings:
    settings = _from_env(env)
    modules = (*settings.translator_modules, "tests.e2e.")
    return dataclasses.replace(settings, translator_modules=modules)


ProxySettings.from_env = classmethod(_with_test_translators)  # type: ignore[method-assign, assignment]
gunicorn_app = app.gunicorn_app
