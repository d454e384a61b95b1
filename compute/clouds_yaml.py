"""Writes ``$state_path/clouds.yaml`` so unmodified clients reach the cloud.

Two clouds: ``compute-all`` (the admin) and ``compute-all-demo`` (a member
of project ``demo``). With noauth2 the token is ``user:project`` and every
service's endpoint is given explicitly.
"""

import os

import yaml

from compute import conf as compute_conf

CONF = compute_conf.CONF


def _cloud(url, user, project):
    return {
        'auth_type': 'admin_token',
        'auth': {'token': '%s:%s' % (user, project),
                 'endpoint': url + '/v2.1'},
        'region_name': 'RegionOne',
        'compute_endpoint_override': url + '/v2.1',
        'placement_endpoint_override': url + '/placement',
        'image_endpoint_override': url + '/image',
    }


def write(url):
    path = os.path.join(CONF.state_path, 'clouds.yaml')
    doc = {'clouds': {'compute-all': _cloud(url, 'admin', 'admin'),
                      'compute-all-demo': _cloud(url, 'demo', 'demo')}}
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        yaml.safe_dump(doc, f, default_flow_style=False)
    os.replace(tmp, path)
    return path
