"""Policy defaults in code, one module per resource, with Nova's rule names.

Every module of this package with a ``list_rules()`` is a policy module;
a new resource adds its module here and it is found. ``list_rules`` feeds
the enforcer and oslopolicy-sample-generator.
"""

import importlib
import itertools
import pkgutil


def _modules():
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module('%s.%s' % (__name__, info.name))
        if hasattr(module, 'list_rules'):
            found.append(module)
    return found


def list_rules():
    return list(itertools.chain.from_iterable(
        module.list_rules() for module in _modules()))
