"""Sphinx configuration of the compute API reference.

The pages use the directives of os-api-ref (``rest_method``,
``rest_parameters``, ``rest_expand_all``). When os-api-ref is installed it
renders them; when it is not, ``setup()`` below registers plain stand-ins so
that ``sphinx-build -W -b html api-ref/source <out>`` still works: the
method and path as a literal line, and the parameters as a table read from
the same ``parameters.yaml``.
"""

import os

from docutils import nodes
from docutils import statemachine
from docutils.parsers.rst import Directive
import yaml

try:
    import os_api_ref  # noqa: F401
    HAVE_OS_API_REF = True
except ImportError:
    HAVE_OS_API_REF = False

project = 'compute API reference'
copyright = '2026, the compute developers'
extensions = ['os_api_ref'] if HAVE_OS_API_REF else []
html_theme = 'alabaster'
html_title = 'Compute API reference (v2.1)'


class RestExpandAll(Directive):
    """os-api-ref adds a "show/hide all" button; nothing to do here."""

    def run(self):
        return []


class RestMethod(Directive):
    """``.. rest_method:: GET /flavors`` as one literal line."""

    has_content = True

    def run(self):
        text = ' '.join(line.strip() for line in self.content)
        return [nodes.paragraph('', '', nodes.literal(text, text))]


def _version_note(param):
    notes = []
    if param.get('min_version'):
        notes.append('**New in version %s**' % param['min_version'])
    if param.get('max_version'):
        notes.append('**Available until version %s**'
                     % param['max_version'])
    return notes


class RestParameters(Directive):
    """``.. rest_parameters:: parameters.yaml`` followed by ``- name: key``
    lines, as a table of name, in, type and description."""

    required_arguments = 1
    has_content = True

    def _params(self):
        env = self.state.document.settings.env
        _, path = env.relfn2path(self.arguments[0], env.docname)
        env.note_dependency(path)
        with open(path) as stream:
            return yaml.safe_load(stream)

    def _rows(self):
        params = self._params()
        for item in yaml.safe_load('\n'.join(self.content)):
            for name, key in item.items():
                if key not in params:
                    raise self.error('no parameter %r in %s'
                                     % (key, self.arguments[0]))
                yield name, params[key]

    def _lines(self):
        yield from ('.. list-table::', '   :header-rows: 1',
                    '   :widths: 20 10 10 60', '',
                    '   * - Name', '     - In', '     - Type',
                    '     - Description')
        for name, param in self._rows():
            optional = '' if param.get('required') else ' (Optional)'
            yield '   * - %s%s' % (name, optional)
            yield '     - %s' % param['in']
            yield '     - %s' % param['type']
            first, *rest = param['description'].strip().splitlines()
            yield '     - ' + first
            for line in rest + [''] + _version_note(param):
                yield ('       ' + line) if line else ''

    def run(self):
        container = nodes.container()
        source = self.state.document.current_source or os.curdir
        self.state.nested_parse(
            statemachine.StringList(list(self._lines()), source=source),
            self.content_offset, container)
        return container.children


def setup(app):
    if not HAVE_OS_API_REF:
        app.add_directive('rest_expand_all', RestExpandAll)
        app.add_directive('rest_method', RestMethod)
        app.add_directive('rest_parameters', RestParameters)
    return {'parallel_read_safe': True}
