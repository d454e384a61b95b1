"""The Schemas container and Nova-style validation messages."""

import pytest

from compute.api import microversion as mv
from compute.api import validation
from compute import exception

OBJ = {'type': 'object', 'properties': {'name': {'type': 'string'}},
       'required': ['name'], 'additionalProperties': False}


def test_windows_select_schema():
    newer = dict(OBJ, properties={'name': {'type': 'integer'}})
    schemas = validation.Schemas((OBJ, '2.1', '2.9'), (newer, '2.10', None))
    assert schemas.for_version(mv.v('2.9')) is OBJ
    assert schemas.for_version(mv.v('2.10')) is newer
    assert schemas.for_version(mv.MAX) is newer


def test_gap_is_rejected():
    with pytest.raises(ValueError):
        validation.Schemas((OBJ, '2.1', '2.9'), (OBJ, '2.11', None))


def test_overlap_is_rejected():
    with pytest.raises(ValueError):
        validation.Schemas((OBJ, '2.1', '2.9'), (OBJ, '2.9', None))


def test_missing_additional_properties_is_rejected():
    with pytest.raises(ValueError):
        validation.Schemas(({'type': 'object'}, '2.1', None))


def test_messages():
    with pytest.raises(exception.ValidationError) as err:
        validation.validate(OBJ, {'name': 5})
    assert err.value.message == ("Invalid input for field/attribute name. "
                                 "Value: 5. 5 is not of type 'string'")
    with pytest.raises(exception.ValidationError) as err:
        validation.validate(OBJ, {'name': 'a', 'x': 1})
    assert err.value.message == ("Additional properties are not allowed "
                                 "('x' was unexpected)")
    with pytest.raises(exception.ValidationError) as err:
        validation.validate(OBJ, {})
    assert err.value.message == "'name' is a required property"


def test_uuid_format():
    schema = {'type': 'string', 'format': 'uuid'}
    validation.validate(schema, '6d9c1b34-8a39-4a4f-9c39-0dbf0f3c2f10')
    with pytest.raises(exception.ValidationError):
        validation.validate(schema, 'not-a-uuid')
