package io.smartgrid.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import feign.Client;
import feign.Request;
import feign.Response;
import feign.okhttp.OkHttpClient;
import okhttp3.ConnectionPool;
import okhttp3.Protocol;
import okhttp3.internal.http2.ConnectionShutdownException;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.StreamResetException;

/**
 * The client under every Feign call between the grid's services: OkHttp speaking cleartext HTTP/2 by prior knowledge
 * (h2c), so that all the calls from one service to another share one multiplexed connection. The services' Jetty
 * accepts h2c beside HTTP/1.1 on the same port. {@code grid.http.h2c=false} makes it speak HTTP/1.1 keep-alive
 * instead, for a peer that only speaks HTTP/1.1.
 *
 * <p>Every call has its limits: the connect timeout, the read timeout (the longest wait for the next bytes of the
 * answer) and, over the whole call, connect plus read. Retrying is always the caller's decision (the balancer tries
 * another substation, a client retries with its {@code Idempotency-Key}), so the client never retries by itself, not
 * even on a pooled connection found closed: a start could otherwise reach the next hop twice. Nothing a call inside
 * the grid never needs: no redirects, no proxy (internal traffic goes direct), no cookies.
 */
public final class GridHttpClient implements Client {

    /** The property that chooses the protocol between the services: h2c ({@code true}, the default) or HTTP/1.1. */
    public static final String H2C = "${grid.http.h2c:true}";

    /** Idle connections are closed before Jetty's idle timeout (30 s) would close them under a call. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    /** Idle connections kept for HTTP/1.1, as many as the pool of HttpClient 5 held before; h2c needs one per peer. */
    static final int MAX_IDLE = 400;

    private final okhttp3.OkHttpClient okHttp;
    private final Client feign;

    private GridHttpClient(okhttp3.OkHttpClient okHttp) {
        this.okHttp = okHttp;
        this.feign = new OkHttpClient(okHttp);
    }

    /** The OkHttp client with these timeouts, on h2c or HTTP/1.1. */
    public static okhttp3.OkHttpClient okHttp(Duration connectTimeout, Duration readTimeout, boolean h2c) {
        return new okhttp3.OkHttpClient.Builder()
                .protocols(h2c ? List.of(Protocol.H2_PRIOR_KNOWLEDGE) : List.of(Protocol.HTTP_1_1))
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .callTimeout(connectTimeout.plus(readTimeout))
                .connectionPool(new ConnectionPool(MAX_IDLE, KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .proxy(Proxy.NO_PROXY)
                .socketFactory(NoDelaySockets.INSTANCE)
                .build();
    }

    /**
     * The Feign client over {@link #okHttp(Duration, Duration, boolean)}. Its timeouts must be those of the Feign
     * client's {@code Request.Options} (and redirects off there too): Feign would otherwise derive a second OkHttp
     * client for every call.
     */
    public static GridHttpClient feign(Duration connectTimeout, Duration readTimeout, boolean h2c) {
        return new GridHttpClient(okHttp(connectTimeout, readTimeout, h2c));
    }

    /**
     * Whether a failed call certainly never reached its peer, so that trying another one cannot do anything twice: no
     * connection was made (refused, unknown host, no route, or the connect timed out), or the HTTP/2 connection was
     * already shutting down before the call's stream opened, or the peer refused the stream unprocessed
     * ({@code REFUSED_STREAM}). A read timeout, a reset or a call timeout may follow a request that took effect.
     */
    public static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof ConnectionShutdownException
                    || cause instanceof StreamResetException reset && reset.errorCode == ErrorCode.REFUSED_STREAM) {
                return true;
            }
            if (cause instanceof SocketTimeoutException timeout) {
                // The JDK's socket says "Connect timed out" of a connection that never opened.
                return "Connect timed out".equalsIgnoreCase(timeout.getMessage());
            }
            if (cause instanceof InterruptedIOException) {
                // A read or call timeout: the request may have been sent.
                return false;
            }
        }
        return false;
    }

    /**
     * Sockets with {@code TCP_NODELAY}, which OkHttp does not set. HTTP/2 writes a call as several small frames
     * (headers, then data); with Nagle's algorithm on, the second waits for the peer's delayed acknowledgement of the
     * first, about 40 ms on Linux, on every hop.
     */
    static final class NoDelaySockets extends SocketFactory {

        static final NoDelaySockets INSTANCE = new NoDelaySockets();

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(null, new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(null, new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
        }

        /** A new socket, bound to {@code local} if one is given, connected to {@code remote}. */
        private Socket connected(SocketAddress local, SocketAddress remote) throws IOException {
            Socket socket = createSocket();
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        }
    }

    /** The OkHttp client underneath: its protocols and timeouts. */
    public okhttp3.OkHttpClient okHttp() {
        return okHttp;
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        return feign.execute(request, options);
    }
}
