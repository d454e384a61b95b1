"""Request bodies of /servers/{id}/tags (2.26+): the whole set, and the
(absent) body of adding one tag; ``tag`` also checks the tag in the URL."""

from compute.api import validation

MAX_TAGS = 50

# A tag: 1..60 characters, neither '/' nor ','.
tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
       'pattern': '^[^,/]*$'}

update_all_body = {
    'type': 'object',
    'properties': {
        'tags': {'type': 'array', 'items': tag, 'maxItems': MAX_TAGS},
    },
    'required': ['tags'],
    'additionalProperties': False,
}

# PUT /servers/{id}/tags/{tag} takes no body.
update_body = {'type': 'null'}

UPDATE_ALL = validation.Schemas((update_all_body, '2.26', None))
UPDATE = validation.Schemas((update_body, '2.26', None))
