"""The base of RPC-safe domain objects and the wire encoding.

An object is a dataclass registered under its class name with a version.
On the wire it is ``{"compute_object.name", "compute_object.version",
"compute_object.data"}``; lists and dicts are walked recursively.
"""

import dataclasses
import datetime

from oslo_utils import timeutils

_REGISTRY = {}
_NAME = 'compute_object.name'
_VERSION = 'compute_object.version'
_DATA = 'compute_object.data'
_DATETIME = 'compute_object.datetime'


def register(cls):
    """Class decorator: make a dataclass known to the wire decoder."""
    _REGISTRY[cls.__name__] = cls
    return cls


class ComputeObject:
    """Mixin for dataclasses that travel over RPC."""

    VERSION = '1.0'

    def to_dict(self):
        return {f.name: getattr(self, f.name)
                for f in dataclasses.fields(self)}


def to_wire(entity):
    if isinstance(entity, ComputeObject):
        return {_NAME: type(entity).__name__, _VERSION: entity.VERSION,
                _DATA: to_wire(entity.to_dict())}
    if isinstance(entity, datetime.datetime):
        if entity.tzinfo is not None:
            entity = entity.astimezone(datetime.timezone.utc).replace(
                tzinfo=None)
        return {_DATETIME: entity.isoformat()}
    if isinstance(entity, dict):
        return {k: to_wire(v) for k, v in entity.items()}
    if isinstance(entity, (list, tuple)):
        return [to_wire(v) for v in entity]
    return entity


def from_wire(entity):
    if isinstance(entity, dict):
        if _NAME in entity:
            cls = _REGISTRY[entity[_NAME]]
            return cls(**from_wire(entity[_DATA]))
        if _DATETIME in entity and len(entity) == 1:
            return timeutils.normalize_time(
                timeutils.parse_isotime(entity[_DATETIME]))
        return {k: from_wire(v) for k, v in entity.items()}
    if isinstance(entity, list):
        return [from_wire(v) for v in entity]
    return entity
