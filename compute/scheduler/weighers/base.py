"""What every host weigher is: a raw value per host, scaled to 0..1 over
the hosts, times a multiplier (an option that aggregates may override with
a metadata key of the same name, the lowest value winning)."""

from compute import conf as compute_conf

CONF = compute_conf.CONF


class BaseHostWeigher:
    # The [filter_scheduler] option holding the multiplier.
    multiplier_option = None
    # Fixed ends of the scale; None takes the lowest / highest raw value.
    minval = None
    maxval = None

    def weight_multiplier(self, host_state):
        default = getattr(CONF.filter_scheduler, self.multiplier_option)
        return host_state.aggregate_number(self.multiplier_option, default,
                                           cast=float)

    def weigh(self, host_state, spec):
        """The raw weight of one host."""
        raise NotImplementedError()
