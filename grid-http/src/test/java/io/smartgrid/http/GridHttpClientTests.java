package io.smartgrid.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import feign.Request;
import feign.RetryableException;
import okhttp3.Protocol;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.StreamResetException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GridHttpClientTests {

    @Test
    void speaksH2cByPriorKnowledgeWithEveryLimitSetAndNoRetries() throws IOException {
        GridHttpClient client = GridHttpClient.feign(Duration.ofMillis(250), Duration.ofSeconds(2), true);
        assertThat(client.okHttp().protocols()).containsExactly(Protocol.H2_PRIOR_KNOWLEDGE);
        assertThat(client.okHttp().connectTimeoutMillis()).isEqualTo(250);
        assertThat(client.okHttp().readTimeoutMillis()).isEqualTo(2000);
        assertThat(client.okHttp().writeTimeoutMillis()).isEqualTo(2000);
        assertThat(client.okHttp().callTimeoutMillis()).isEqualTo(2250);
        assertThat(client.okHttp().retryOnConnectionFailure()).isFalse();
        assertThat(client.okHttp().followRedirects()).isFalse();
        assertThat(client.okHttp().socketFactory().createSocket().getTcpNoDelay()).isTrue();

        assertThat(GridHttpClient.feign(Duration.ofMillis(250), Duration.ofSeconds(2), false).okHttp().protocols())
                .containsExactly(Protocol.HTTP_1_1);
    }

    @Test
    void neverSentIsOnlyWhatCertainlyNeverLeft() {
        assertThat(GridHttpClient.neverSent(retryable(new ConnectException("refused")))).isTrue();
        assertThat(GridHttpClient.neverSent(retryable(new SocketTimeoutException("Connect timed out")))).isTrue();
        assertThat(GridHttpClient.neverSent(retryable(new StreamResetException(ErrorCode.REFUSED_STREAM)))).isTrue();

        assertThat(GridHttpClient.neverSent(retryable(new SocketTimeoutException("Read timed out")))).isFalse();
        assertThat(GridHttpClient.neverSent(retryable(new SocketTimeoutException("timeout")))).isFalse();
        assertThat(GridHttpClient.neverSent(retryable(new InterruptedIOException("timeout")))).isFalse();
        assertThat(GridHttpClient.neverSent(retryable(new StreamResetException(ErrorCode.CANCEL)))).isFalse();
        assertThat(GridHttpClient.neverSent(retryable(new IOException("reset")))).isFalse();
    }

    private static RetryableException retryable(IOException cause) {
        Request request = Request.create(Request.HttpMethod.POST, "http://127.0.0.1:1/sessions", java.util.Map.of(),
                new byte[0], java.nio.charset.StandardCharsets.UTF_8, null);
        return new RetryableException(-1, cause.getMessage(), Request.HttpMethod.POST, cause, (Long) null, request);
    }
}
