"""compute-manage db / api_db sync and version, run as the console script
runs it, on SQLite files in a temporary directory."""

import subprocess
import sys

from alembic import script
import pytest

from compute.db import migration

# What the installed console script does.
_MAIN = ('import sys; sys.argv[0] = "compute-manage"; '
         'from compute.cmd.manage import main; sys.exit(main())')

def _head(which):
    config = migration.alembic_config(which, 'sqlite://')
    return script.ScriptDirectory.from_config(config).get_current_head()


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / 'compute.conf'
    path.write_text(
        '[DEFAULT]\nstate_path = %s\n'
        '[database]\nconnection = sqlite:///%s\n'
        '[api_database]\nconnection = sqlite:///%s\n'
        % (tmp_path, tmp_path / 'cell.sqlite', tmp_path / 'api.sqlite'))
    return str(path)


def manage(*args):
    done = subprocess.run([sys.executable, '-c', _MAIN] + list(args),
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout.strip(), done.stderr


def version(config_file, category):
    code, out, err = manage('--config-file', config_file, category,
                            'version')
    assert code == 0, err
    return out


def test_sync_then_version(config_file):
    assert version(config_file, 'db') == 'None'
    assert version(config_file, 'api_db') == 'None'

    code, _, err = manage('--config-file', config_file, 'db', 'sync')
    assert code == 0, err
    assert version(config_file, 'db') == _head('cell')
    # The API database is another one, left alone.
    assert version(config_file, 'api_db') == 'None'

    # To a named revision; here the latest.
    code, _, err = manage('--config-file', config_file, 'api_db', 'sync',
                          _head('api'))
    assert code == 0, err
    assert version(config_file, 'api_db') == _head('api')


def test_unknown_revision_fails_with_reason(config_file):
    code, _, err = manage('--config-file', config_file, 'db', 'sync',
                          'deadbeef')
    assert code == 1
    assert "compute-manage db sync failed: Can't locate revision " \
        "identified by 'deadbeef'" in err


def test_unreachable_database_fails_with_reason(config_file, tmp_path):
    unreachable = tmp_path / 'unreachable.conf'
    unreachable.write_text('[api_database]\nconnection = '
                           'postgresql+psycopg2://nobody@127.0.0.1:1/none\n')
    code, _, err = manage('--config-file', config_file, '--config-file',
                          str(unreachable), 'api_db', 'version')
    assert code == 1
    assert 'compute-manage api_db version failed: ' in err
    assert 'Traceback' not in err


def test_missing_config_file_fails(tmp_path):
    code, _, err = manage('--config-file', str(tmp_path / 'nope.conf'),
                          'db', 'version')
    assert code == 1
    assert 'Failed to find some config files' in err


def test_missing_action_is_a_usage_error(config_file):
    code, _, err = manage('--config-file', config_file, 'db')
    assert code == 2
    assert 'usage: compute-manage db' in err
