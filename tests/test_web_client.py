"""The bot's WebClient keeps its connection to Slack open between calls, and answers every other way
as slack_sdk's own client does: errors, rate limits, retries."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.error import URLError

import pytest
import trustme
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot import web_client
from bot.web_client import KeepAliveWebClient, keeping_alive
from tests.conftest import OWNER
from tests.fake_slack import FakeSlack
from tests.harness import Bot


def client_of(fake: FakeSlack) -> KeepAliveWebClient:
    return KeepAliveWebClient(token=fake.bot_token, base_url=fake.base_url, timeout=5)


def test_calls_from_one_thread_share_one_connection(fake: FakeSlack) -> None:
    client = client_of(fake)
    for n in range(5):
        assert client.chat_postMessage(channel=OWNER, text=f"message {n}")["ok"] is True
    assert fake.connections_opened == 1
    assert [m["text"] for m in fake.posted] == [f"message {n}" for n in range(5)]
    # slack_sdk's own client opens one for every call.
    stock = WebClient(token=fake.bot_token, base_url=fake.base_url)
    for n in range(3):
        stock.chat_postMessage(channel=OWNER, text=f"stock {n}")
    assert fake.connections_opened == 4


def test_each_thread_keeps_its_own_connection(fake: FakeSlack) -> None:
    client = client_of(fake)
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda n: client.chat_postMessage(channel=OWNER, text=str(n)), range(30)))
    assert all(a["ok"] for a in answers)
    assert sorted(int(m["text"]) for m in fake.posted) == list(range(30))
    assert fake.connections_opened <= 3


def test_a_connection_slack_closed_is_replaced_and_the_call_goes_once(fake: FakeSlack) -> None:
    client = client_of(fake)
    client.chat_postMessage(channel=OWNER, text="before")
    assert fake.close_connections() == 1
    assert client.chat_postMessage(channel=OWNER, text="after")["ok"] is True
    assert [m["text"] for m in fake.posted] == ["before", "after"]
    assert fake.connections_opened == 2


def test_a_connection_idle_too_long_is_not_reused(fake: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_client, "IDLE_SECONDS", 0.0)
    client = client_of(fake)
    for n in range(3):
        client.chat_postMessage(channel=OWNER, text=str(n))
    assert fake.connections_opened == 3


def test_slack_errors_rate_limits_and_5xx_answer_as_with_slack_sdk(fake: FakeSlack) -> None:
    client = client_of(fake)
    fake.fail_next("chat.postMessage", status=429, error="ratelimited", retry_after=7)
    with pytest.raises(SlackApiError) as limited:
        client.chat_postMessage(channel=OWNER, text="x")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "7"
    assert limited.value.response["error"] == "ratelimited"
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="U0NOBODY00", text="x")
    assert refused.value.response.status_code == 200
    assert refused.value.response["error"] == "channel_not_found"
    # A 5xx goes again through slack_sdk's retry handler, on the same connection.
    client.retry_handlers.append(ServerErrorRetryHandler(max_retry_count=1))
    fake.fail_next("chat.postMessage", status=503, error="service_unavailable")
    assert client.chat_postMessage(channel=OWNER, text="after a 503")["ok"] is True
    assert [m["text"] for m in fake.posted] == ["after a 503"]
    assert fake.connections_opened == 1


def test_a_refused_connection_is_a_urlerror_as_with_urllib_and_the_next_call_connects(
    fake: FakeSlack,
) -> None:
    client = KeepAliveWebClient(
        token=fake.bot_token, base_url="http://127.0.0.1:9/api/", timeout=2, retry_handlers=[]
    )
    with pytest.raises(URLError) as refused:
        client.auth_test()
    assert isinstance(refused.value.reason, ConnectionRefusedError)
    client.base_url = fake.base_url
    assert client.auth_test()["ok"] is True


def test_the_listeners_client_keeps_the_requests_token_and_settings(fake: FakeSlack) -> None:
    handler = ServerErrorRetryHandler(max_retry_count=1)
    stock = WebClient(
        token="xoxb-the-workspaces",
        base_url=fake.base_url,
        timeout=4,
        team_id="T123",
        retry_handlers=[handler],
    )
    kept = keeping_alive(stock)
    assert isinstance(kept, KeepAliveWebClient)
    assert (kept.token, kept.base_url, kept.timeout) == ("xoxb-the-workspaces", fake.base_url, 4)
    assert kept.default_params["team_id"] == "T123"
    assert kept.retry_handlers == [handler]
    assert keeping_alive(kept) is kept


def test_the_listeners_calls_to_slack_go_down_kept_connections(bot: Bot) -> None:
    """Bolt hands each request a stock client of its own; the listeners get the kept-open one, so
    a dozen commands on the app's four request threads open at most four connections (and one
    more for Bolt's own `auth.test`, made once, before any listener runs)."""
    for n in range(12):
        bot.slash(f"Acme {n}")
    assert len(bot.fake.calls_to("views.open")) == 12
    assert len(bot.fake.calls_to("auth.test")) == 1
    assert bot.fake.connections_opened <= 4 + 1


@pytest.fixture
def tls_fake() -> Iterator[tuple[FakeSlack, ssl.SSLContext]]:
    """The fake Slack over HTTPS, with a certificate for 127.0.0.1 from a test authority; the
    context given back trusts that authority."""
    authority = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server)
    trusting = ssl.create_default_context()
    authority.configure_trust(trusting)
    fake = FakeSlack().start(tls=server)
    fake.add_user(OWNER)
    try:
        yield fake, trusting
    finally:
        fake.stop()


def test_over_https_calls_share_one_verified_connection(tls_fake: tuple[FakeSlack, ssl.SSLContext]) -> None:
    fake, trusting = tls_fake
    assert fake.base_url.startswith("https://")
    client = KeepAliveWebClient(token=fake.bot_token, base_url=fake.base_url, ssl=trusting, timeout=5)
    for n in range(5):
        assert client.chat_postMessage(channel=OWNER, text=f"message {n}")["ok"] is True
    assert fake.connections_opened == 1  # one TLS handshake for five calls
    # A certificate the client has no reason to trust is refused, as urllib refuses it.
    untrusting = KeepAliveWebClient(token=fake.bot_token, base_url=fake.base_url, retry_handlers=[])
    with pytest.raises(URLError) as refused:
        untrusting.auth_test()
    assert isinstance(refused.value.reason, ssl.SSLCertVerificationError)
