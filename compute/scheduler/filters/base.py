"""What every host filter is, and the helpers filters share."""


class BaseHostFilter:
    """A host filter: ``host_passes`` keeps or drops one host.

    ``run_filter_once_per_request``: in a multi-create, the answer for the
    first instance stands for the others. ``RUN_ON_REBUILD``: the filter
    also checks the current host when a rebuild changes the image.
    """

    run_filter_once_per_request = False
    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec):
        raise NotImplementedError()

    def filter_all(self, hosts, spec):
        return [host for host in hosts if self.host_passes(host, spec)]


def hint_values(spec, name):
    """A scheduler hint as a list (hints are stored as a string or list)."""
    value = spec.scheduler_hints.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def hint_value(spec, name, default=None):
    """A single-valued scheduler hint: a one-item list counts as its item
    (the API stores hints as lists)."""
    value = spec.scheduler_hints.get(name, default)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return value[0]
    return value


def aggregate_metadata(host_state):
    """{key: set of values} over the host's aggregates; comma separated
    values count one by one."""
    metadata = {}
    for aggregate in host_state.aggregates:
        for key, value in aggregate.metadata.items():
            metadata.setdefault(key, set()).update(
                item.strip() for item in value.split(','))
    return metadata
