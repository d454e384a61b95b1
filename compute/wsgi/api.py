"""The compute API as a WSGI ``application`` for uwsgi, httpd or gunicorn.

Configuration comes from the files named by the ``COMPUTE_CONFIG_FILE``
environment variable (several separated by ``:``, later ones overriding
earlier ones, as with repeated ``--config-file``), else from
/etc/compute/compute.conf when it exists.
The application (with the embedded placement under /placement when
``[placement] embedded`` is set) is built once, when the server imports
this module, after the default image and network of the built-in image
and network services are registered (as compute-api does); see
etc/compute/compute-api-uwsgi.ini.
"""

import os

from compute import all_in_one
from compute.cmd import common

CONFIG_FILE_ENV = 'COMPUTE_CONFIG_FILE'
DEFAULT_CONFIG_FILE = '/etc/compute/compute.conf'


def config_files():
    """The configuration files the application reads."""
    paths = [p for p in os.environ.get(CONFIG_FILE_ENV, '').split(
        os.pathsep) if p]
    if paths:
        return paths
    return [DEFAULT_CONFIG_FILE] if os.path.exists(DEFAULT_CONFIG_FILE) \
        else []


def init_application():
    # The server's own command line is not ours to parse.
    common.parse_args([], default_config_files=config_files())
    all_in_one.prepare_local_services()
    return all_in_one.build_api()


application = init_application()
