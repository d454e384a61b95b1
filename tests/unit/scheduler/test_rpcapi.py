"""The scheduler's RPC client: NoValidHost survives transports that only
send back the remote error's name and message; other errors pass."""

import oslo_messaging as messaging
import pytest

from compute.objects import request_spec
from compute.scheduler import errors
from compute.scheduler import rpcapi


class _Client:
    def __init__(self, error):
        self.error = error
        self.calls = []

    def prepare(self, **kwargs):
        self.calls.append(kwargs)
        return self

    def call(self, ctxt, method, **kwargs):
        self.calls.append((method, kwargs))
        raise self.error


def _call(monkeypatch, client):
    monkeypatch.setattr(rpcapi.rpc, 'get_client', lambda *a, **k: client)
    spec = request_spec.RequestSpec(instance_uuid='u', project_id='p',
                                    user_id='u', flavor={})
    rpcapi.SchedulerAPI().select_destinations(None, spec, ('a', 'b'))


def test_no_valid_host_rebuilt(monkeypatch):
    remote = messaging.RemoteError(
        'NoValidHost', 'No valid host was found. There are not enough '
        'hosts available.')
    with pytest.raises(errors.NoValidHost) as err:
        _call(monkeypatch, _Client(remote))
    assert err.value.format_message() == (
        'No valid host was found. There are not enough hosts available.')
    assert err.value.kwargs == {
        'reason': 'There are not enough hosts available.'}
    assert err.value.code == 500


def test_other_remote_errors_pass(monkeypatch):
    remote = messaging.RemoteError('KeyError', 'boom')
    with pytest.raises(messaging.RemoteError):
        _call(monkeypatch, _Client(remote))


def test_call_arguments(monkeypatch):
    client = _Client(KeyError('x'))
    with pytest.raises(KeyError):
        _call(monkeypatch, client)
    assert client.calls[0] == {'version': '1.1'}
    method, kwargs = client.calls[1]
    assert method == 'select_destinations'
    assert kwargs['instance_uuids'] == ['a', 'b']
    assert kwargs['return_alternates'] is True

