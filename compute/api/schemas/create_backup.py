"""Request body of the createBackup server action."""

from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import server_metadata

create_backup_body = {
    'type': 'object',
    'properties': {
        'createBackup': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'backup_type': {'type': 'string'},
                'rotation': parameter_types.non_negative_integer,
                'metadata': server_metadata.metadata,
            },
            'required': ['name', 'backup_type', 'rotation'],
            'additionalProperties': False,
        },
    },
    'required': ['createBackup'],
    'additionalProperties': False,
}

CREATE_BACKUP = validation.Schemas((create_backup_body, '2.1', None))
