package io.smartgrid.http.edge;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last-resort error page, for requests it refuses before any application code runs (a {@code %00} or a
 * broken escape in the path): the same fixed problem documents as everywhere else, instead of Tomcat's HTML.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setStatus(StatusProblems.sanitised(status));
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(StatusProblems.json(StatusProblems.sanitised(status)));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ex) {
            // The connection is gone or the response committed: there is nobody left to tell.
        }
    }
}
