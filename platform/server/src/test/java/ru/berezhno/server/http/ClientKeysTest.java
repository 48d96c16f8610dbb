package ru.berezhno.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import ru.berezhno.core.limits.SubmissionGate;

class ClientKeysTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void oneAddressOneKeyWithinAnHourAndAnotherKeyAfterTheRotation() {
        ClientKeys keys = new ClientKeys(List.of(), now::get);
        long first = keys.key("203.0.113.5", null);
        assertThat(keys.key("203.0.113.5", null)).isEqualTo(first);
        assertThat(keys.key("203.0.113.6", null)).isNotEqualTo(first);
        assertThat(first).isNotEqualTo(SubmissionGate.UNKNOWN_CLIENT);
        now.addAndGet(ClientKeys.ROTATION.toNanos() + 1);
        assertThat(keys.key("203.0.113.5", null)).as("the hash key changed: nothing lines up across hours").isNotEqualTo(first);
        assertThat(new ClientKeys(List.of(), now::get).key("203.0.113.5", null)).as("nor across restarts")
                .isNotEqualTo(keys.key("203.0.113.5", null));
    }

    @Test
    void anIpv6ClientCountsByItsNetwork() {
        ClientKeys keys = new ClientKeys(List.of(), now::get);
        assertThat(keys.key("2001:db8:1:2::10", null)).isEqualTo(keys.key("2001:db8:1:2:ffff::1", null));
        assertThat(keys.key("2001:db8:1:3::10", null)).isNotEqualTo(keys.key("2001:db8:1:2::10", null));
    }

    @Test
    void forwardedForCountsOnlyFromATrustedProxyAndOnlyUpToTheFirstAddressItDidNotAddItself() {
        ClientKeys direct = new ClientKeys(List.of(), now::get);
        assertThat(direct.key("198.51.100.7", "203.0.113.5")).as("without trusted proxies the header is ignored")
                .isEqualTo(direct.key("198.51.100.7", null));
        ClientKeys proxied = new ClientKeys(List.of("10.0.0.2"), now::get);
        long client = proxied.key("10.0.0.2", "203.0.113.5");
        assertThat(client).isNotEqualTo(proxied.key("10.0.0.2", null));
        assertThat(proxied.key("10.0.0.2", "1.2.3.4, 203.0.113.5")).as("a forged left part is not the client").isEqualTo(client);
        assertThat(proxied.key("198.51.100.7", "203.0.113.5")).as("from an untrusted peer the header is ignored")
                .isEqualTo(proxied.key("198.51.100.7", null));
        assertThat(proxied.key("10.0.0.2", "not-an-address")).as("garbage is not followed").isEqualTo(proxied.key("10.0.0.2", null));
        assertThat(proxied.key("10.0.0.2", "deadbeef")).as("no name is looked up").isEqualTo(proxied.key("10.0.0.2", null));
    }

    @Test
    void unreadablePeersShareOneKeyAndAreNeverUnlimited() {
        ClientKeys keys = new ClientKeys(List.of(), now::get);
        long unknown = keys.key((java.net.InetAddress) null, List.of());
        assertThat(unknown).isNotEqualTo(SubmissionGate.UNKNOWN_CLIENT);
        assertThat(keys.key("localhost", null)).as("a name is not looked up: it counts as unreadable").isEqualTo(unknown);
        assertThat(keys.key("203.0.113.5", null)).isNotEqualTo(unknown);
    }

    @Test
    void forwardedForIsReadAcrossLinesAndInTheFormsProxiesWrite() throws Exception {
        ClientKeys keys = new ClientKeys(List.of("10.0.0.2", "2001:db8::2"), now::get);
        java.net.InetAddress proxy = ClientKeys.address("10.0.0.2");
        long client = keys.key(proxy, List.of("203.0.113.5"));
        assertThat(keys.key(proxy, List.of("1.2.3.4", "203.0.113.5"))).as("the proxy added a line of its own").isEqualTo(client);
        assertThat(keys.key(proxy, List.of("203.0.113.5:41234"))).as("with a port").isEqualTo(client);
        long v6 = keys.key(proxy, List.of("2001:db8:5:6::1"));
        assertThat(keys.key(proxy, List.of("[2001:db8:5:6::9]:443"))).as("bracketed with a port, same /64").isEqualTo(v6);
        assertThat(keys.key(ClientKeys.address("2001:db8::2"), List.of("203.0.113.5"))).as("an IPv6 proxy").isEqualTo(client);
        assertThat(ClientKeys.hop("[2001:db8::1]")).isEqualTo(ClientKeys.address("2001:db8::1"));
        assertThat(ClientKeys.hop("unknown")).isNull();
        assertThat(ClientKeys.hop("_hidden")).isNull();
    }
}
