"""POST /os-aggregates/{aggregate_id}/images over HTTP (2.81): the images
end up in the image cache of the fake drivers of exactly the aggregate's
hosts, the conductor logs the outcomes as Nova does (cached, existing,
errors, skipped hosts), and every error path: microversion window, policy,
malformed bodies, duplicate or unknown images, unknown aggregate.

The aggregate holds two of the cloud's three hosts; the images are made
for each test, so no other module's caching is seen.
"""

import functools
import logging
import time
import uuid

import pytest
import requests

from compute import context as compute_context
from compute.virt import driver as virt_driver
from tests.functional.client import fault_message
from tests.functional.test_aggregates import Aggregates

VERSION = '2.81'
MEMBER = 'member:%s' % uuid.uuid4().hex
CONDUCTOR_LOG = 'compute.conductor.image_cache'
DONE = 'Image pre-cache operation for image(s) %s completed in '


@pytest.fixture
def aggregate(api, compute_hosts):
    """An aggregate of the first two of the cloud's hosts; its id."""
    made = Aggregates(api)
    yield made.make(hosts=compute_hosts[:2])['id']
    made.cleanup()


@pytest.fixture
def image(stack):
    """image(data=b'...'): a new public image's id, with ``data`` uploaded
    unless it is None; deleted after the test."""
    url = stack.url + '/image/v2/images'
    headers = {'X-Auth-Token': 'admin:admin'}
    made = []

    def make(data=b'\0' * 4096):
        resp = requests.post(url, headers=headers, timeout=30, json={
            'name': 'precache-' + uuid.uuid4().hex[:8], 'disk_format': 'raw',
            'container_format': 'bare', 'visibility': 'public'})
        assert resp.status_code == 201, resp.text
        image_id = resp.json()['id']
        made.append(image_id)
        if data is not None:
            resp = requests.put(
                '%s/%s/file' % (url, image_id), data=data, timeout=30,
                headers=dict(headers,
                             **{'Content-Type': 'application/octet-stream'}))
            assert resp.status_code == 204, resp.text
        return image_id
    yield make
    for image_id in made:
        requests.delete('%s/%s' % (url, image_id), headers=headers,
                        timeout=30)


@pytest.fixture
def conductor_log(caplog):
    """wait(image_ids): the conductor's log lines of the pre-cache request
    of those images, once its completion line is there."""
    caplog.set_level(logging.INFO, logger=CONDUCTOR_LOG)

    def wait(image_ids, timeout=30):
        done = DONE % ','.join(image_ids)
        deadline = time.time() + timeout
        while True:
            lines = [r.getMessage() for r in caplog.records
                     if r.name == CONDUCTOR_LOG]
            if any(line.startswith(done) for line in lines):
                return lines
            assert time.time() < deadline, lines
            time.sleep(0.05)
    return wait


def cache(api, aggregate_id, image_ids, **kwargs):
    kwargs.setdefault('version', VERSION)
    return api.post('/os-aggregates/%s/images' % aggregate_id,
                    {'cache': [{'id': image_id} for image_id in image_ids]},
                    **kwargs)


def summary(lines, image_ids):
    """The counts part of the completion line of those images."""
    done = DONE % ','.join(image_ids)
    line = next(line for line in lines if line.startswith(done))
    return line.split('; ', 1)[1]


# -- Caching ---------------------------------------------------------------

def test_images_cached_on_the_aggregate_hosts_only(api, stack, compute_hosts,
                                                   aggregate, image,
                                                   conductor_log):
    image_ids = [image(), image()]
    resp = cache(api, aggregate, image_ids)
    assert resp.status_code == 202, resp.text
    assert resp.content == b''
    lines = conductor_log(image_ids)
    assert ('Preparing to request pre-caching of image(s) %s on 2 hosts '
            'across 1 cells.' % ','.join(image_ids)) in lines
    assert summary(lines, image_ids) == (
        '4 cached, 0 existing, 0 errors, 0 unsupported, 0 skipped (down) '
        'hosts')
    inside, outside = compute_hosts[:2], compute_hosts[2]
    for host in inside:
        assert set(image_ids) <= stack.driver(host).cached_images, host
    assert not set(image_ids) & stack.driver(outside).cached_images


def test_cached_images_are_existing_the_next_time(api, aggregate, image,
                                                  conductor_log):
    first, second = image(), image()
    assert cache(api, aggregate, [first]).status_code == 202
    conductor_log([first])
    assert cache(api, aggregate, [first, second]).status_code == 202
    assert summary(conductor_log([first, second]), [first, second]) == (
        '2 cached, 2 existing, 0 errors, 0 unsupported, 0 skipped (down) '
        'hosts')


