"""Key material for keypairs: generation and fingerprints (ssh and x509).

Generated ssh keys are RSA in OpenSSH format with the private key as a
traditional PEM; generated x509 credentials are a self-signed client
certificate whose private key comes back as a base64 PKCS#12 bundle, as Nova
hands them out. Fingerprints are MD5 of the key blob for ssh and SHA-1 of the
DER certificate for x509, both as colon-separated hex.
"""

import base64
import datetime
import hashlib

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID
from cryptography.x509.oid import ObjectIdentifier

from compute import exception

SSH = 'ssh'
X509 = 'x509'
KEY_TYPES = (SSH, X509)

_RSA_EXPONENT = 65537
_CERT_DAYS = 3650
# The longest common name (the user id) a certificate subject holds.
_MAX_COMMON_NAME = 64
# Microsoft's User Principal Name, the subjectAltName WinRM maps to a user.
_UPN_OID = ObjectIdentifier('1.3.6.1.4.1.311.20.2.3')


class InvalidKeypair(exception.Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


def _colon_hex(digest):
    return ':'.join('%02x' % byte for byte in digest)


def ssh_fingerprint(public_key):
    """The MD5 fingerprint of an OpenSSH public key line."""
    try:
        serialization.load_ssh_public_key(public_key.encode('utf-8'))
        blob = base64.b64decode(public_key.split()[1])
    except (ValueError, IndexError, UnsupportedAlgorithm) as err:
        raise InvalidKeypair(reason='failed to generate fingerprint') \
            from err
    return _colon_hex(hashlib.md5(blob, usedforsecurity=False).digest())


def x509_fingerprint(pem):
    """The SHA-1 fingerprint of a PEM certificate."""
    try:
        cert = x509.load_pem_x509_certificate(pem.encode('utf-8'))
    except (ValueError, TypeError) as err:
        raise InvalidKeypair(
            reason='failed to generate X509 fingerprint. Error message: %s'
            % err) from err
    return _colon_hex(cert.fingerprint(hashes.SHA1()))


def fingerprint(public_key, key_type):
    """The fingerprint of imported key material of ``key_type``."""
    if key_type == X509:
        return x509_fingerprint(public_key)
    return ssh_fingerprint(public_key)


def _new_rsa_key(bits):
    return rsa.generate_private_key(public_exponent=_RSA_EXPONENT,
                                    key_size=bits)


def generate_ssh_key_pair(bits=2048):
    """(private key PEM, OpenSSH public key, fingerprint) of a new RSA key."""
    key = _new_rsa_key(bits)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode('ascii')
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode('ascii')
    public = '%s Generated-by-Nova' % public
    return private_pem, public, ssh_fingerprint(public)


def _der_utf8_string(text):
    """``text`` (under 128 bytes) as a DER UTF8String, what an otherName
    UPN value holds."""
    data = text.encode('utf-8')
    return bytes([0x0c, len(data)]) + data


def generate_x509_cert(user_id, bits=2048):
    """(base64 PKCS#12 private key, certificate PEM, fingerprint) of a new
    self-signed client certificate for ``user_id``."""
    if len(user_id.encode('utf-8')) > _MAX_COMMON_NAME:
        raise InvalidKeypair(reason='a user id of more than %d bytes does '
                             'not fit an X509 certificate' % _MAX_COMMON_NAME)
    key = _new_rsa_key(bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user_id)])
    now = datetime.datetime.now(datetime.timezone.utc)
    upn = x509.OtherName(_UPN_OID, _der_utf8_string('%s@localhost' % user_id))
    cert = (x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=_CERT_DAYS))
            .add_extension(x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName([upn]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    bundle = pkcs12.serialize_key_and_certificates(
        None, key, cert, None, serialization.NoEncryption())
    pem = cert.public_bytes(serialization.Encoding.PEM).decode('ascii')
    return (base64.b64encode(bundle).decode('ascii'), pem,
            x509_fingerprint(pem))


def generate(key_type, user_id):
    """(private key, public key, fingerprint) of new material of
    ``key_type`` for ``user_id``."""
    if key_type == X509:
        return generate_x509_cert(user_id)
    return generate_ssh_key_pair()


_PASSWORD_CHARS = ('23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz')


def generate_password(length=12):
    """A random password without look-alike characters (0/O, 1/l/I)."""
    import secrets
    return ''.join(secrets.choice(_PASSWORD_CHARS) for _ in range(length))
