import time

import jwt
import pytest

from extracted_services.service_defaults.identity import (
    AUDIENCE,
    Identity,
    InvalidIdentity,
    issue_token,
    verify_token,
)

SECRET = "s" * 40
CUSTOMER = Identity(kind="user", subject="42", username="ada", is_staff=False)


def test_a_token_round_trips_the_identity():
    token = issue_token(CUSTOMER, issuer="strangler-proxy", secret=SECRET)
    identity = verify_token(token, secret=SECRET)
    assert identity == CUSTOMER
    assert identity.legacy_user_id == 42


def test_a_token_signed_with_another_secret_is_refused():
    token = issue_token(CUSTOMER, issuer="strangler-proxy", secret="x" * 40)
    with pytest.raises(InvalidIdentity, match="not valid"):
        verify_token(token, secret=SECRET)


def test_an_expired_token_is_refused():
    token = issue_token(CUSTOMER, issuer="strangler-proxy", secret=SECRET, ttl=-60)
    with pytest.raises(InvalidIdentity, match="expired"):
        verify_token(token, secret=SECRET)


def test_a_tampered_token_is_refused():
    token = issue_token(CUSTOMER, issuer="strangler-proxy", secret=SECRET)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE)
    claims["staff"] = True
    forged = jwt.encode(claims, "guess", algorithm="HS256")
    with pytest.raises(InvalidIdentity):
        verify_token(forged, secret=SECRET)


def test_unsigned_tokens_are_refused():
    now = int(time.time())
    claims = {"iss": "x", "aud": AUDIENCE, "iat": now, "exp": now + 60, "sub": "1", "kind": "user"}
    unsigned = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(InvalidIdentity):
        verify_token(unsigned, secret=SECRET)


def test_a_token_for_another_audience_is_refused():
    now = int(time.time())
    claims = {
        "iss": "x",
        "aud": "elsewhere",
        "iat": now,
        "exp": now + 60,
        "sub": "1",
        "kind": "user",
    }
    with pytest.raises(InvalidIdentity):
        verify_token(jwt.encode(claims, SECRET, algorithm="HS256"), secret=SECRET)
