"""The placement query string of GET /allocation_candidates."""

from compute.placement import allocations


def test_candidates_query():
    query = allocations._candidates_query(
        {'VCPU': 1, 'MEMORY_MB': 512}, 10, ['A', '!B'], 'rp',
        ['in:x,y', '!in:z'])
    assert query == ('resources=MEMORY_MB:512,VCPU:1&limit=10&'
                     'required=!B,A&in_tree=rp&member_of=in:x,y&'
                     'member_of=!in:z')
    assert allocations._candidates_query({'VCPU': 1}, None, (), None,
                                         ()) == 'resources=VCPU:1'
