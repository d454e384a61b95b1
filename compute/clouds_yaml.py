"""Writes ``$state_path/clouds.yaml`` so unmodified clients reach the cloud.

Two clouds: ``compute-all`` (the admin) and ``compute-all-demo`` (a member
of project ``demo``). They authenticate against the built-in identity
endpoint (compute.identity), whose catalog lists every service on the port
and whose tokens are the ``user:project`` tokens noauth2 expects.
"""

import os

import yaml

from compute import conf as compute_conf

CONF = compute_conf.CONF


def _cloud(url, user, project):
    return {
        'auth_type': 'password',
        'auth': {'auth_url': url + '/identity/v3', 'username': user,
                 'password': user, 'project_name': project,
                 'user_domain_name': 'Default',
                 'project_domain_name': 'Default'},
        'identity_api_version': 3,
        'region_name': 'RegionOne',
        'interface': 'public',
        # The catalog says the same; named here for readers and for
        # clients that take endpoint overrides.
        'compute_endpoint_override': url + '/v2.1',
        'placement_endpoint_override': url + '/placement',
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
