"""Options of the [pci] group: the PCI aliases flavors request devices by
(``pci_passthrough:alias``)."""

from oslo_config import cfg

GROUP = 'pci'

opts = [
    cfg.MultiStrOpt('alias', default=[],
                    help='A PCI alias as JSON: {"name": ..., "vendor_id": '
                         '..., "product_id": ..., "device_type": "type-PCI" '
                         '| "type-PF" | "type-VF"} (or a list of them); '
                         'entries sharing a name are alternatives. '
                         'Repeat the option for more aliases.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
