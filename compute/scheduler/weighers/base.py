"""What every host weigher is: a raw value per host, scaled to 0..1 over
the hosts, times a multiplier (an option that aggregates may override with
a metadata key of the same name, the lowest value winning)."""

from compute import conf as compute_conf

CONF = compute_conf.CONF


class BaseHostWeigher:
    # The option holding the multiplier, its group, and the aggregate
    # metadata key overriding it (the option's name by default).
    multiplier_option = None
    multiplier_group = 'filter_scheduler'
    aggregate_key = None
    # Fixed ends of the scale; None takes the lowest / highest raw value.
    minval = None
    maxval = None

    def weight_multiplier(self, host_state):
        default = getattr(getattr(CONF, self.multiplier_group),
                          self.multiplier_option)
        return host_state.aggregate_number(
            self.aggregate_key or self.multiplier_option, default,
            cast=float)

    def weigh(self, host_state, spec):
        """The raw weight of one host."""
        raise NotImplementedError()

    def weigh_all(self, hosts, spec):
        """The raw weights of the hosts, in order."""
        return [self.weigh(host, spec) for host in hosts]
