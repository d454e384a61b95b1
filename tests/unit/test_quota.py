"""The quota engine against real (in-memory SQLite) API and cell tables:
limit resolution, usage counting, settable ranges and check_deltas."""

import contextlib
import types
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy import pool

from compute import context as compute_context
from compute import exception
from compute import quota
from compute.db import models_api
from compute.db import models_cell
from compute.db import quotas as quota_db


def _maker(metadata):
    engine = sa.create_engine('sqlite://', poolclass=pool.StaticPool,
                              connect_args={'check_same_thread': False})
    metadata.create_all(engine)
    return orm.sessionmaker(bind=engine, expire_on_commit=False)


@pytest.fixture
def db(monkeypatch):
    """Private API and cell databases behind compute.db.quotas; returns a
    function running a callable in a transaction of one of them."""
    makers = {'api': _maker(models_api.Base.metadata),
              'cell': _maker(models_cell.Base.metadata)}

    @contextlib.contextmanager
    def transaction(which):
        with makers[which]() as db_session, db_session.begin():
            yield db_session

    monkeypatch.setattr(quota_db, 'session', types.SimpleNamespace(
        api_session=lambda: transaction('api'),
        cell_session=lambda: transaction('cell')))
    return transaction


def _add(transaction, which, *rows):
    with transaction(which) as db_session:
        db_session.add_all(rows)


def _instance(project_id, user_id, vcpus=1, memory_mb=512, **kwargs):
    return models_cell.Instance(uuid=str(uuid.uuid4()), project_id=project_id,
                                user_id=user_id, vcpus=vcpus,
                                memory_mb=memory_mb, **kwargs)


def _context(project_id='p', user_id='u'):
    return compute_context.RequestContext(user_id=user_id,
                                          project_id=project_id,
                                          roles=['member'], overwrite=False)


def test_resources_and_config_defaults(db):
    assert quota.resource_names() == sorted([
        'cores', 'fixed_ips', 'floating_ips', 'injected_file_content_bytes',
        'injected_file_path_bytes', 'injected_files', 'instances',
        'key_pairs', 'metadata_items', 'ram', 'security_group_rules',
        'security_groups', 'server_group_members', 'server_groups'])
    defaults = quota.defaults()
    assert defaults['instances'] == 10
    assert defaults['injected_file_path_bytes'] == 255
    assert defaults['floating_ips'] == -1


def test_resolution_order(db):
    quota.set_class_limits('default', {'instances': 20, 'cores': 30,
                                       'ram': 40})
    quota.set_limits('p', {'cores': 3, 'ram': 4})
    quota.set_limits('p', {'ram': 5}, user_id='u')
    assert quota.defaults()['instances'] == 20
    project = quota.project_limits('p')
    assert (project['instances'], project['cores'], project['ram'],
            project['key_pairs']) == (20, 3, 4, 100)
    user = quota.user_limits('p', 'u')
    assert (user['instances'], user['cores'], user['ram']) == (20, 3, 5)
    assert quota.limits_for('p', 'u') == user
    assert quota.limits_for('p') == project
    # Other quota classes start from the configuration, not 'default'.
    assert quota.class_limits('gold')['instances'] == 10


def test_set_limits_updates_in_place(db):
    quota.set_limits('p', {'cores': 3})
    quota.set_limits('p', {'cores': 4, 'ram': 1})
    assert quota_db.get_project_limits('p') == {'cores': 4, 'ram': 1}
    quota.set_class_limits('c', {'cores': 1})
    quota.set_class_limits('c', {'cores': 2})
    assert quota_db.get_class_limits('c') == {'cores': 2}


def test_network_limits_of_a_user_belong_to_the_project(db):
    quota.set_limits('p', {'floating_ips': 3, 'cores': 2}, user_id='u')
    assert quota_db.get_project_limits('p') == {'floating_ips': 3}
    assert quota_db.get_user_limits('p', 'u') == {'cores': 2}


def test_reset_limits(db):
    quota.set_limits('p', {'cores': 3})
    quota.set_limits('p', {'cores': 2}, user_id='u1')
    quota.set_limits('p', {'cores': 1}, user_id='u2')
    quota.reset_limits('p', user_id='u1')
    assert quota_db.get_user_limits('p', 'u1') == {}
    assert quota_db.get_user_limits('p', 'u2') == {'cores': 1}
    quota.reset_limits('p')
    assert quota_db.get_project_limits('p') == {}
    assert quota_db.get_user_limits('p', 'u2') == {}


def test_usage_counts_only_live_visible_servers(db):
    _add(db, 'cell',
         _instance('p', 'u', vcpus=2, memory_mb=1024),
         _instance('p', 'u', vcpus=1, memory_mb=512, vm_state='active'),
         _instance('p', 'v', vcpus=4, memory_mb=2048),
         _instance('p', 'u', deleted=7),
         _instance('p', 'u', vm_state='soft-delete'),
         _instance('p', 'u', hidden=True),
         _instance('q', 'u'))
    _add(db, 'api',
         models_api.InstanceGroup(uuid=str(uuid.uuid4()), project_id='p',
                                  user_id='u'),
         models_api.InstanceGroup(uuid=str(uuid.uuid4()), project_id='p',
                                  user_id='v'),
         models_api.KeyPair(name='k', user_id='u', public_key='x',
                            fingerprint='f'))
    project = quota.usages('p')
    assert (project['instances'], project['cores'], project['ram'],
            project['server_groups']) == (3, 7, 3584, 2)
    user = quota.usages('p', 'u')
    assert (user['instances'], user['cores'], user['ram'],
            user['server_groups']) == (2, 3, 1536, 1)
    # Per-user resources are not reported, as in Nova.
    assert user['key_pairs'] == 0 and project['key_pairs'] == 0
    detail = quota.detail('p')
    assert detail['cores'] == {'limit': 20, 'in_use': 7, 'reserved': 0}


