"""Guest NUMA topologies and how they fit a host's NUMA cells.

A flavor (or image) asks for a NUMA topology with ``hw:numa_nodes``,
``hw:cpu_policy=dedicated`` or ``hw:mem_page_size`` (image properties
``hw_numa_nodes``, ``hw_cpu_policy``, ``hw_mem_page_size`` when the flavor
does not say): its vCPUs and memory split evenly over that many guest
cells, or as ``hw:numa_cpus.N`` / ``hw:numa_mem.N`` say for each cell N.
Each guest cell needs its own host cell where:

- shared vCPUs fit the cell's shared CPUs times the CPU allocation ratio
  (and a guest cell has no more vCPUs than the cell has CPUs), while
  dedicated vCPUs are pinned to free dedicated CPUs of the cell;
- memory without a page size fits the cell's small-page memory times the
  RAM allocation ratio; memory with a page size takes whole free pages of
  that size (no overcommit).

The host topology travels as JSON (the compute node's ``numa_topology``):
``{"cells": [{"id", "cpuset", "pcpuset", "memory_mb", "cpu_usage",
"memory_usage", "pinned_cpus", "mempages": [{"size_kb", "total",
"used"}]}]}``. The fake driver claims with ``fit`` + ``apply`` when it
spawns a guest; the scheduler's NUMATopologyFilter asks ``fit`` and
consumes with ``apply`` during a multi-create.
"""

import dataclasses
import itertools
import json

SMALL_PAGE_KB = 4
_PAGE_UNITS = {'K': 1, 'KB': 1, 'KIB': 1, 'M': 1024, 'MB': 1024,
               'MIB': 1024, 'G': 1024 ** 2, 'GB': 1024 ** 2,
               'GIB': 1024 ** 2}


class InvalidNUMARequest(ValueError):
    """The flavor / image ask for a NUMA topology that cannot exist."""


@dataclasses.dataclass
class GuestCell:
    vcpus: int
    memory_mb: int
    dedicated: bool = False
    # 'small', 'large', 'any', or a size ('2048', '2MB', '1GB'); None: no
    # page size asked.
    pagesize: str | None = None


@dataclasses.dataclass
class CellPlacement:
    """Where one guest cell went: host cell, pages and pinned CPUs."""

    host_cell: int
    vcpus: int
    memory_mb: int
    pagesize_kb: int | None = None
    pinned_cpus: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class HostCell:
    id: int
    cpuset: list
    pcpuset: list
    memory_mb: int
    # {page size in KiB: [total pages, used pages]}
    mempages: dict
    cpu_usage: int = 0
    memory_usage: int = 0
    pinned_cpus: set = dataclasses.field(default_factory=set)

    @property
    def small_memory_mb(self):
        total, _ = self.mempages.get(SMALL_PAGE_KB, (0, 0))
        return total * SMALL_PAGE_KB // 1024

    def free_pages(self, size_kb):
        total, used = self.mempages.get(size_kb, (0, 0))
        return total - used

    def to_dict(self):
        return {'id': self.id, 'cpuset': sorted(self.cpuset),
                'pcpuset': sorted(self.pcpuset),
                'memory_mb': self.memory_mb, 'cpu_usage': self.cpu_usage,
                'memory_usage': self.memory_usage,
                'pinned_cpus': sorted(self.pinned_cpus),
                'mempages': [{'size_kb': size, 'total': total, 'used': used}
                             for size, (total, used)
                             in sorted(self.mempages.items())]}

    @classmethod
    def from_dict(cls, data):
        return cls(id=data['id'], cpuset=list(data['cpuset']),
                   pcpuset=list(data.get('pcpuset') or ()),
                   memory_mb=data['memory_mb'],
                   mempages={page['size_kb']: [page['total'], page['used']]
                             for page in data.get('mempages') or ()},
                   cpu_usage=data.get('cpu_usage', 0),
                   memory_usage=data.get('memory_usage', 0),
                   pinned_cpus=set(data.get('pinned_cpus') or ()))


