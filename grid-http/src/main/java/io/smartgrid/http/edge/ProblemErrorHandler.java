package io.smartgrid.http.edge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import org.springframework.http.MediaType;

/**
 * Jetty's last-resort error page, for requests it refuses before any application code runs (a malformed request
 * line, a broken escape or a {@code %00} in the path, headers too large, or any request once a graceful shutdown has
 * begun): the same fixed problem documents as everywhere else, for every method, instead of Jetty's HTML or its JSON
 * with the parser's message.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_EXCEPTION) instanceof HttpException refused ? refused.getCode()
                : response.getStatus();
        status = StatusProblems.sanitised(status >= 400 ? status : 500);
        response.setStatus(status);
        generateCacheControl(response);
        if (status == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, StatusProblems.RETRY_AFTER_SECONDS);
        }
        if (HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        byte[] body = StatusProblems.json(status).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
