"""CrossCellWeigher: during a move allowed to cross cells, hosts of the
server's current cell weigh more than hosts of other cells.

This deployment has a single cell, so every host is in the server's cell
and no move crosses cells: all hosts weigh the same (0), which leaves the
ranking to the other weighers, as Nova's weigher does for a move within a
cell. ``cross_cell_move_weight_multiplier`` is accepted for parity."""

from compute.scheduler.weighers import base


class CrossCellWeigher(base.BaseHostWeigher):
    multiplier_option = 'cross_cell_move_weight_multiplier'

    def weigh(self, host_state, spec):
        return 0.0
