package io.smtpx.delivery;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GreetingNameTest {

    @Test
    void isTheHostNameWhenFullyQualified() throws Exception {
        assertThat(GreetingName.of(InetAddress.getByAddress("mta.example.com", new byte[] {(byte) 192, 0, 2, 10})))
                .isEqualTo("mta.example.com");
    }

    @Test
    void isAnAddressLiteralForAnUnqualifiedName() throws Exception {
        // a container's "vm" or "3f2a9c1d": Postfix's reject_non_fqdn_helo_hostname answers it with 504 5.5.2
        assertThat(GreetingName.of(InetAddress.getByAddress("vm", new byte[] {(byte) 192, 0, 2, 10})))
                .isEqualTo("[192.0.2.10]");
        assertThat(GreetingName.of(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1})))
                .isEqualTo("[127.0.0.1]");
        assertThat(GreetingName.of(InetAddress.getByAddress("localhost.localdomain", new byte[] {127, 0, 0, 1})))
                .isEqualTo("[127.0.0.1]");
        assertThat(GreetingName.of(InetAddress.getByAddress("trailing.", new byte[] {(byte) 192, 0, 2, 10})))
                .isEqualTo("[192.0.2.10]");
    }

    @Test
    void writesIpv6LiteralsTheRfc5321Way() throws Exception {
        byte[] address = new byte[16];
        address[0] = 0x20;
        address[1] = 0x01;
        address[2] = 0x0d;
        address[3] = (byte) 0xb8;
        address[15] = 1;
        assertThat(GreetingName.of(InetAddress.getByAddress("vm", address))).isEqualTo("[IPv6:2001:db8:0:0:0:0:0:1]");
    }

    @Test
    void thisHostsNameIsQualifiedOrALiteral() {
        assertThat(GreetingName.ofThisHost()).matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+|\\[[0-9.]+\\]|\\[IPv6:[0-9a-f:]+\\]");
    }
}
