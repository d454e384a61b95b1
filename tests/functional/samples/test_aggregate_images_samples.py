"""Conformance of POST /os-aggregates/{aggregate_id}/images (2.81) with
Nova's API sample. The reference leaves the 2.81 os-aggregates samples out,
so Nova's published request body is written out below: sent with a real
image's id it is accepted (202, no body), and the api-ref sample has its
shape."""

import copy
import json
import os

from tests.functional.samples import shape
from tests.functional.test_aggregate_images import aggregate  # noqa: F401
from tests.functional.test_aggregate_images import image  # noqa: F401

# Nova's doc/api_samples/os-aggregates/v2.81/aggregate-images-post-req.json
V281_REQUEST = {'cache': [{'id': '70a599e0-31e7-49b7-b260-868f441e862b'}]}

API_REF_SAMPLE = os.path.join(
    os.path.dirname(__file__), '..', '..', '..', 'api-ref', 'source',
    'samples', 'aggregates', 'aggregate-images-v2.81-req.json')


def test_aggregate_images_v281(api, aggregate, image):  # noqa: F811
    body = copy.deepcopy(V281_REQUEST)
    body['cache'][0]['id'] = image()
    resp = api.post('/os-aggregates/%s/images' % aggregate, body,
                    version='2.81')
    assert resp.status_code == 202, resp.text
    assert resp.content == b''


def test_api_ref_sample_has_nova_shape():
    with open(API_REF_SAMPLE) as f:
        problems = shape.differences(V281_REQUEST, json.load(f))
    assert not problems, '\n'.join(problems)