def host_cell(cell_id, cpuset, pcpuset, memory_mb, hugepages):
    """A host cell without usage; ``hugepages`` is {size KiB: count}, the
    rest of the memory being small pages."""
    mempages = {int(size): [int(count), 0]
                for size, count in hugepages.items()}
    huge_kb = sum(size * total for size, (total, _) in mempages.items())
    small = (memory_mb * 1024 - huge_kb) // SMALL_PAGE_KB
    if small < 0:
        raise ValueError('NUMA cell %s has more huge pages than memory'
                         % cell_id)
    mempages[SMALL_PAGE_KB] = [small, 0]
    return HostCell(cell_id, list(cpuset), list(pcpuset), memory_mb,
                    mempages)


def topology_to_json(cells):
    return json.dumps({'cells': [cell.to_dict() for cell in cells]})


def topology_from_json(text):
    """The host cells of a node's ``numa_topology`` (None when it has
    none)."""
    if not text:
        return None
    return [HostCell.from_dict(cell) for cell in json.loads(text)['cells']]


def _requested(flavor, image_props, spec, prop):
    value = (flavor.get('extra_specs') or {}).get(spec)
    return value if value is not None else image_props.get(prop)


def parse_cpuset(text):
    """The CPU ids of a cpuset string such as '0-3,^2,6'."""
    wanted, excluded = set(), set()
    for part in str(text).split(','):
        part = part.strip()
        target = excluded if part.startswith('^') else wanted
        first, _, last = part.lstrip('^').partition('-')
        try:
            target.update(range(int(first), int(last or first) + 1))
        except ValueError:
            raise InvalidNUMARequest('Bad CPU set %r' % text)
    return wanted - excluded


def _explicit_split(flavor, image_props, count):
    """[(vcpus, memory MiB)] per cell from ``hw:numa_cpus.N`` and
    ``hw:numa_mem.N``; None when none is given."""
    cpus = [_requested(flavor, image_props, 'hw:numa_cpus.%d' % cell,
                       'hw_numa_cpus.%d' % cell) for cell in range(count)]
    mems = [_requested(flavor, image_props, 'hw:numa_mem.%d' % cell,
                       'hw_numa_mem.%d' % cell) for cell in range(count)]
    if not any(cpus + mems):
        return None
    if not all(cpus + mems):
        raise InvalidNUMARequest('CPUs and memory must be given for each '
                                 'of the %d NUMA nodes' % count)
    sets = [parse_cpuset(value) for value in cpus]
    try:
        memory = [int(value) for value in mems]
    except ValueError:
        raise InvalidNUMARequest('Bad NUMA node memory in %r' % mems)
    if sorted(cpu for cpuset in sets for cpu in cpuset) != list(
            range(flavor['vcpus'])) or sum(memory) != flavor['memory_mb']:
        raise InvalidNUMARequest('The NUMA nodes must share out exactly '
                                 'the flavor\'s vCPUs and memory')
    return [(len(cpuset), mem) for cpuset, mem in zip(sets, memory)]


