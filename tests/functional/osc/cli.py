"""Running the unmodified ``openstack`` client against a ``compute-all``
cloud (the ``cloud`` fixture of this package's conftest) through the
clouds.yaml it generated: as the admin (cloud ``compute-all``) or as the
demo project's member (``compute-all-demo``)."""

import json
import os
import shutil
import subprocess
import sys

BIN = os.path.dirname(sys.executable)


def tool(name):
    path = os.path.join(BIN, name)
    return path if os.path.exists(path) else shutil.which(name)


def osc(cloud, *args, name='compute-all', check=True):
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=str(
        cloud['state'] / 'clouds.yaml'), OS_CLOUD=name)
    for key in list(env):
        if key.startswith('OS_') and key not in ('OS_CLIENT_CONFIG_FILE',
                                                  'OS_CLOUD'):
            del env[key]
    cmd = [tool('openstack')] + list(args)
    result = subprocess.run(cmd, env=env, capture_output=True, text=True,
                            timeout=120)
    if check:
        assert result.returncode == 0, '%s\n%s\n%s' % (
            ' '.join(args), result.stdout, result.stderr)
    return result


def osc_json(cloud, *args, **kwargs):
    return json.loads(osc(cloud, *(args + ('-f', 'json')), **kwargs).stdout)


def demo(cloud, *args, **kwargs):
    return osc(cloud, *args, name='compute-all-demo', **kwargs)


def demo_json(cloud, *args, **kwargs):
    return osc_json(cloud, *args, name='compute-all-demo', **kwargs)
