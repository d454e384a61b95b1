"""compute-agent: the compute agent of one hypervisor host.

The host is ``[DEFAULT] host``. The agent has no database access: it reports
through the conductor, and reaches placement as configured in
``[placement]`` (normally ``embedded = False`` and the API's endpoint).
"""

from compute.cmd import common
from compute import services_builder


def main(argv=None):
    return common.serve(services_builder.agent, argv)
