"""Conformance with os-deferred-delete: the restore and forceDelete
request samples, on a server soft-deleted with ``[DEFAULT]
reclaim_instance_interval`` set."""

import pytest

from compute import conf as compute_conf
from tests.functional.samples.test_api_samples import load

CONF = compute_conf.CONF


@pytest.fixture
def soft_delete():
    CONF.set_override('reclaim_instance_interval', 3600)
    yield
    CONF.clear_override('reclaim_instance_interval')


def _soft_deleted(api, fleet, server_id, token):
    assert api.delete('/servers/' + server_id,
                      token=token).status_code == 204
    fleet.wait(server_id, token, ('SOFT_DELETED',))


def test_restore_then_force_delete(api, fleet, soft_delete):
    server_id, token = fleet.active('deferred-delete')
    _soft_deleted(api, fleet, server_id, token)

    resp = api.post('/servers/%s/action' % server_id,
                    load('os-deferred-delete/restore-post-req.json'),
                    token=token)
    assert resp.status_code == 202, resp.text
    fleet.wait(server_id, token, ('ACTIVE',))

    _soft_deleted(api, fleet, server_id, token)
    resp = api.post('/servers/%s/action' % server_id,
                    load('os-deferred-delete/force-delete-post-req.json'),
                    token=token)
    assert resp.status_code == 202, resp.text
    fleet.wait(server_id, token, ('DELETED',))
