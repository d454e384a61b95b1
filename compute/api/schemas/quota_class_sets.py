"""Request schemas of /os-quota-class-sets: the update body per
microversion window and the (empty) query strings."""

from compute.api import validation
from compute.api.schemas import quota_sets

_set = quota_sets.resources
# 2.50 drops the nova-network quotas, 2.57 the personality ones.
_set_v250 = quota_sets.without(_set, quota_sets.NETWORK_QUOTAS)
_set_v257 = quota_sets.without(_set_v250, quota_sets.PERSONALITY_QUOTAS)

update_body = quota_sets.body('quota_class_set', _set)
update_body_v250 = quota_sets.body('quota_class_set', _set_v250)
update_body_v257 = quota_sets.body('quota_class_set', _set_v257)

UPDATE = validation.Schemas((update_body, '2.1', '2.49'),
                            (update_body_v250, '2.50', '2.56'),
                            (update_body_v257, '2.57', None))
# Neither route takes parameters: ignored until 2.102 refuses them.
QUERY = quota_sets.DEFAULTS_QUERY
