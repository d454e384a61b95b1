"""Host weighers: the classes shipped, which of them run, and how hosts
are ranked.

Each weigher's raw values are scaled to 0..1 over the hosts (all 0 when
they are equal), multiplied by the weigher's multiplier for that host, and
summed; the hosts come back best first.
"""

import random

from compute import conf as compute_conf
from compute.conf import filter_scheduler as opts
from compute.scheduler import filters
from compute.scheduler.weighers import build_failure
from compute.scheduler.weighers import cpu
from compute.scheduler.weighers import cross_cell
from compute.scheduler.weighers import disk
from compute.scheduler.weighers import hypervisor_version
from compute.scheduler.weighers import image_props
from compute.scheduler.weighers import io_ops
from compute.scheduler.weighers import metrics
from compute.scheduler.weighers import num_instances
from compute.scheduler.weighers import pci
from compute.scheduler.weighers import ram
from compute.scheduler.weighers import soft_affinity
from compute.scheduler.weighers import soft_anti_affinity

CONF = compute_conf.CONF

SHIPPED = {cls.__name__: cls for cls in (
    build_failure.BuildFailureWeigher,
    cpu.CPUWeigher,
    cross_cell.CrossCellWeigher,
    disk.DiskWeigher,
    hypervisor_version.HypervisorVersionWeigher,
    image_props.ImagePropertiesWeigher,
    io_ops.IoOpsWeigher,
    metrics.MetricsWeigher,
    num_instances.NumInstancesWeigher,
    pci.PCIWeigher,
    ram.RAMWeigher,
    soft_affinity.ServerGroupSoftAffinityWeigher,
    soft_anti_affinity.ServerGroupSoftAntiAffinityWeigher,
)}


def load_weighers():
    """The weighers of ``[filter_scheduler] weight_classes``."""
    names = CONF.filter_scheduler.weight_classes
    if opts.ALL_WEIGHERS in names:
        return [cls() for cls in SHIPPED.values()]
    return filters.enabled(
        names, filters.available(names, SHIPPED, opts.ALL_WEIGHERS),
        'weigher')


def normalize(values, minval=None, maxval=None):
    """``values`` scaled to 0..1 between ``minval`` and ``maxval`` (their
    lowest / highest by default); all 0 when the range is empty."""
    low = min(values) if minval is None else minval
    high = max(values) if maxval is None else maxval
    if high == low:
        return [0.0] * len(values)
    return [(value - low) / (high - low) for value in values]


def weigh(weighers, hosts, spec):
    """[(weight, host)], heaviest first (ties keep the hosts' order)."""
    totals = [0.0] * len(hosts)
    if len(hosts) > 1:
        for weigher in weighers:
            scaled = normalize(weigher.weigh_all(hosts, spec),
                               weigher.minval, weigher.maxval)
            for i, host in enumerate(hosts):
                if scaled[i]:
                    totals[i] += weigher.weight_multiplier(host) * scaled[i]
    return sorted(zip(totals, hosts), key=lambda pair: -pair[0])


def best_first(weighers, hosts, spec):
    """The hosts in the order to try them: one picked at random among the
    ``host_subset_size`` heaviest (after shuffling the equally heaviest,
    if configured), then the rest by weight."""
    weighed = weigh(weighers, hosts, spec)
    if not weighed:
        return []
    if CONF.filter_scheduler.shuffle_best_same_weighed_hosts:
        top = [pair for pair in weighed if pair[0] == weighed[0][0]]
        random.shuffle(top)
        weighed[:len(top)] = top
    ordered = [host for _, host in weighed]
    subset = ordered[:CONF.filter_scheduler.host_subset_size]
    chosen = random.choice(subset)
    ordered.remove(chosen)
    return [chosen] + ordered