def guest_cells(flavor, image_props=None):
    """The guest cells a flavor (and image) ask for; None when they ask
    for no NUMA topology. InvalidNUMARequest when the split is uneven or
    the explicit one wrong."""
    image_props = image_props or {}
    nodes = _requested(flavor, image_props, 'hw:numa_nodes', 'hw_numa_nodes')
    policy = _requested(flavor, image_props, 'hw:cpu_policy',
                        'hw_cpu_policy')
    pagesize = _requested(flavor, image_props, 'hw:mem_page_size',
                          'hw_mem_page_size')
    if nodes is None and policy != 'dedicated' and pagesize is None:
        return None
    try:
        count = int(nodes or 1)
    except ValueError:
        raise InvalidNUMARequest('hw:numa_nodes %r is not a number' % nodes)
    vcpus, memory_mb = flavor['vcpus'], flavor['memory_mb']
    if count < 1:
        raise InvalidNUMARequest('hw:numa_nodes must be at least 1')
    split = _explicit_split(flavor, image_props, count)
    if split is None:
        if vcpus % count or memory_mb % count:
            raise InvalidNUMARequest(
                '%d vCPUs and %d MiB cannot be split evenly over %d NUMA '
                'nodes' % (vcpus, memory_mb, count))
        split = [(vcpus // count, memory_mb // count)] * count
    return [GuestCell(cell_vcpus, cell_memory, policy == 'dedicated',
                      pagesize) for cell_vcpus, cell_memory in split]


def _page_kb(text):
    """A page size in KiB from '2048', '2MB', '1GB', ...; None if bad."""
    text = str(text).strip().upper()
    digits = text.rstrip('KMGIB')
    unit = text[len(digits):] or 'K'
    if not digits.isdigit() or unit not in _PAGE_UNITS:
        return None
    return int(digits) * _PAGE_UNITS[unit]


def _page_candidates(cell, pagesize):
    """Page sizes (KiB) to try for a request, best first."""
    huge = sorted((size for size in cell.mempages if size != SMALL_PAGE_KB),
                  reverse=True)
    if pagesize == 'small':
        return [SMALL_PAGE_KB]
    if pagesize == 'large':
        return huge
    if pagesize == 'any':
        return huge + [SMALL_PAGE_KB]
    size = _page_kb(pagesize)
    return [size] if size in cell.mempages else []


def _fit_pages(cell, guest):
    """The page size a guest cell with a page size gets here, or None."""
    memory_kb = guest.memory_mb * 1024
    for size in _page_candidates(cell, guest.pagesize):
        if memory_kb % size == 0 and \
                cell.free_pages(size) >= memory_kb // size:
            return size
    return None


def _fits_small_memory(cell, guest, ram_ratio):
    small = cell.small_memory_mb
    return guest.memory_mb <= small and \
        cell.memory_usage + guest.memory_mb <= small * ram_ratio


def _fit_cpus(cell, guest, cpu_ratio):
    """The CPUs pinned for a guest cell ([] when shared), or None."""
    if guest.dedicated:
        free = sorted(set(cell.pcpuset) - cell.pinned_cpus)
        return free[:guest.vcpus] if len(free) >= guest.vcpus else None
    shared = len(cell.cpuset)
    if guest.vcpus <= shared and \
            cell.cpu_usage + guest.vcpus <= shared * cpu_ratio:
        return []
    return None


def _fit_cell(cell, guest, cpu_ratio, ram_ratio):
    pagesize = None
    if guest.pagesize is not None:
        pagesize = _fit_pages(cell, guest)
        if pagesize is None:
            return None
    if pagesize in (None, SMALL_PAGE_KB) and \
            not _fits_small_memory(cell, guest, ram_ratio):
        return None
    pinned = _fit_cpus(cell, guest, cpu_ratio)
    if pinned is None:
        return None
    return CellPlacement(cell.id, guest.vcpus, guest.memory_mb, pagesize,
                         pinned)


def fit(host_cells, guests, cpu_ratio, ram_ratio):
    """[CellPlacement] per guest cell, each on its own host cell (the
    first arrangement in host cell order that fits), or None."""
    for arrangement in itertools.permutations(host_cells, len(guests)):
        placements = [_fit_cell(cell, guest, cpu_ratio, ram_ratio)
                      for cell, guest in zip(arrangement, guests)]
        if all(placement is not None for placement in placements):
            return placements
    return None


def apply(host_cells, placements):
    """Count the placements of one guest in the host cells' usage."""
    by_id = {cell.id: cell for cell in host_cells}
    for placement in placements:
        cell = by_id[placement.host_cell]
        if placement.pinned_cpus:
            cell.pinned_cpus.update(placement.pinned_cpus)
        else:
            cell.cpu_usage += placement.vcpus
        size = placement.pagesize_kb
        if size in (None, SMALL_PAGE_KB):
            cell.memory_usage += placement.memory_mb
        if size is not None:
            cell.mempages[size][1] += placement.memory_mb * 1024 // size
