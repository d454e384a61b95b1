"""Response body of /limits: no rate limits, absolute limits and usage.

From 2.36 the nova-network limits are gone, from 2.39 ``maxImageMeta``,
from 2.57 the personality limits.
"""

from compute.api import microversion

# (resource, name of its limit); metadata_items gives two.
_LIMITS = (
    ('instances', 'maxTotalInstances'),
    ('cores', 'maxTotalCores'),
    ('ram', 'maxTotalRAMSize'),
    ('key_pairs', 'maxTotalKeypairs'),
    ('metadata_items', 'maxServerMeta'),
    ('metadata_items', 'maxImageMeta'),
    ('injected_files', 'maxPersonality'),
    ('injected_file_content_bytes', 'maxPersonalitySize'),
    ('server_groups', 'maxServerGroups'),
    ('server_group_members', 'maxServerGroupMembers'),
    ('floating_ips', 'maxTotalFloatingIps'),
    ('security_groups', 'maxSecurityGroups'),
    ('security_group_rules', 'maxSecurityGroupRules'),
)

# (resource, name of its usage).
_USED = (
    ('instances', 'totalInstancesUsed'),
    ('cores', 'totalCoresUsed'),
    ('ram', 'totalRAMUsed'),
    ('server_groups', 'totalServerGroupsUsed'),
    ('floating_ips', 'totalFloatingIpsUsed'),
    ('security_groups', 'totalSecurityGroupsUsed'),
)


def _hidden(ver):
    """The resources and limit names this microversion does not show."""
    hidden = set()
    if ver >= microversion.PROXY_APIS_REMOVED:
        hidden |= {'floating_ips', 'security_groups', 'security_group_rules'}
    if ver >= microversion.IMAGE_META_LIMIT_REMOVED:
        hidden.add('maxImageMeta')
    if ver >= microversion.PERSONALITY_REMOVED:
        hidden |= {'injected_files', 'injected_file_content_bytes'}
    return hidden


def index(req, quotas):
    """``quotas`` is {resource: {'limit': n, 'in_use': n, ...}}."""
    hidden = _hidden(req.ver)
    absolute = {name: quotas[resource]['limit']
                for resource, name in _LIMITS
                if not hidden & {resource, name}}
    absolute.update((name, quotas[resource]['in_use'])
                    for resource, name in _USED if resource not in hidden)
    return {'limits': {'rate': [], 'absolute': absolute}}
