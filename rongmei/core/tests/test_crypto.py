"""The cipher provider: AES-256-GCM and SM4-GCM tokens with key ids, keys from settings."""

import base64

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured

from rongmei.core import crypto
from rongmei.core.masking import mask_name, mask_phone

KEY_A = base64.b64encode(bytes(range(32))).decode()
KEY_B = crypto.generate_key()


@pytest.fixture
def keys(settings):
    settings.RONGMEI_DATA_KEYS = f"a:{KEY_A}"
    settings.RONGMEI_CIPHER_PROVIDER = crypto.DEFAULT_PROVIDER
    return settings


def test_a_token_names_its_scheme_and_key_and_reads_back(keys):
    token = crypto.encrypt_text("13812341234", aad="planning.Lead.contact")

    scheme, kid, _data = token.split(":")
    assert (scheme, kid) == ("v1", "a")
    assert "13812341234" not in token
    assert crypto.decrypt_text(token, aad="planning.Lead.contact") == "13812341234"
    # A fresh nonce each time: equal values do not give equal tokens.
    assert crypto.encrypt_text("13812341234", aad="planning.Lead.contact") != token


def test_the_token_is_aes_256_gcm_over_nonce_and_ciphertext(keys):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    token = crypto.encrypt_text("线索", aad="x")
    raw = base64.urlsafe_b64decode(token.split(":")[2] + "==")

    plain = AESGCM(base64.b64decode(KEY_A)).decrypt(raw[:12], raw[12:], b"v1:a|x")
    assert plain.decode() == "线索"


def test_a_token_does_not_open_elsewhere_nor_altered(keys):
    token = crypto.encrypt_text("13812341234", aad="planning.Lead.contact")

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token, aad="exposure.ExposureCase.complainant_contact")
    altered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(altered, aad="planning.Lead.contact")
    # Its key id cannot be swapped for another's either (the header is authenticated).
    keys.RONGMEI_DATA_KEYS = f"b:{KEY_A}"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token.replace(":a:", ":b:"), aad="planning.Lead.contact")


def test_old_keys_decrypt_and_only_the_first_encrypts(keys):
    old = crypto.encrypt_text("旧", aad="x")
    keys.RONGMEI_DATA_KEYS = f"b:{KEY_B},a:{KEY_A}"
    provider = crypto.get_provider()

    assert provider.key_id == "b"
    assert provider.key_ids == ["b", "a"]
    assert crypto.decrypt_text(old, aad="x") == "旧"
    assert not provider.is_current(old)
    assert provider.is_current(crypto.encrypt_text("新", aad="x"))
    keys.RONGMEI_DATA_KEYS = f"b:{KEY_B}"
    with pytest.raises(crypto.DecryptionError, match="no key 'a'"):
        crypto.decrypt_text(old, aad="x")


def test_keys_as_a_dict_and_bad_keys_refused(settings):
    assert [k.id for k in crypto.parse_keys({"k2": KEY_B, "k1": KEY_A})] == ["k2", "k1"]
    for bad in ("nocolon", f"a:{KEY_A},a:{KEY_B}", "a:c2hvcnQ=", f"bad id:{KEY_A}"):
        with pytest.raises(ImproperlyConfigured):
            crypto.parse_keys(bad)


def test_without_keys_development_derives_one_from_the_secret_key(settings):
    settings.RONGMEI_DATA_KEYS = ""
    token = crypto.encrypt_text("x", aad="x")

    assert token.startswith("v1:dev:")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token, aad="x")


def test_the_provider_is_chosen_by_setting_and_must_be_one(keys):
    keys.RONGMEI_CIPHER_PROVIDER = "rongmei.core.crypto.Sm4GcmProvider"
    assert crypto.encrypt_text("x", aad="x").startswith("s1:a:")
    keys.RONGMEI_CIPHER_PROVIDER = "rongmei.core.masking.mask_phone"
    with pytest.raises(ImproperlyConfigured):
        crypto.get_provider()


def test_sm4_gcm_matches_the_rfc_8998_vector():
    """RFC 8998 A.1: this build's SM4-GCM is the standard one."""
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    iv = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plain = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    provider = crypto.Sm4GcmProvider([crypto.DataKey("t", bytes(32))])

    sealed = provider._seal(key, iv, plain, aad)

    assert sealed[:-16].hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert sealed[-16:].hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"
    assert provider._open(key, iv, sealed, aad) == plain
    # And the same through cryptography's own primitive, for reference.
    enc = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    enc.authenticate_additional_data(aad)
    assert enc.update(plain) + enc.finalize() + enc.tag == sealed


def test_either_scheme_opens_the_others_tokens(keys):
    aes = crypto.encrypt_text("同一条", aad="x")
    keys.RONGMEI_CIPHER_PROVIDER = "rongmei.core.crypto.Sm4GcmProvider"
    sm4 = crypto.encrypt_text("同一条", aad="x")

    assert crypto.decrypt_text(aes, aad="x") == "同一条"
    assert not crypto.get_provider().is_current(aes)
    keys.RONGMEI_CIPHER_PROVIDER = crypto.DEFAULT_PROVIDER
    assert crypto.decrypt_text(sm4, aad="x") == "同一条"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812341234", "138****1234"),
        ("电话 13812341234，微信同号", "电话 138****1234，微信同号"),
        ("0971-8123456", "0971-81***56"),
        ("zhang_wx88", "zh******88"),
        ("abc", "a**"),
        ("", ""),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_mask_name():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("") == ""
