"""The traits an agent reports on its compute nodes' resource providers.

A driver declares what it can do in ``capabilities`` (Nova's flag names,
e.g. ``supports_image_type_qcow2``); each flag it knows becomes a trait set
(True) or cleared (False) on the provider. The node's CPU architecture
gives ``HW_ARCH_<arch>``, and every provider an agent manages carries
``OWNER_NOVA``. Traits set by anyone else (operators, the services API's
``COMPUTE_STATUS_DISABLED``) are kept as they are.
"""

import json

import os_traits

_IMAGE_TYPES = ('aki', 'ami', 'ari', 'iso', 'qcow2', 'raw', 'vdi', 'vhd',
                'vhdx', 'vmdk', 'ploop')

# Driver capability flag -> the trait a host with it reports.
CAPABILITY_TRAITS = dict(
    {'supports_image_type_%s' % fmt: 'COMPUTE_IMAGE_TYPE_%s' % fmt.upper()
     for fmt in _IMAGE_TYPES},
    supports_attach_interface=os_traits.COMPUTE_NET_ATTACH_INTERFACE,
    supports_device_tagging=os_traits.COMPUTE_DEVICE_TAGGING,
    supports_tagged_attach_interface=(
        os_traits.COMPUTE_NET_ATTACH_INTERFACE_WITH_TAG),
    supports_tagged_attach_volume=os_traits.COMPUTE_VOLUME_ATTACH_WITH_TAG,
    supports_extend_volume=os_traits.COMPUTE_VOLUME_EXTEND,
    supports_multiattach=os_traits.COMPUTE_VOLUME_MULTI_ATTACH,
    supports_trusted_certs=os_traits.COMPUTE_TRUSTED_CERTS,
    supports_accelerators=os_traits.COMPUTE_ACCELERATORS,
    supports_remote_managed_ports=os_traits.COMPUTE_REMOTE_MANAGED_PORTS,
    supports_ephemeral_encryption=os_traits.COMPUTE_EPHEMERAL_ENCRYPTION,
    supports_ephemeral_encryption_luks=(
        os_traits.COMPUTE_EPHEMERAL_ENCRYPTION_LUKS),
    supports_ephemeral_encryption_plain=(
        os_traits.COMPUTE_EPHEMERAL_ENCRYPTION_PLAIN),
    supports_stateless_firmware=(
        os_traits.COMPUTE_SECURITY_STATELESS_FIRMWARE),
)


def _arch_trait(node):
    try:
        arch = json.loads(node.cpu_info or '{}').get('arch')
    except (ValueError, AttributeError):
        return None
    trait = 'HW_ARCH_%s' % str(arch).upper()
    return trait if arch and hasattr(os_traits, trait) else None


def managed_traits(driver, node):
    """{trait: whether the provider should have it} for the traits the
    agent decides on."""
    capabilities = driver.capabilities
    managed = {trait: bool(capabilities.get(flag, False))
               for flag, trait in CAPABILITY_TRAITS.items()}
    managed[os_traits.OWNER_NOVA] = True
    arch = _arch_trait(node)
    if arch:
        managed[arch] = True
    return managed


def merged(current, managed):
    """``current`` with the managed traits set or cleared."""
    return (set(current) | {t for t, on in managed.items() if on}) - {
        t for t, on in managed.items() if not on}