def test_settable_ranges(db):
    _add(db, 'cell', _instance('p', 'u', vcpus=4))
    quota.set_limits('p', {'cores': 10, 'instances': -1})
    quota.set_limits('p', {'cores': 3}, user_id='u')
    quota.set_limits('p', {'cores': 5}, user_id='v')
    project = quota.settable_ranges('p')
    # At least the users' limits (8) and what is in use (4).
    assert project['cores'] == (8, -1)
    assert project['instances'] == (1, -1)
    user = quota.settable_ranges('p', 'u')
    # 10 - (3 + 5) left, plus the user's own 3.
    assert user['cores'] == (4, 5)
    assert user['instances'] == (1, -1)
    assert quota.settable_ranges('p', 'w')['cores'] == (0, 2)


def test_check_deltas_project_and_user_limits(db):
    _add(db, 'cell', _instance('p', 'u', vcpus=2), _instance('p', 'v'))
    ctx = _context()
    quota.set_limits('p', {'instances': 3, 'cores': 4})
    quota.check_deltas(ctx, 'p', 'u', {'instances': 1, 'cores': 1})
    with pytest.raises(quota.OverQuota) as err:
        quota.check_deltas(ctx, 'p', 'u', {'instances': 2, 'cores': 2})
    assert err.value.overs == ['cores', 'instances']
    assert err.value.quotas == {'instances': 3, 'cores': 4}
    assert err.value.usages == {'instances': 2, 'cores': 3}
    assert err.value.code == 403
    assert isinstance(err.value, exception.OverQuota)
    assert err.value.format_message() == \
        "Quota exceeded for resources: ['cores', 'instances']"
    quota.set_limits('p', {'instances': 1}, user_id='u')
    with pytest.raises(quota.OverQuota) as err:
        quota.check_deltas(ctx, None, None, {'instances': 1})
    assert err.value.quotas == {'instances': 1}
    assert err.value.usages == {'instances': 1}
    # The other user is only bound by the project.
    quota.check_deltas(ctx, 'p', 'v', {'instances': 1})


def test_check_deltas_unlimited_and_recheck(db):
    _add(db, 'cell', _instance('p', 'u'), _instance('p', 'u'))
    ctx = _context()
    quota.set_limits('p', {'instances': -1})
    quota.check_deltas(ctx, 'p', 'u', {'instances': 1000})
    quota.set_limits('p', {'instances': 2})
    quota.check_deltas(ctx, 'p', 'u', {'instances': 0})
    quota.set_limits('p', {'instances': 1})
    with pytest.raises(quota.OverQuota):
        quota.check_deltas(ctx, 'p', 'u', {'instances': 0})


def test_check_deltas_key_pairs_take_the_lower_limit(db):
    _add(db, 'api', *(models_api.KeyPair(name='k%d' % i, user_id='u',
                                         public_key='x', fingerprint='f')
                      for i in range(2)))
    ctx = _context()
    quota.set_limits('p', {'key_pairs': 3})
    quota.check_deltas(ctx, 'p', 'u', {'key_pairs': 1})
    quota.set_limits('p', {'key_pairs': 2}, user_id='u')
    with pytest.raises(quota.OverQuota) as err:
        quota.check_deltas(ctx, 'p', 'u', {'key_pairs': 1})
    assert err.value.usages == {'key_pairs': 2}


def test_check_deltas_request_sized_limits(db):
    ctx = _context()
    quota.check_deltas(ctx, 'p', 'u', {'metadata_items': 128})
    with pytest.raises(quota.OverQuota) as err:
        quota.check_deltas(ctx, 'p', 'u', {'metadata_items': 129})
    assert err.value.overs == ['metadata_items']
    assert err.value.usages == {'metadata_items': 0}


def test_check_deltas_server_group_members(db):
    group_uuid = str(uuid.uuid4())
    members = [str(uuid.uuid4()) for _ in range(3)]
    group = models_api.InstanceGroup(uuid=group_uuid, project_id='p',
                                     user_id='u')
    group.members = [models_api.InstanceGroupMember(instance_uuid=m)
                     for m in members]
    _add(db, 'api', group,
         models_api.InstanceMapping(instance_uuid=members[0],
                                    project_id='p', user_id='u'),
         models_api.InstanceMapping(instance_uuid=members[1],
                                    project_id='p', user_id='u',
                                    queued_for_delete=True),
         models_api.InstanceMapping(instance_uuid=members[2],
                                    project_id='p', user_id='v'))
    ctx = _context()
    quota.set_limits('p', {'server_group_members': 2})
    quota.check_deltas(ctx, 'p', 'u', {'server_group_members': 1},
                       group_uuid=group_uuid)
    with pytest.raises(quota.OverQuota):
        quota.check_deltas(ctx, 'p', 'u', {'server_group_members': 2},
                           group_uuid=group_uuid)


def test_check_deltas_unknown_resource(db):
    with pytest.raises(ValueError):
        quota.check_deltas(_context(), 'p', 'u', {'gpus': 1})
