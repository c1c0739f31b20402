package io.smartgrid.http.edge;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's {@code /error} page, which answers plain JSON or HTML, so that an error raised outside
 * the controllers is still {@code application/problem+json}, whatever the caller accepts.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = StatusProblems.sanitised(code instanceof Integer value && value >= 400 ? value : 500);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == 503) {
            answer.header(HttpHeaders.RETRY_AFTER, StatusProblems.RETRY_AFTER_SECONDS);
        }
        return answer.body(StatusProblems.json(status));
    }
}
