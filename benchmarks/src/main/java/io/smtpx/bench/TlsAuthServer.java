package io.smtpx.bench;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.PlainAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The server of the STARTTLS + AUTH run: SubEthaSMTP on 127.0.0.1 that requires STARTTLS and then AUTH PLAIN before
 * MAIL, and throws the messages away. Run in its own JVM so that its CPU is not counted as the client's.
 *
 * <p>Arguments: {@code [port=0] [portFile=file] [maxSeconds=3600]}; prints {@code port N} (and writes N to the port
 * file) once listening; stops when killed, or after {@code maxSeconds}.
 */
public final class TlsAuthServer {

    private TlsAuthServer() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Args a = Args.parse(args);
        AtomicLong received = new AtomicLong();
        SMTPServer server = SMTPServer.port(a.getInt("port", 0))
                .bindAddress(InetAddress.getByName("127.0.0.1"))
                .hostName("localhost")
                .maxConnections(256)
                .messageHandler((context, from, to, data) -> received.incrementAndGet())
                .authenticationHandlerFactory(new PlainAuthenticationHandlerFactory((user, password, context) -> {
                    if (!ClientRun.USER.equals(user) || !ClientRun.PASSWORD.equals(password)) {
                        throw new LoginFailedException();
                    }
                }))
                .enableTLS()
                .requireTLS()
                .requireAuth()
                .startTlsSocketFactory(serverContext())
                .build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            System.out.println("tls-server received " + received.get() + " messages");
        }));
        System.out.println("port " + server.getPortAllocated());
        String portFile = a.get("portFile", null);
        if (portFile != null) {
            Files.writeString(Path.of(portFile), Integer.toString(server.getPortAllocated()));
        }
        // until killed; a bound in case whoever started it is gone without stopping it
        Thread.sleep(a.getInt("maxSeconds", 3600) * 1000L);
        System.exit(0);
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsAuthServer.class.getResourceAsStream("/tls/server.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }
}
