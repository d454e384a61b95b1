"""compute-all: the whole cloud in one process on embedded defaults."""

import os

from compute.cmd import common
from compute import conf as compute_conf

CONF = compute_conf.CONF


def main(argv=None):
    # One user's all-in-one cloud lives in their home unless configured.
    CONF.set_default('state_path',
                     os.path.expanduser('~/.local/share/compute'))
    common.parse_args(argv)
    from compute import all_in_one
    cloud = all_in_one.AllInOne()
    cloud.start(serve_in_thread=False)
    cloud.serve_forever()
