"""Request schemas of the flavor access actions."""

from compute.api import validation


def _tenant_action(action):
    return {
        'type': 'object',
        'properties': {
            action: {
                'type': 'object',
                'properties': {
                    # As long as flavor_projects.project_id.
                    'tenant': {'type': 'string', 'minLength': 1,
                               'maxLength': 255},
                },
                'required': ['tenant'],
                'additionalProperties': False,
            },
        },
        'required': [action],
        'additionalProperties': False,
    }


add_tenant_access_body = _tenant_action('addTenantAccess')
remove_tenant_access_body = _tenant_action('removeTenantAccess')

ADD_TENANT_ACCESS = validation.Schemas((add_tenant_access_body, '2.1', None))
REMOVE_TENANT_ACCESS = validation.Schemas(
    (remove_tenant_access_body, '2.1', None))
