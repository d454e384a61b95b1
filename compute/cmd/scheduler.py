"""compute-scheduler: the scheduler service of a scaled-out deployment."""

from compute.cmd import common
from compute import services_builder


def main(argv=None):
    return common.serve(services_builder.scheduler, argv)
