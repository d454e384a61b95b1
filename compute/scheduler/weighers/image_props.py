"""ImagePropertiesWeigher: hosts whose instances were built from images
sharing the requested image's properties weigh more: each instance adds,
per property with an equal value, 1 or the property's ratio from
``image_props_weight_setting`` (when that is set, only the properties it
names count). Off by default (``image_props_weight_multiplier`` 0)."""

from compute import conf as compute_conf
from compute.scheduler import host_manager
from compute.scheduler import utils
from compute.scheduler.weighers import base

CONF = compute_conf.CONF


class ImagePropertiesWeigher(base.BaseHostWeigher):
    multiplier_option = 'image_props_weight_multiplier'

    def __init__(self):
        self.setting = dict(utils.ratios(
            CONF.filter_scheduler.image_props_weight_setting,
            'filter_scheduler.image_props_weight_setting'))

    def _ratio(self, name):
        if not self.setting:
            return 1.0
        return self.setting.get(name, 0.0)

    def _score(self, wanted, instances):
        return sum(self._ratio(name) for props in instances
                   for name, value in wanted.items()
                   if name in props and props[name] == str(value))

    def weigh_all(self, hosts, spec):
        wanted = utils.image_properties(spec)
        if not wanted or not any(self.weight_multiplier(host)
                                 for host in hosts):
            return [0.0] * len(hosts)
        found = host_manager.instance_image_properties(
            {host.host for host in hosts})
        return [self._score(wanted, found.get(host.host, ()))
                for host in hosts]

    def weigh(self, host_state, spec):
        return self.weigh_all([host_state], spec)[0]
