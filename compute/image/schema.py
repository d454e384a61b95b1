"""The Image API v2 schemas of an image and of an image list, and the
attribute classes the API and the store share.

The documents are what ``GET /image/v2/schemas/image[s]`` returns; the image
one also validates every image the store is asked to create or change,
whoever asks (the Image API or the compute API's image metadata). Attributes are
base (columns of the store, writable), read-only (the service sets them),
reserved (refused) or extra properties (any other name, string values).
"""

import copy

import jsonschema

from compute import exception

UUID_PATTERN = ('^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
                '-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$')
_MAX_INT = 2 ** 31 - 1

VISIBILITIES = ('public', 'private', 'shared', 'community')
DISK_FORMATS = ('ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2',
                'vdi', 'iso', 'ploop')
CONTAINER_FORMATS = ('ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker',
                     'compressed')
STATUSES = ('queued', 'saving', 'active', 'deleted')

BASE = ('id', 'name', 'visibility', 'protected', 'os_hidden', 'owner',
        'disk_format', 'container_format', 'min_ram', 'min_disk', 'tags')
READ_ONLY = ('status', 'size', 'virtual_size', 'checksum', 'os_hash_algo',
             'os_hash_value', 'created_at', 'updated_at', 'self', 'file',
             'schema', 'direct_url')
# Glance's location API is not offered: its attributes are refused too.
RESERVED = ('location', 'locations', 'deleted', 'deleted_at')


def _nullable(kind, **extra):
    return dict({'type': ['null', kind]}, **extra)


def _read_only(schema, description):
    return dict(schema, readOnly=True, description=description)


_PROPERTIES = {
    'id': {'type': 'string', 'pattern': UUID_PATTERN,
           'description': 'An identifier for the image'},
    'name': _nullable('string', maxLength=255,
                      description='Descriptive name for the image'),
    'status': _read_only({'type': 'string', 'enum': list(STATUSES)},
                         'Status of the image'),
    'visibility': {'type': 'string', 'enum': list(VISIBILITIES),
                   'description': 'Scope of image accessibility'},
    'protected': {'type': 'boolean',
                  'description': 'If true, image will not be deletable.'},
    'os_hidden': {'type': 'boolean',
                  'description': 'If true, image will not appear in default '
                                 'image list response.'},
    'owner': _nullable('string', maxLength=255,
                       description='Owner of the image'),
    'checksum': _read_only(_nullable('string', maxLength=32),
                           'md5 hash of image contents.'),
    'os_hash_algo': _read_only(_nullable('string', maxLength=64),
                               'Algorithm to calculate the os_hash_value'),
    'os_hash_value': _read_only(_nullable('string', maxLength=128),
                                'Hexdigest of the image contents using the '
                                'algorithm specified by the os_hash_algo'),
    'size': _read_only(_nullable('integer'),
                       'Size of image file in bytes'),
    'virtual_size': _read_only(_nullable('integer'),
                               'Virtual size of image in bytes'),
    'container_format': dict(
        _nullable('string', enum=[None] + list(CONTAINER_FORMATS)),
        description='Format of the container'),
    'disk_format': dict(
        _nullable('string', enum=[None] + list(DISK_FORMATS)),
        description='Format of the disk'),
    'created_at': _read_only({'type': 'string'},
                             'Date and time of image registration'),
    'updated_at': _read_only({'type': 'string'},
                             'Date and time of the last image modification'),
    'tags': {'type': 'array',
             'items': {'type': 'string', 'maxLength': 255},
             'description': 'List of strings related to the image'},
    'direct_url': _read_only({'type': 'string'},
                             'URL to access the image file kept in external '
                             'store'),
    'min_ram': {'type': 'integer', 'minimum': 0, 'maximum': _MAX_INT,
                'description': 'Amount of ram (in MB) required to boot '
                               'image.'},
    'min_disk': {'type': 'integer', 'minimum': 0, 'maximum': _MAX_INT,
                 'description': 'Amount of disk space (in GB) required to '
                                'boot image.'},
    'self': _read_only({'type': 'string'}, 'An image self url'),
    'file': _read_only({'type': 'string'}, 'An image file url'),
    'schema': _read_only({'type': 'string'}, 'An image schema url'),
    # Well-known extra properties, described for clients.
    'kernel_id': _nullable('string', pattern=UUID_PATTERN, is_base=False,
                           description='ID of image stored in Glance that '
                                       'should be used as the kernel when '
                                       'booting an AMI-style image.'),
    'ramdisk_id': _nullable('string', pattern=UUID_PATTERN, is_base=False,
                            description='ID of image stored in Glance that '
                                        'should be used as the ramdisk when '
                                        'booting an AMI-style image.'),
    'instance_uuid': {'type': 'string', 'is_base': False,
                      'description': 'Metadata which can be used to record '
                                     'which instance this image is '
                                     'associated with.'},
    'architecture': {'type': 'string', 'is_base': False,
                     'description': 'Operating system architecture'},
    'os_distro': {'type': 'string', 'is_base': False,
                  'description': 'Common name of operating system '
                                 'distribution'},
    'os_version': {'type': 'string', 'is_base': False,
                   'description': 'Operating system version as specified by '
                                  'the distributor'},
}

IMAGE = {
    'name': 'image',
    'properties': _PROPERTIES,
    'additionalProperties': {'type': 'string'},
    'links': [{'rel': 'self', 'href': '{self}'},
              {'rel': 'enclosure', 'href': '{file}'},
              {'rel': 'describedby', 'href': '{schema}'}],
}

IMAGES = {
    'name': 'images',
    'properties': {
        'images': {'type': 'array', 'items': copy.deepcopy(IMAGE)},
        'schema': {'type': 'string'},
        'first': {'type': 'string'},
        'next': {'type': 'string'},
    },
    'links': [{'rel': 'first', 'href': '{first}'},
              {'rel': 'next', 'href': '{next}'},
              {'rel': 'describedby', 'href': '{schema}'}],
}

_VALIDATOR = jsonschema.Draft4Validator(dict(IMAGE, type='object'))


def check_attribute(name):
    """Refuse a read-only or reserved attribute in a request (403)."""
    if name in READ_ONLY:
        raise exception.Forbidden("Attribute '%s' is read-only." % name)
    if name in RESERVED:
        raise exception.Forbidden("Attribute '%s' is reserved." % name)


def flatten(image):
    """An image dict of ``compute.image.api`` as the Image API shows it:
    the extra properties at the top level beside the other attributes."""
    flat = dict(image.get('properties') or {})
    flat.update((key, value) for key, value in image.items()
                if key != 'properties')
    return flat


def validate(image):
    """400 unless ``image`` (an image dict of ``compute.image.api``, whole
    or in part) fits the schema."""
    error = jsonschema.exceptions.best_match(
        _VALIDATOR.iter_errors(flatten(image)))
    if error is not None:
        raise exception.Invalid("Provided object does not match schema "
                                "'image': %s" % error.message)
