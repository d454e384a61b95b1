"""Bodies of the resize, confirmResize and revertResize server actions."""

resize_body = {
    'type': 'object',
    'properties': {
        'resize': {
            'type': 'object',
            'properties': {
                'flavorRef': {'type': ['string', 'integer'], 'minLength': 1},
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
            },
            'required': ['flavorRef'],
            'additionalProperties': False,
        },
    },
    'required': ['resize'],
    'additionalProperties': False,
}


def _null_action(name):
    return {'type': 'object', 'properties': {name: {'type': 'null'}},
            'required': [name], 'additionalProperties': False}


confirm_resize_body = _null_action('confirmResize')
revert_resize_body = _null_action('revertResize')