def test_image_without_data_fails_on_every_host(api, stack, compute_hosts,
                                                aggregate, image,
                                                conductor_log):
    empty = image(data=None)
    assert cache(api, aggregate, [empty]).status_code == 202
    lines = conductor_log([empty])
    assert summary(lines, [empty]) == (
        '0 cached, 0 existing, 2 errors, 0 unsupported, 0 skipped (down) '
        'hosts')
    assert ('Image pre-cache operation for image %s failed 2 times'
            % empty) in lines
    assert all(empty not in stack.driver(host).cached_images
               for host in compute_hosts)


def test_down_host_is_skipped(api, stack, compute_hosts, aggregate, image,
                              conductor_log):
    down = compute_hosts[1]
    service = api.get('/os-services', version='2.53',
                      params={'host': down, 'binary': 'nova-compute'})
    service_id = service.json()['services'][0]['id']
    resp = api.put('/os-services/' + service_id, {'forced_down': True},
                   version='2.53')
    assert resp.status_code == 200, resp.text
    try:
        image_id = image()
        assert cache(api, aggregate, [image_id]).status_code == 202
        lines = conductor_log([image_id])
    finally:
        resp = api.put('/os-services/' + service_id, {'forced_down': False},
                       version='2.53')
        assert resp.status_code == 200, resp.text
    assert ("Skipping image pre-cache request to compute '%s' because it "
            "is not up" % down) in lines
    assert summary(lines, [image_id]) == (
        '1 cached, 0 existing, 0 errors, 0 unsupported, 1 skipped (down) '
        'hosts')
    assert image_id in stack.driver(compute_hosts[0]).cached_images
    assert image_id not in stack.driver(down).cached_images


def test_agent_outcomes(stack, compute_hosts, image, monkeypatch):
    """The agent's answer per image: cached, existing, error, and
    unsupported from a driver without an image cache."""
    agent = stack.agent(compute_hosts[2])
    ctxt = compute_context.get_admin_context()
    image_id, empty = image(), image(data=None)
    assert agent.cache_images(ctxt, [image_id, empty]) == {
        image_id: 'cached', empty: 'error'}
    assert agent.cache_images(ctxt, [image_id]) == {image_id: 'existing'}
    monkeypatch.setattr(agent.driver, 'cache_image', functools.partial(
        virt_driver.ComputeDriver.cache_image, agent.driver))
    assert agent.cache_images(ctxt, [image_id]) == {image_id: 'unsupported'}


# -- Errors ----------------------------------------------------------------

def test_not_before_2_81(api, aggregate, image):
    resp = cache(api, aggregate, [image()], version='2.80')
    assert fault_message(resp, 404)


def test_administrators_only(api, aggregate, image):
    resp = cache(api, aggregate, [image()], token=MEMBER)
    assert fault_message(resp, 403) == (
        "Policy doesn't allow compute:aggregates:images to be performed.")


@pytest.mark.parametrize('body, message', [
    ({}, "'cache' is a required property"),
    ({'cache': []}, 'Invalid input for field/attribute cache.'),
    ({'cache': {'id': str(uuid.uuid4())}},
     'Invalid input for field/attribute cache.'),
    ({'cache': [{}]}, "'id' is a required property"),
    ({'cache': [{'id': 'not-a-uuid'}]},
     'Invalid input for field/attribute id.'),
    ({'cache': [{'id': str(uuid.uuid4()), 'name': 'x'}]},
     'Additional properties are not allowed'),
    ({'cache': [str(uuid.uuid4())]},
     'Invalid input for field/attribute 0.'),
    ({'cache': [{'id': str(uuid.uuid4())}], 'other': 1},
     'Additional properties are not allowed'),
], ids=['no-cache', 'empty', 'not-a-list', 'no-id', 'bad-id',
        'extra-key', 'bare-id', 'extra-top-key'])
def test_malformed_body(api, aggregate, body, message):
    resp = api.post('/os-aggregates/%s/images' % aggregate, body,
                    version=VERSION)
    assert message in fault_message(resp, 400)


def test_duplicate_images(api, aggregate, image):
    image_id = image()
    resp = cache(api, aggregate, [image_id, image_id])
    assert fault_message(resp, 400) == 'Duplicate images in request'


def test_unknown_image(api, aggregate, image):
    unknown = str(uuid.uuid4())
    resp = cache(api, aggregate, [image(), unknown])
    assert fault_message(resp, 400) == (
        'Image %s could not be found.' % unknown)


def test_unknown_aggregate(api, image):
    resp = cache(api, 999999, [image()])
    assert fault_message(resp, 404) == (
        'Aggregate 999999 could not be found.')


def test_aggregate_id_must_be_an_integer(api, image):
    resp = cache(api, 'abc', [image()])
    assert 'id' in fault_message(resp, 400)


def test_duplicates_are_checked_before_the_aggregate(api):
    image_id = str(uuid.uuid4())
    resp = cache(api, 999999, [image_id, image_id])
    assert fault_message(resp, 400) == 'Duplicate images in request'
