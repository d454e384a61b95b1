"""PCI requests of a flavor: ``pci_passthrough:alias = name:count,...``
resolved through the ``[pci] alias`` option (Nova's JSON: name,
vendor_id, product_id, device_type; entries sharing a name are
alternatives)."""

import dataclasses
import json

from compute import conf as compute_conf

CONF = compute_conf.CONF

ALIAS_SPEC = 'pci_passthrough:alias'
# Alias keys and the device / pool keys they match.
_MATCHED = {'vendor_id': 'vendor_id', 'product_id': 'product_id',
            'device_type': 'dev_type'}


class InvalidPciRequest(ValueError):
    """An alias that is not defined, or a malformed alias request."""


@dataclasses.dataclass
class PciRequest:
    alias_name: str
    count: int
    # Alternatives: a device matching any of them will do.
    specs: list


def _aliases():
    """{alias name: [spec dict]} from ``[pci] alias``."""
    found = {}
    for text in CONF.pci.alias:
        entries = json.loads(text)
        for entry in entries if isinstance(entries, list) else [entries]:
            spec = {key: str(entry[name]).lower()
                    for name, key in _MATCHED.items() if name in entry}
            found.setdefault(entry['name'], []).append(spec)
    return found


def requests_from_flavor(flavor):
    """[PciRequest] of a flavor's ``pci_passthrough:alias`` ([] without
    one); InvalidPciRequest for an unknown alias or a bad count."""
    value = (flavor.get('extra_specs') or {}).get(ALIAS_SPEC)
    if not value:
        return []
    aliases = _aliases()
    requests = []
    for item in value.split(','):
        name, _, count = item.strip().partition(':')
        if name not in aliases:
            raise InvalidPciRequest('PCI alias %s is not defined' % name)
        try:
            amount = int(count or 1)
        except ValueError:
            raise InvalidPciRequest('Bad PCI request count %r' % item)
        requests.append(PciRequest(name, amount, aliases[name]))
    return requests


def matches(record, specs):
    """Whether a device or pool record matches one of the specs."""
    return any(all(str(record.get(key, '')).lower() == value
                   for key, value in spec.items()) for spec in specs)
