"""Key generation and fingerprints of compute.crypto."""

import base64
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from compute import crypto

SSH_KEY = (
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6l'
    'HBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02R'
    'hIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw=='
    ' Generated-by-Nova')


def test_ssh_fingerprint_of_a_known_key():
    assert crypto.ssh_fingerprint(SSH_KEY) == \
        '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c'
    assert crypto.fingerprint(SSH_KEY, 'ssh') == \
        crypto.ssh_fingerprint(SSH_KEY + '\n')


@pytest.mark.parametrize('key', ['', 'ssh-rsa', 'garbage here',
                                 'ssh-rsa AAAA', 'ssh-foo AAAAB3NzaC1yc2E'])
def test_invalid_ssh_keys(key):
    with pytest.raises(crypto.InvalidKeypair) as err:
        crypto.ssh_fingerprint(key)
    assert err.value.code == 400
    assert err.value.format_message() == \
        'Keypair data is invalid: failed to generate fingerprint'


def test_invalid_certificate():
    with pytest.raises(crypto.InvalidKeypair) as err:
        crypto.fingerprint(SSH_KEY, 'x509')
    assert err.value.format_message().startswith(
        'Keypair data is invalid: failed to generate X509 fingerprint. '
        'Error message: ')


def test_generated_ssh_key_pair_matches():
    private_pem, public, fingerprint = crypto.generate('ssh', 'alice')
    assert private_pem.startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert public.endswith(' Generated-by-Nova')
    key = serialization.load_pem_private_key(private_pem.encode(), None)
    assert key.key_size == 2048
    derived = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    assert public.startswith(derived + ' ')
    blob = base64.b64decode(public.split()[1])
    assert fingerprint.replace(':', '') == hashlib.md5(
        blob, usedforsecurity=False).hexdigest()


def test_generated_x509_certificate():
    bundle, pem, fingerprint = crypto.generate('x509', 'alice')
    cert = x509.load_pem_x509_certificate(pem.encode())
    assert cert.subject.rfc4514_string() == 'CN=alice'
    assert cert.issuer == cert.subject
    assert fingerprint.replace(':', '') == \
        cert.fingerprint(hashes.SHA1()).hex()
    assert crypto.x509_fingerprint(pem) == fingerprint
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH in usage.value
    san = cert.extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value
    upn = san.get_values_for_type(x509.OtherName)[0]
    assert upn.value == b'\x0c\x0falice@localhost'
    key, loaded, _ = pkcs12.load_key_and_certificates(
        base64.b64decode(bundle), None)
    assert loaded == cert
    assert key.public_key() == cert.public_key()



def test_user_id_too_long_for_a_certificate():
    _, pem, _ = crypto.generate_x509_cert('\u00e9' * 32)
    assert x509.load_pem_x509_certificate(pem.encode())
    with pytest.raises(crypto.InvalidKeypair) as err:
        crypto.generate_x509_cert('x' * 65)
    assert err.value.code == 400
